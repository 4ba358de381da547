import { DateTime } from 'luxon';
import { PDFDocument } from 'pdf-lib';
import type { Texts } from '../i18n/i18n';
import type { Language } from '../i18n/language';
import type { Catalogue } from '../orders/catalogue';
import type { Order } from '../orders/order';
import { ZONE } from '../platform/clock';
import type { DirectoryEntry } from '../students/student';
import { embedCertificateFonts } from './certificateFonts';
import { CertificatePages, GREY, MARGIN } from './certificatePages';
import { documentDate } from './documentDate';
import { drawTranscriptCourses } from './transcriptCourses';

/** The path of the public verification page; the code follows it. */
export const VERIFY_PATH = '/verify';

/** The catalogue id whose documents list the student's courses. */
export const TRANSCRIPT_ID = 'transcript';

/** What the certificate document of a paid order is made from. */
export interface CertificateDocument {
  order: Order;
  student: DirectoryEntry;
  /** Certificate names in both languages and the date style of Japanese documents. */
  catalogue: Pick<Catalogue, 'certificates' | 'dateStyle'>;
  texts: Texts;
  verificationCode: string;
  /** ISO time of issue: the documents' date. */
  issuedAt: string;
  /** The service's public base URL: the verification link and its QR code. */
  publicUrl: string;
}

const LABEL_WIDTH = 120;

/** The verification URL printed (and drawn as a QR code) on each page. */
export function verificationUrl(publicUrl: string, code: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${VERIFY_PATH}/${code}`;
}

/**
 * The certificate document a store copier prints: each copy of each order line is one document
 * in the line's language, on as many A4 pages as it needs, numbered within it. The Japanese
 * version is entirely Japanese in BIZ UDMincho (embedded as a subset), dates in the catalogue's
 * `dateStyle`; the English version is set in Helvetica with Gregorian dates and the names' `en`
 * forms. Every page carries the verification code and a QR code of the verification URL. The
 * dates are the issue time's, and the subset names come from the code, so the same input
 * renders the same bytes.
 */
export async function renderCertificatePdf(input: CertificateDocument): Promise<Uint8Array> {
  const { order, verificationCode, issuedAt } = input;
  const pdf = await PDFDocument.create();
  const issued = DateTime.fromISO(issuedAt).setZone(ZONE);
  pdf.setTitle(`${order.orderId} ${verificationCode}`);
  pdf.setAuthor('Certificate Issuance Service (demo)');
  pdf.setSubject(`Verification code ${verificationCode}`);
  pdf.setProducer('certificate-issuance-bot');
  pdf.setCreator('certificate-issuance-bot');
  pdf.setCreationDate(issued.toJSDate());
  pdf.setModificationDate(issued.toJSDate());

  const writers = new Map<Language, CertificatePages>();
  for (const line of order.lines) {
    let pages = writers.get(line.language);
    if (!pages) {
      pages = await pagesFor(pdf, input, line.language);
      writers.set(line.language, pages);
    }
    for (let copy = 1; copy <= line.copies; copy++) {
      pages.startDocument();
      drawCertificate(pages, input, line.certificateId, line.language, copy, line.copies);
      pages.endDocument();
    }
  }
  return pdf.save();
}

async function pagesFor(
  pdf: PDFDocument,
  input: CertificateDocument,
  language: Language,
): Promise<CertificatePages> {
  const t = input.texts.t(language, 'certificate');
  const fonts = await embedCertificateFonts(pdf, language, input.verificationCode);
  const url = verificationUrl(input.publicUrl, input.verificationCode);
  const printUntil = lastPrintableMoment(input.order.printDeadline, language, input.catalogue);
  return new CertificatePages(pdf, fonts, {
    header: t('header'),
    pageLabel: (page, pages) => t('page', { page, pages }),
    codeLabel: t('verificationCode'),
    verificationCode: input.verificationCode,
    qrText: url,
    footerLines: [
      { text: t('printUntil', { deadline: printUntil }), bold: true, size: 10 },
      { text: t('verifyAt', { url }), size: 9 },
      { text: t('qrHint'), size: 9 },
    ],
  });
}

function drawCertificate(
  pages: CertificatePages,
  input: CertificateDocument,
  certificateId: string,
  language: Language,
  copy: number,
  copies: number,
): void {
  const t = input.texts.t(language, 'certificate');
  const { student, order } = input;
  const { regular, bold } = pages.fonts;
  const certificate = input.catalogue.certificates.find(({ id }) => id === certificateId);
  const title = certificate?.name[language] ?? certificateId;

  pages.y -= 50;
  for (const line of pages.wrap(title, bold, 24, pages.width)) {
    pages.centered(line, 24, bold);
    pages.y -= 32;
  }
  pages.centered(t('copy', { copy, copies }), 10, regular, GREY);
  pages.y -= 36;

  const rows: [string, string][] = [
    [t('label.name'), student.name[language]],
    [t('label.studentId'), student.studentId],
    [t('label.faculty'), student.faculty[language]],
    [t('label.program'), t(`program.${student.program}`, { year: student.year })],
    [t('label.order'), order.orderId],
  ];
  for (const [label, value] of rows) {
    pages.text(label, MARGIN, 12, bold);
    for (const line of pages.wrap(value, regular, 12, pages.width - LABEL_WIDTH)) {
      pages.text(line, MARGIN + LABEL_WIDTH, 12);
      pages.y -= 18;
    }
    pages.y -= 6;
  }

  if (certificateId === TRANSCRIPT_ID) {
    drawTranscriptCourses(pages, t, student.courses ?? [], language, title);
  }

  pages.y -= 16;
  pages.ensure(110);
  const statementKey = `statement.${certificateId}`;
  pages.paragraph(t(statementKey, { defaultValue: t('statement.default') }), MARGIN, 12, 20);
  pages.y -= 14;
  pages.text(documentDate(input.issuedAt, language, input.catalogue.dateStyle), MARGIN, 12);
  pages.y -= 26;
  pages.rightAligned(t('issuer'), MARGIN + pages.width, 14, bold);
  pages.y -= 30;
  pages.ensure(30);
  pages.paragraph(t('demoNote'), MARGIN, 9, 13, GREY);
}

/**
 * The print deadline is the midnight that ends the last printable day; the page shows the last
 * minute before it, as the manual does ("until 2024-01-23 23:59").
 */
function lastPrintableMoment(
  printDeadline: string,
  language: Language,
  catalogue: Pick<Catalogue, 'dateStyle'>,
): string {
  const last = DateTime.fromISO(printDeadline).setZone(ZONE).minus({ seconds: 1 });
  const time = last.toFormat(language === 'ja' ? 'H:mm' : 'HH:mm');
  const date = documentDate(last.toISO()!, language, catalogue.dateStyle);
  return language === 'ja' ? `${date} ${time}` : `${date}, ${time} JST`;
}

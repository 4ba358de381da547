import type { Texts } from '../../src/i18n/i18n';
import { verificationUrl } from '../../src/printing/renderCertificatePdf';
import type { Course, DirectoryEntry } from '../../src/students/student';
import {
  inkDifference,
  inkOf,
  pdfFonts,
  pdfPageTexts,
  renderArea,
  scanQrCodes,
  type Area,
} from '../support/pdfTools';
import { CATALOGUE, paidOrder, renderFixture, TARO } from '../support/printFixtures';
import { loadTexts } from '../support/texts';

const CODE = '7KQM-2XHD-PW9R'; // as renderFixture prints
const ISSUED_AT = '2026-12-01T10:00:00.000+09:00';
const PUBLIC_URL = 'https://cert.example.ac.jp';

/**
 * Where a one-page certificate draws what the tests look at, in points from the page's top-left
 * corner (A4, 64 pt margins): the title's line, the name beside its label, and the empty band
 * between the body and the footer.
 */
const TITLE: Area = { x: 64, y: 98, width: 467, height: 32 };
const NAME: Area = { x: 184, y: 178, width: 200, height: 20 };
const BLANK: Area = { x: 64, y: 520, width: 467, height: 90 };
/** One full-width character of the 12 pt name: the `index`-th (a half-width space counts ½). */
const nameCell = (offset: number): Area => ({ x: 184 + offset, y: 178, width: 12, height: 20 });

function enrollment(language: 'ja' | 'en', copies = 1) {
  return paidOrder({ lines: [{ certificateId: 'enrollment', language, copies, unitFee: 400 }] });
}

describe('certificate PDF as a reader sees it (poppler, zbar)', () => {
  let texts: Texts;
  beforeAll(async () => {
    texts = await loadTexts();
  });
  const render = (
    order = enrollment('ja'),
    student: DirectoryEntry = TARO,
    catalogue = CATALOGUE,
  ) => renderFixture({ order, student, catalogue, publicUrl: PUBLIC_URL, issuedAt: ISSUED_AT });

  it('sets the Japanese version in an embedded subset of BIZ UDMincho, under 200 KB a page', async () => {
    const pdf = await render();
    expect(pdf.length).toBeLessThan(200 * 1024);
    const fonts = await pdfFonts(pdf);
    expect(fonts.map((font) => font.name).sort()).toEqual([
      expect.stringMatching(/^[A-Z]{6}\+BIZUDMincho-Bold$/),
      expect.stringMatching(/^[A-Z]{6}\+BIZUDMincho-Regular$/),
    ]);
    for (const font of fonts) expect([font.emb, font.sub]).toEqual(['yes', 'yes']);
    const [page] = await pdfPageTexts(pdf);
    const ja = texts.t('ja', 'certificate');
    for (const text of [
      '在学証明書',
      '京大 太郎',
      '工学部',
      ja('statement.enrollment'),
      ja('issuer'),
    ]) {
      expect(page).toContain(text);
    }
    expect(page).toContain('令和8年12月1日');
    expect(page).not.toMatch(/Certificate|Enrollment|Taro/);
  });

  it('draws the title and the name in ink, where the empty band stays white', async () => {
    const pdf = await render();
    const title = inkOf(await renderArea(pdf, 1, TITLE));
    const name = inkOf(await renderArea(pdf, 1, NAME));
    const blank = inkOf(await renderArea(pdf, 1, BLANK));
    expect(blank).toBe(0);
    // Five 24 pt kanji and four 12 pt ones at 150 dpi: hundreds of dark pixels each.
    expect(title).toBeGreaterThan(1500);
    expect(name).toBeGreaterThan(400);
  });

  it('draws 髙, 﨑 and 邊 as themselves: not blank, not their common forms, not the missing mark', async () => {
    const named = (ja: string) => render(enrollment('ja'), { ...TARO, name: { ja, en: 'X' } });
    const [variant, common, missing] = await Promise.all(
      ['髙﨑 邊', '高崎 辺', '\u{F0000}\u{F0000} \u{F0000}'].map(named),
    );
    // 髙 and 﨑 fill the first two 12 pt cells; 邊 follows a half-width space.
    for (const offset of [0, 12, 30]) {
      const [v, c, m] = await Promise.all(
        [variant, common, missing].map((pdf) => renderArea(pdf, 1, nameCell(offset))),
      );
      expect(inkOf(v)).toBeGreaterThan(120);
      expect(inkDifference(v, c)).toBeGreaterThan(15);
      expect(inkDifference(v, m)).toBeGreaterThan(60);
    }
    expect((await pdfPageTexts(missing))[0]).toContain('〓〓 〓');
  });

  it('writes Japanese dates in the era, or Gregorian as the catalogue says; English ones in English', async () => {
    const [era] = await pdfPageTexts(await render());
    expect(era).toContain('令和8年12月1日');
    expect(era).toContain('令和6年1月23日 23:59');
    const [gregorian] = await pdfPageTexts(
      await render(enrollment('ja'), TARO, { ...CATALOGUE, dateStyle: 'gregorian' }),
    );
    expect(gregorian).toContain('2026年12月1日');
    expect(gregorian).not.toContain('令和');
    const [english] = await pdfPageTexts(await render(enrollment('en')));
    expect(english).toContain('1 December 2026');
    expect(english).toContain(texts.t('en', 'certificate')('statement.enrollment'));
  });

  it('carries a QR code of the verification URL that a scanner reads', async () => {
    const pdf = await render(paidOrder());
    for (const page of [1, 3]) {
      expect(await scanQrCodes(pdf, page)).toEqual([verificationUrl(PUBLIC_URL, CODE)]);
    }
    expect(verificationUrl(`${PUBLIC_URL}/`, CODE)).toBe(`${PUBLIC_URL}/verify/${CODE}`);
  });

  it('lists a transcript’s courses over as many pages as needed, numbered within the copy', async () => {
    const courses: Course[] = Array.from({ length: 45 }, (_, i) => ({
      year: 2023 + Math.floor(i / 12),
      term: i % 2 ? 'second' : 'first',
      name: { ja: `授業科目${i + 1}`, en: `Course ${i + 1}` },
      credits: 2,
      grade: i === 3 ? 'F' : 'A',
    }));
    const transcript = paidOrder({
      lines: [{ certificateId: 'transcript', language: 'ja', copies: 2, unitFee: 400 }],
    });
    const pages = await pdfPageTexts(await render(transcript, { ...TARO, courses }));
    expect(pages.length).toBeGreaterThan(2);
    const perCopy = pages.length / 2;
    expect(Number.isInteger(perCopy)).toBe(true);
    const ja = texts.t('ja', 'certificate');
    pages.forEach((page, i) => {
      expect(page).toContain(ja('page', { page: (i % perCopy) + 1, pages: perCopy }));
      expect(page).toContain(CODE);
    });
    const firstCopy = pages.slice(0, perCopy).join('\n');
    for (const course of courses) expect(firstCopy).toContain(course.name.ja);
    expect(firstCopy).toContain(ja('transcript.total', { credits: 88 }));
    expect(pages[perCopy - 1]).toContain(ja('statement.transcript'));
    expect(pages[1]).toContain(ja('continued', { title: '成績証明書' }));
  });
});

import { DateTime } from 'luxon';
import type { Texts } from '../i18n/i18n';
import type { Catalogue } from '../orders/catalogue';
import type { Order, Reservation } from '../orders/order';
import { ZONE, type Clock } from '../platform/clock';
import type { DirectoryEntry } from '../students/student';
import { holderInitials } from './holderInitials';
import { maskedName } from './maskedName';
import type { PrintedDocument, PrintNetworkPort } from './printNetworkPort';
import type { RandomBytes } from './randomCode';
import { renderCertificatePdf } from './renderCertificatePdf';
import { verificationCode } from './verificationCode';

export interface CertificateIssuerDeps {
  printNetwork: PrintNetworkPort;
  clock: Clock;
  /** Certificate names in both languages, the date style and how long a certificate is valid. */
  catalogue: Pick<Catalogue, 'certificates' | 'dateStyle' | 'validityMonths'>;
  /** The documents' sentences (`locales/<lng>/certificate.json`). */
  texts: Texts;
  /** The service's public base URL: the verification link printed on the page. */
  publicUrl: string;
  random?: RandomBytes;
}

/**
 * Issues a paid order's certificate: the PDF, the registration with the order's print network,
 * and the order's reservation. The document carries the order's verification code (chosen when
 * the payment arrived; a new one only for an order that has none) and the time it was issued:
 * now, by the injected clock, which is when the document came to exist. The PDF, the
 * verification page and the stored reservation all show that one time. Calling it again for the
 * same order returns the first registration's number, code and time (the network keeps them), so
 * a retry after a crash never prints two different documents.
 */
export class CertificateIssuer {
  constructor(private readonly deps: CertificateIssuerDeps) {}

  async issue(order: Order, student: DirectoryEntry): Promise<Reservation> {
    const { clock, catalogue, texts, publicUrl, printNetwork } = this.deps;
    const code = order.verificationCode ?? verificationCode(this.deps.random);
    const issuedAt = clock.now().toISO()!;
    const pdf = await renderCertificatePdf({
      order,
      student,
      catalogue,
      texts,
      verificationCode: code,
      issuedAt,
      publicUrl,
    });
    const registration = await printNetwork.register(
      order,
      pdf,
      printedDocument(order, student, catalogue, code, issuedAt),
    );
    return {
      network: registration.network,
      number: registration.number,
      issuedAt: registration.document?.issuedAt ?? issuedAt,
      verificationCode: registration.document?.verificationCode ?? code,
    };
  }
}

/** What the verification page may tell anyone holding the code: nothing that names the holder. */
function printedDocument(
  order: Order,
  student: DirectoryEntry,
  catalogue: CertificateIssuerDeps['catalogue'],
  code: string,
  issuedAt: string,
): PrintedDocument {
  const nameOf = (id: string) =>
    catalogue.certificates.find((certificate) => certificate.id === id)?.name ?? { ja: id, en: id };
  const documents = order.lines.map((line) => ({
    name: nameOf(line.certificateId),
    language: line.language,
  }));
  return {
    verificationCode: code,
    issuedAt,
    titles: [...new Set(documents.map((document) => document.name.en))],
    holderInitials: holderInitials(student.name.en),
    documents,
    holder: { ja: maskedName(student.name.ja, '＊'), en: maskedName(student.name.en, '*') },
    validUntil: DateTime.fromISO(issuedAt)
      .setZone(ZONE)
      .plus({ months: catalogue.validityMonths })
      .toISO()!,
  };
}

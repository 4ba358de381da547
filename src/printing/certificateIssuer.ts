import type { Order, Reservation } from '../orders/order';
import type { Clock } from '../platform/clock';
import type { DirectoryEntry } from '../students/student';
import { holderInitials } from './holderInitials';
import type { PrintNetworkPort } from './printNetworkPort';
import type { RandomBytes } from './randomCode';
import { renderCertificatePdf, type CatalogueNames } from './renderCertificatePdf';
import { verificationCode } from './verificationCode';

export interface CertificateIssuerDeps {
  printNetwork: PrintNetworkPort;
  clock: Clock;
  /** English certificate names by catalogue id. */
  catalogueNames: CatalogueNames;
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
    const { clock, catalogueNames, publicUrl, printNetwork } = this.deps;
    const code = order.verificationCode ?? verificationCode(this.deps.random);
    const issuedAt = clock.now().toISO()!;
    const pdf = await renderCertificatePdf(
      order,
      student,
      catalogueNames,
      code,
      issuedAt,
      publicUrl,
    );
    const registration = await printNetwork.register(order, pdf, {
      verificationCode: code,
      issuedAt,
      titles: [...new Set(order.lines.map((line) => catalogueNames(line.certificateId)))],
      holderInitials: holderInitials(student.name.en),
    });
    return {
      network: registration.network,
      number: registration.number,
      issuedAt: registration.document?.issuedAt ?? issuedAt,
      verificationCode: registration.document?.verificationCode ?? code,
    };
  }
}

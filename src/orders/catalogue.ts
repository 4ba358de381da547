import type { Language } from '../i18n/language';
import type { DirectoryEntry } from '../students/student';
import type { PaymentMethod, PrintNetwork } from './order';

/** A text in both languages of the service (names live in the catalogue, not in `locales/`). */
export type LocalizedText = Record<Language, string>;

/** One certificate type the university issues. */
export interface CertificateType {
  id: string;
  name: LocalizedText;
  /** For buttons (at most 20 characters); `name` when absent. */
  shortName?: LocalizedText;
  eligibility: {
    programs: DirectoryEntry['program'][];
    /** Only students expected to graduate / complete this academic year. */
    finalYearOnly?: boolean;
  };
  /** Languages the certificate can be printed in. */
  languages: Language[];
  maxCopies: number;
  /** Issuance fee per copy in yen (an integer: JPY has no decimals). */
  feePerCopy: number;
}

/** A convenience-store copier network and the store chains that carry its copiers. */
export interface StoreNetwork {
  id: PrintNetwork;
  name: LocalizedText;
  stores: { id: string; name: LocalizedText }[];
}

/** A period when no new orders are taken; `from` inclusive, `to` exclusive, ISO in Japan time. */
export interface ClosedWindow {
  from: string;
  to: string;
  /** Said to the student (university closures); maintenance has none. */
  reason?: LocalizedText;
}

/** How the Japanese version of a certificate writes its dates: `令和8年12月1日` or `2026年12月1日`. */
export type DateStyle = 'era' | 'gregorian';

/** The date styles a catalogue may name; the first is the default. */
export const DATE_STYLES: readonly DateStyle[] = ['era', 'gregorian'];

/**
 * Everything that differs between universities, in one file; the bundled `data/catalogue.json`
 * holds the service's own rules (400 yen a copy, 7 days to pay and to print) as defaults.
 */
export interface Catalogue {
  certificates: CertificateType[];
  networks: StoreNetwork[];
  /** The methods the university offers, in the order the student sees them. */
  paymentMethods: PaymentMethod[];
  deadlines: { paymentDays: number; printDays: number };
  maxLinesPerOrder: number;
  closures: ClosedWindow[];
  maintenance: ClosedWindow[];
  /** Dates on Japanese certificates (English ones are always Gregorian). Default `era`. */
  dateStyle: DateStyle;
  /** How long a printed certificate is valid after its issue, in months (its verification page says). Default 3. */
  validityMonths: number;
}

/** The certificate type with this id, if the catalogue has it. */
export function findCertificate(catalogue: Catalogue, id: string): CertificateType | undefined {
  return catalogue.certificates.find((certificate) => certificate.id === id);
}

/** The copier network with this id, if the catalogue has it. */
export function findNetwork(catalogue: Catalogue, id: string): StoreNetwork | undefined {
  return catalogue.networks.find((network) => network.id === id);
}

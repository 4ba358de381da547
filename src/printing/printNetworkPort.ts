import type { Language } from '../i18n/language';
import type { LocalizedText } from '../orders/catalogue';
import type { Order, PrintNetwork } from '../orders/order';

/** A certificate document registered with a copier network. */
export interface PrintRegistration {
  network: PrintNetwork;
  /** netprint: 8 characters, Network Print: 10; upper-case letters and digits. */
  number: string;
  /**
   * The document as first registered, when the network keeps it: a repeated `register` for the
   * same order answers the first call's number and verification code, not the new one's.
   */
  document?: PrintedDocument;
}

/** What a registered certificate says, for the public verification page (`/verify/<code>`). */
export interface PrintedDocument {
  /** Printed on the certificate, `XXXX-XXXX-XXXX`. */
  verificationCode: string;
  /** ISO time the certificate was issued (Asia/Tokyo). */
  issuedAt: string;
  /** The certificates' names as printed (English). */
  titles: string[];
  /** The holder's initials, e.g. `T. K.`; never the full name. */
  holderInitials: string;
  /**
   * Each certificate on the paper: its name in both languages and the language it is printed
   * in. Absent on certificates issued before it was recorded (the page then shows `titles`).
   */
  documents?: { name: LocalizedText; language: Language }[];
  /** The holder's name partly masked (`京＊ 太＊`, `T*** K*****`); absent as `documents`. */
  holder?: LocalizedText;
  /** ISO time the certificate's validity ends (the catalogue's `validityMonths` after issue). */
  validUntil?: string;
}

/**
 * A convenience-store copier network (netprint, Network Print). Embedded default: a local
 * registrar plus a store-copier simulator page; production: the partners' APIs.
 */
export interface PrintNetworkPort {
  /**
   * Registers the document for printing until the order's print deadline. Idempotent per order.
   * `document` describes it for verification; networks without a verification service ignore it.
   */
  register(order: Order, pdf: Uint8Array, document?: PrintedDocument): Promise<PrintRegistration>;
}

/** Called when a store copier printed an order's document. */
export interface PrintedNotices {
  printed(reservationNumber: string): Promise<'printed' | 'unknown' | 'expired' | 'already'>;
}

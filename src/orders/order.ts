import type { Language } from '../i18n/language';

/**
 * The life of an order: draft → awaiting_payment → paid → printable →
 * printed | expired | cancelled. Transitions are pure functions in `orderTransitions.ts`.
 */
export type OrderStatus =
  'draft' | 'awaiting_payment' | 'paid' | 'printable' | 'printed' | 'expired' | 'cancelled';

/** The two copier networks: 7-Eleven (FUJIFILM netprint), FamilyMart / Lawson (Sharp Network Print). */
export type PrintNetwork = 'netprint' | 'networkprint';

/** How the student pays: the embedded demo checkout, PayPal, or cash through Smart Pit. */
export type PaymentMethod = 'demo' | 'paypal' | 'smartpit';

/** One certificate type in one language and a number of copies. */
export interface OrderLine {
  /** The catalogue id, e.g. `enrollment`, `transcript`. */
  certificateId: string;
  /** The language the certificate is printed in. */
  language: Language;
  copies: number;
  /** Issuance fee per copy in yen (from the catalogue at the time of ordering). */
  unitFee: number;
}

export interface PaymentRecord {
  method: PaymentMethod;
  /** The provider's id: demo checkout id, PayPal order id, or the 13-digit Smart Pit number. */
  reference: string;
  /** For PayPal: the approval link; for the demo checkout: its page. */
  url?: string;
  /** Set once the money arrived. */
  paidAt?: string;
  /** Yen actually received (checked against the order total). */
  amount?: number;
  /** The provider's capture / transaction id, once paid. */
  transactionId?: string;
}

export interface Reservation {
  network: PrintNetwork;
  /** netprint: 8 upper-case letters and digits; Network Print: 10. */
  number: string;
  issuedAt: string;
  /** Printed on the certificate; lets anyone verify it was issued by the service. */
  verificationCode: string;
}

export interface OrderEvent {
  at: string;
  status: OrderStatus;
  /** Machine-readable reason, e.g. `created`, `paid`, `expired_unpaid`, `cancelled_by_student`. */
  reason: string;
}

export interface Order {
  orderId: string;
  studentId: string;
  /** The student's language when ordering: notifications about the order use it. */
  language: Language;
  lines: OrderLine[];
  network: PrintNetwork;
  /** Sum of copies × unit fee, in yen (JPY has no decimals). */
  totalFee: number;
  status: OrderStatus;
  /** ISO times in Asia/Tokyo. */
  appliedAt: string;
  /** Unpaid orders expire here (midnight that starts the 8th day after applying). */
  paymentDeadline: string;
  /** Printing and refunds stop here (the same midnight). */
  printDeadline: string;
  payment?: PaymentRecord;
  /**
   * Chosen when the payment arrives and printed on the certificate; the reservation repeats it.
   * Fixed before the document is rendered, so a retried registration carries the same code.
   */
  verificationCode?: string;
  reservation?: Reservation;
  history: OrderEvent[];
  /** Incremented on every change; stores use it for compare-and-set. */
  version: number;
}

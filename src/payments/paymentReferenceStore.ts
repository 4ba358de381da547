import type { Language } from '../i18n/language';
import type { PaymentMethod } from '../orders/order';

/** What a payment reference (demo checkout id, PayPal order id, Smart Pit number) stands for. */
export interface PaymentReferenceRecord {
  /** Which adapter made the reference: a page of one adapter never pays another's reference. */
  method: PaymentMethod;
  orderId: string;
  /** Yen due (the order total when the payment started). */
  amount: number;
  /** The student's language: the payment pages speak it. */
  language: Language;
  /** ISO time (the order's payment deadline) after which nothing can be paid. */
  expiresAt: string;
  /**
   * For the demo pages only: the one transaction id every click of this reference reports, so
   * that a double click reaches the order service as a duplicate, not as a second payment.
   */
  transactionId?: string;
}

/**
 * References handed out by the payment adapters, for the pages that later show or pay them.
 * Memory and Redis implementations pass one contract suite.
 */
export interface PaymentReferenceStore {
  /** Stores a new reference; false (changing nothing) when the reference is already taken. */
  add(reference: string, record: PaymentReferenceRecord): Promise<boolean>;
  get(reference: string): Promise<PaymentReferenceRecord | undefined>;
}

/**
 * How long a reference outlives its deadline, so that a late visit reads "too late" (with the
 * order number) rather than "unknown link".
 */
export const PAYMENT_REFERENCE_RETAIN_MS = 30 * 24 * 3600 * 1000;

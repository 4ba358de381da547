import type { Order, PaymentMethod } from './order';

/** What the student gets to pay with. */
export type PaymentStart =
  /** A page to open (demo checkout, PayPal approval). */
  | { kind: 'link'; reference: string; url: string }
  /** Cash at the store cashier: the 13-digit Smart Pit number, payable until the deadline. */
  | { kind: 'cash'; reference: string; smartPitNumber: string };

/** A verified statement from a provider that money arrived for a payment reference. */
export interface PaymentNotice {
  method: PaymentMethod;
  reference: string;
  /** Yen received. */
  amount: number;
  transactionId: string;
  /**
   * ISO time of the payment as the provider states it (ours when it gives none); the order
   * service records the earlier of it and its own clock (`paymentTime`).
   */
  paidAt: string;
}

/**
 * One payment provider. Starting a payment has no side effect on the order: the order records
 * the returned reference. Money arriving is reported through the `PaymentNotices` sink by the
 * provider's own verified callback route, never trusted from the student's browser alone.
 */
export interface PaymentGateway {
  readonly method: PaymentMethod;
  start(order: Order): Promise<PaymentStart>;
}

export type PaymentOutcome =
  'applied' | 'duplicate' | 'unknown_reference' | 'wrong_amount' | 'too_late' | 'not_payable';

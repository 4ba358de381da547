import { randomInt } from 'node:crypto';
import type { Order } from '../orders/order';
import type { PaymentGateway, PaymentStart } from '../orders/paymentGateway';
import { paymentAmount } from './paymentAmount';
import type { PaymentReferenceStore } from './paymentReferenceStore';
import { PaymentReferenceTakenError } from './errors';

const NUMBER = /^\d{13}$/;
const ATTEMPTS = 10;

/** Whether `value` is a 13-digit Smart Pit number. */
export function isSmartPitNumber(value: unknown): value is string {
  return typeof value === 'string' && NUMBER.test(value);
}

/** Thirteen random digits, the first not zero (a number read out at a till keeps its length). */
export function drawSmartPitNumber(): string {
  let digits = String(randomInt(1, 10));
  while (digits.length < 13) digits += String(randomInt(0, 10));
  return digits;
}

/**
 * Cash at the FamilyMart / Lawson cashier: the student gets a 13-digit Smart Pit number that is
 * payable until the order's payment deadline. The money is reported later by Smart Pit's signed
 * callback (or, on a bare machine, by the demo cashier page).
 */
export class SmartPitGateway implements PaymentGateway {
  readonly method = 'smartpit' as const;

  constructor(
    private readonly references: PaymentReferenceStore,
    private readonly draw: () => string = drawSmartPitNumber,
  ) {}

  async start(order: Order): Promise<PaymentStart> {
    const amount = paymentAmount(order);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const number = this.draw();
      // Numbers are unique across every order still remembered, on every instance (SET NX).
      const added = await this.references.add(number, {
        method: this.method,
        orderId: order.orderId,
        amount,
        language: order.language,
        expiresAt: order.paymentDeadline,
        transactionId: `cashier-${number}`,
      });
      if (added) return { kind: 'cash', reference: number, smartPitNumber: number };
    }
    throw new PaymentReferenceTakenError(this.method, ATTEMPTS);
  }
}

import type { Clock } from '../platform/clock';
import {
  PAYMENT_REFERENCE_RETAIN_MS,
  type PaymentReferenceRecord,
  type PaymentReferenceStore,
} from './paymentReferenceStore';

/** The embedded reference store: one process, gone on restart. */
export class MemoryPaymentReferenceStore implements PaymentReferenceStore {
  private readonly records = new Map<string, PaymentReferenceRecord>();

  constructor(private readonly clock: Clock) {}

  async add(reference: string, record: PaymentReferenceRecord): Promise<boolean> {
    this.sweep();
    if (this.records.has(reference)) return false;
    this.records.set(reference, { ...record });
    return true;
  }

  async get(reference: string): Promise<PaymentReferenceRecord | undefined> {
    const record = this.records.get(reference);
    if (!record || isGone(record, this.clock.now().toMillis())) return undefined;
    return { ...record };
  }

  /** Drops what no look-up can find any more, so a long-running process does not grow. */
  private sweep(): void {
    const nowMs = this.clock.now().toMillis();
    for (const [reference, record] of this.records) {
      if (isGone(record, nowMs)) this.records.delete(reference);
    }
  }
}

function isGone(record: PaymentReferenceRecord, nowMs: number): boolean {
  return nowMs >= Date.parse(record.expiresAt) + PAYMENT_REFERENCE_RETAIN_MS;
}

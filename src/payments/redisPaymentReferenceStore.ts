import type { RedisClient } from '../storage/redisConnection';
import { isLanguage } from '../i18n/language';
import type { PaymentMethod } from '../orders/order';
import type { Clock } from '../platform/clock';
import type { RedisKeys } from '../storage/redisKeys';
import {
  PAYMENT_REFERENCE_RETAIN_MS,
  type PaymentReferenceRecord,
  type PaymentReferenceStore,
} from './paymentReferenceStore';

const METHODS: readonly PaymentMethod[] = ['demo', 'paypal', 'smartpit'];

/**
 * References in Redis, shared by every instance: one JSON value per reference, written with
 * `SET NX` (two instances drawing the same Smart Pit number cannot both get it) and expiring
 * {@link PAYMENT_REFERENCE_RETAIN_MS} after the payment deadline.
 */
export class RedisPaymentReferenceStore implements PaymentReferenceStore {
  constructor(
    private readonly redis: Pick<RedisClient, 'set' | 'get'>,
    private readonly keys: RedisKeys,
    private readonly clock: Clock,
  ) {}

  async add(reference: string, record: PaymentReferenceRecord): Promise<boolean> {
    const ttlMs = Date.parse(record.expiresAt) + PAYMENT_REFERENCE_RETAIN_MS - this.nowMs();
    const stored = await this.redis.set(
      this.keys.paymentReference(reference),
      JSON.stringify(record),
      'PX',
      Math.max(1, Math.floor(ttlMs)),
      'NX',
    );
    return stored === 'OK';
  }

  async get(reference: string): Promise<PaymentReferenceRecord | undefined> {
    return parseRecord(await this.redis.get(this.keys.paymentReference(reference)));
  }

  private nowMs(): number {
    return this.clock.now().toMillis();
  }
}

/** The stored record, or undefined when absent or not one we wrote (then no page may use it). */
function parseRecord(raw: string | null): PaymentReferenceRecord | undefined {
  if (!raw) return undefined;
  let value: Partial<PaymentReferenceRecord>;
  try {
    value = JSON.parse(raw) as Partial<PaymentReferenceRecord>;
  } catch {
    return undefined;
  }
  const { method, orderId, amount, language, expiresAt, transactionId } = value ?? {};
  if (
    !METHODS.includes(method as PaymentMethod) ||
    typeof orderId !== 'string' ||
    !Number.isSafeInteger(amount) ||
    !isLanguage(language) ||
    typeof expiresAt !== 'string' ||
    (transactionId !== undefined && typeof transactionId !== 'string')
  ) {
    return undefined;
  }
  return {
    method: method as PaymentMethod,
    orderId,
    amount: amount as number,
    language,
    expiresAt,
    ...(transactionId ? { transactionId } : {}),
  };
}

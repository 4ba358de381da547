import type { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';
import * as restify from 'restify';
import { serveAsset } from '../../src/http/assets';
import type { Texts } from '../../src/i18n/i18n';
import type { Language } from '../../src/i18n/language';
import type { Order, PaymentMethod } from '../../src/orders/order';
import { ManualClock } from '../../src/platform/clock';
import { createLogger } from '../../src/platform/logger';
import { Metrics } from '../../src/platform/metrics';
import { createPaymentGateways } from '../../src/payments/createPaymentGateways';
import { MemoryPaymentReferenceStore } from '../../src/payments/memoryPaymentReferenceStore';
import type {
  PaymentGateway,
  PaymentNotice,
  PaymentOutcome,
} from '../../src/orders/paymentGateway';
import type { PaymentNotices } from '../../src/payments/paymentNotices';
import type { PaymentReferenceStore } from '../../src/payments/paymentReferenceStore';
import { PayPalClient } from '../../src/payments/payPalClient';
import { RedisPaymentReferenceStore } from '../../src/payments/redisPaymentReferenceStore';
import { registerPaymentRoutes } from '../../src/payments/registerPaymentRoutes';
import {
  FAKE_PAYPAL_CLIENT_ID,
  FAKE_PAYPAL_SECRET,
  FAKE_PAYPAL_WEBHOOK_ID,
  type FakePayPal,
} from './fakePayPal';
import { testRedis } from './redis';
import { loadTexts } from './texts';

/** Applied at 2024-01-16 15:00 JST: payable until the midnight that starts 2024-01-24. */
export const APPLIED_AT = '2024-01-16T15:00:00.000+09:00';
export const DEADLINE = '2024-01-24T00:00:00.000+09:00';

/** An order awaiting payment, as the order service would pass it to a gateway. */
export function awaitingOrder(overrides: Partial<Order> = {}): Order {
  return {
    orderId: 'C24011600001',
    studentId: 'a0123456',
    language: 'ja',
    lines: [{ certificateId: 'enrollment', language: 'ja', copies: 3, unitFee: 400 }],
    network: 'netprint',
    totalFee: 1200,
    status: 'awaiting_payment',
    appliedAt: APPLIED_AT,
    paymentDeadline: DEADLINE,
    printDeadline: DEADLINE,
    history: [{ at: APPLIED_AT, status: 'awaiting_payment', reason: 'created' }],
    version: 2,
    ...overrides,
  };
}

/**
 * The order service as far as payments see it: knows the amount due per reference and
 * answers as the real one does — a repeated transaction is `duplicate`, a reference already
 * paid by another transaction `not_payable`, another amount `wrong_amount`. A test may force
 * the outcome of a reference.
 */
export class RecordingNotices implements PaymentNotices {
  /** Every notice, in order. */
  readonly calls: PaymentNotice[] = [];
  /** Notices that were applied. */
  readonly applied: PaymentNotice[] = [];
  readonly forced = new Map<string, PaymentOutcome>();
  private readonly due = new Map<string, number>();

  /** The order service recorded `reference` for an order of `amount` yen. */
  expect(reference: string, amount: number): void {
    this.due.set(reference, amount);
  }

  async received(notice: PaymentNotice): Promise<PaymentOutcome> {
    this.calls.push({ ...notice });
    const forced = this.forced.get(notice.reference);
    if (forced) return forced;
    if (this.applied.some((paid) => paid.transactionId === notice.transactionId)) {
      return 'duplicate';
    }
    const due = this.due.get(notice.reference);
    if (due === undefined) return 'unknown_reference';
    if (this.applied.some((paid) => paid.reference === notice.reference)) return 'not_payable';
    if (notice.amount !== due) return 'wrong_amount';
    this.applied.push({ ...notice });
    return 'applied';
  }
}

export interface PaymentTestServer {
  url: string;
  texts: Texts;
  clock: ManualClock;
  notices: RecordingNotices;
  references: PaymentReferenceStore;
  gateways: Partial<Record<PaymentMethod, PaymentGateway>>;
  metrics: Metrics;
  /** Everything the service logged (JSON lines). */
  logLines: string[];
  /** Starts a payment the way the order service does, and tells the notices what is due. */
  startPayment(
    method: PaymentMethod,
    overrides?: Partial<Order>,
  ): Promise<Awaited<ReturnType<PaymentGateway['start']>>>;
  close(): Promise<void>;
}

export interface PaymentTestServerOptions {
  store?: 'memory' | 'redis';
  paypal?: FakePayPal;
  smartPitSecret?: string;
  language?: Language;
}

/** The payment routes (and the page styles) on a free port. */
export async function startPaymentTestServer(
  options: PaymentTestServerOptions = {},
): Promise<PaymentTestServer> {
  const texts = await loadTexts();
  const clock = new ManualClock('2024-01-16T15:05:00+09:00');
  const logLines: string[] = [];
  const destination: DestinationStream = { write: (line: string) => void logLines.push(line) };
  const logger = createLogger('debug', destination);
  const metrics = new Metrics({ defaultMetrics: false });
  const redis = options.store === 'redis' ? await testRedis() : undefined;
  const references: PaymentReferenceStore = redis
    ? new RedisPaymentReferenceStore(redis.redis, redis.keys, clock)
    : new MemoryPaymentReferenceStore(clock);
  const notices = new RecordingNotices();
  const paypal = options.paypal
    ? new PayPalClient({
        clientId: FAKE_PAYPAL_CLIENT_ID,
        clientSecret: FAKE_PAYPAL_SECRET,
        apiBaseUrl: options.paypal.url,
        clock,
      })
    : undefined;

  const server = restify.createServer({ handleUncaughtExceptions: false });
  server.get('/assets/:file', serveAsset);
  registerPaymentRoutes(server, {
    notices,
    references,
    clock,
    texts,
    logger,
    metrics,
    callCenterPhone: '06-6809-4327',
    paypal: paypal && { client: paypal, webhookId: FAKE_PAYPAL_WEBHOOK_ID },
    smartPitSecret: options.smartPitSecret,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const gateways = createPaymentGateways(
    {
      publicUrl: url,
      paypal: options.paypal && {
        clientId: FAKE_PAYPAL_CLIENT_ID,
        clientSecret: FAKE_PAYPAL_SECRET,
        webhookId: FAKE_PAYPAL_WEBHOOK_ID,
        apiBaseUrl: options.paypal.url,
      },
      smartPit: { callbackSecret: options.smartPitSecret },
    },
    { references, clock, paypal },
  );

  return {
    url,
    texts,
    clock,
    notices,
    references,
    gateways,
    metrics,
    logLines,
    startPayment: async (method, overrides = {}) => {
      const gateway = gateways[method];
      if (!gateway) throw new Error(`no gateway for ${method}`);
      const order = awaitingOrder({ language: options.language ?? 'ja', ...overrides });
      const started = await gateway.start(order);
      notices.expect(started.reference, order.totalFee);
      return started;
    },
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.server.closeAllConnections();
      });
      await redis?.cleanup();
    },
  };
}

import { DateTime } from 'luxon';
import type { Order } from '../orders/order';
import type { Clock } from '../platform/clock';
import { PrintDeadlinePassedError } from './errors';
import type { PrintJob, PrintJobStore } from './printJobStore';
import type { PrintedDocument, PrintNetworkPort, PrintRegistration } from './printNetworkPort';
import type { RandomBytes } from './randomCode';
import { ReservationNumberExhaustedError } from './errors';
import { reservationNumber } from './reservationNumber';
import { parseVerificationCode } from './verificationCode';
import { VerificationCodeTakenError } from './errors';

export interface LocalPrintRegistrarOptions {
  jobs: PrintJobStore;
  clock: Clock;
  /** Random source of the numbers; scripted in tests to force collisions. */
  random?: RandomBytes;
  /** Numbers drawn before giving up (collisions are astronomically rare). Default 8. */
  maxAttempts?: number;
  /** How long after issue a certificate stays verifiable at `/verify/<code>`. Default 365 days. */
  verificationTtlDays?: number;
}

/** A document is kept a day past its print deadline, so a late copier still reads "expired". */
const KEEP_AFTER_DEADLINE = { days: 1 } as const;

/**
 * The embedded print network: issues netprint / Network Print reservation numbers and keeps
 * the documents for the store-copier simulator. One order gets one number, however often it is
 * registered (a retry after a crash finds the first registration).
 */
export class LocalPrintRegistrar implements PrintNetworkPort {
  private readonly maxAttempts: number;
  private readonly verificationTtlDays: number;

  constructor(private readonly options: LocalPrintRegistrarOptions) {
    this.maxAttempts = options.maxAttempts ?? 8;
    this.verificationTtlDays = options.verificationTtlDays ?? 365;
  }

  async register(
    order: Order,
    pdf: Uint8Array,
    given?: PrintedDocument,
  ): Promise<PrintRegistration> {
    const { jobs, clock, random } = this.options;
    // Only a well-formed code is indexed: an empty one would make every later order "taken".
    const document =
      given && parseVerificationCode(given.verificationCode) === given.verificationCode
        ? given
        : undefined;
    const existing = await jobs.forOrder(order.orderId);
    if (existing) return registration(existing);

    const now = clock.now();
    const deadline = DateTime.fromISO(order.printDeadline);
    if (!deadline.isValid || deadline <= now) {
      throw new PrintDeadlinePassedError(order.orderId, order.printDeadline);
    }
    // Lifetimes relative to the injected clock: Redis's own clock is not the service's "now".
    const ttlMs = deadline.plus(KEEP_AFTER_DEADLINE).diff(now).toMillis();
    const verificationTtlMs = document
      ? DateTime.fromISO(document.issuedAt)
          .plus({ days: this.verificationTtlDays })
          .diff(now)
          .toMillis()
      : undefined;

    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const job: PrintJob = {
        number: reservationNumber(order.network, random),
        network: order.network,
        orderId: order.orderId,
        pdf: Buffer.from(pdf).toString('base64'),
        printDeadline: order.printDeadline,
        status: 'waiting',
        ...(document ? { verificationCode: document.verificationCode, document } : {}),
      };
      const result = await jobs.create(job, {
        ttlMs,
        verificationTtlMs: verificationTtlMs && Math.max(verificationTtlMs, ttlMs),
      });
      switch (result.status) {
        case 'created':
        case 'existing':
          return registration(result.job);
        case 'codeTaken':
          throw new VerificationCodeTakenError(order.orderId);
        case 'taken':
          continue;
      }
    }
    throw new ReservationNumberExhaustedError(order.orderId, this.maxAttempts);
  }
}

function registration(job: PrintJob): PrintRegistration {
  return {
    network: job.network,
    number: job.number,
    ...(job.document ? { document: job.document } : {}),
  };
}

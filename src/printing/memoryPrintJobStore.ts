import type { Clock } from '../platform/clock';
import type {
  CreatePrintJobOptions,
  CreatePrintJobResult,
  IssuedCertificate,
  PrintJob,
  PrintJobStore,
} from './printJobStore';

interface Expiring<T> {
  value: T;
  expiresAt: number;
}

/** The embedded print-job store: process memory, with expiry read from the injected clock. */
export class MemoryPrintJobStore implements PrintJobStore {
  private readonly jobs = new Map<string, Expiring<PrintJob>>();
  private readonly orders = new Map<string, Expiring<string>>();
  private readonly certificates = new Map<string, Expiring<IssuedCertificate>>();

  constructor(private readonly clock: Clock) {}

  async create(job: PrintJob, options: CreatePrintJobOptions): Promise<CreatePrintJobResult> {
    // No await between the checks and the writes: concurrent creates cannot interleave.
    const existingNumber = this.live(this.orders, job.orderId);
    const existing =
      existingNumber === undefined ? undefined : this.live(this.jobs, existingNumber);
    if (existing) return { status: 'existing', job: clone(existing) };
    if (this.live(this.jobs, job.number)) return { status: 'taken' };
    const code = job.document?.verificationCode;
    if (code && this.live(this.certificates, code)) return { status: 'codeTaken' };
    const now = this.clock.now().toMillis();
    this.jobs.set(job.number, { value: clone(job), expiresAt: now + options.ttlMs });
    this.orders.set(job.orderId, { value: job.number, expiresAt: now + options.ttlMs });
    if (job.document && code) {
      this.certificates.set(code, {
        value: { orderId: job.orderId, ...clone(job.document) },
        expiresAt: now + (options.verificationTtlMs ?? options.ttlMs),
      });
    }
    return { status: 'created', job: clone(job) };
  }

  async get(number: string): Promise<PrintJob | undefined> {
    const job = this.live(this.jobs, number);
    return job && clone(job);
  }

  async forOrder(orderId: string): Promise<PrintJob | undefined> {
    const number = this.live(this.orders, orderId);
    return number === undefined ? undefined : this.get(number);
  }

  async markPrinted(number: string, at: string): Promise<PrintJob | undefined> {
    const job = this.live(this.jobs, number);
    if (!job) return undefined;
    job.status = 'printed';
    job.printedAt ??= at;
    return clone(job);
  }

  async verification(code: string): Promise<IssuedCertificate | undefined> {
    const found = this.live(this.certificates, code);
    return found && clone(found);
  }

  /** The entry's value unless it expired (an expired entry is dropped on the way). */
  private live<T>(map: Map<string, Expiring<T>>, key: string): T | undefined {
    const entry = map.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.clock.now().toMillis()) {
      map.delete(key);
      return undefined;
    }
    return entry.value;
  }
}

/** Callers get copies: changing a returned job must not change the stored one. */
function clone<T>(value: T): T {
  return structuredClone(value);
}

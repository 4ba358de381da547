import type Redis from 'ioredis';
import type { RedisKeys } from '../storage/redisKeys';
import type {
  CreatePrintJobOptions,
  CreatePrintJobResult,
  IssuedCertificate,
  PrintJob,
  PrintJobStore,
} from './printJobStore';

// Check the order, the number and the code, then write all three: two registrations racing
// for one order (or one number) cannot both win.
// KEYS: order, job, certificate. ARGV: number, ttlMs, certificateTtlMs, certificate JSON or '',
// job JSON (without pdf and status), pdf.
const CREATE = `
local number = redis.call('GET', KEYS[1])
if number then return {'existing', number} end
if redis.call('EXISTS', KEYS[2]) == 1 then return {'taken'} end
if ARGV[4] ~= '' and redis.call('EXISTS', KEYS[3]) == 1 then return {'codeTaken'} end
redis.call('HSET', KEYS[2], 'data', ARGV[5], 'pdf', ARGV[6], 'status', 'waiting')
redis.call('PEXPIRE', KEYS[2], ARGV[2])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
if ARGV[4] ~= '' then redis.call('SET', KEYS[3], ARGV[4], 'PX', ARGV[3]) end
return {'created'}`;

// KEYS: job. ARGV: printedAt. The first print time stays; the key keeps its expiry.
const MARK_PRINTED = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {} end
redis.call('HSET', KEYS[1], 'status', 'printed')
redis.call('HSETNX', KEYS[1], 'printedAt', ARGV[1])
return redis.call('HGETALL', KEYS[1])`;

type JobData = Omit<PrintJob, 'pdf' | 'status' | 'printedAt'>;

/**
 * Print jobs in Redis, shared by every instance: per job a hash (`data` JSON, `pdf` base64,
 * `status`, `printedAt`), per order its number, per verification code the certificate's public
 * facts. The job and order keys expire together; the certificate may outlive them.
 */
export class RedisPrintJobStore implements PrintJobStore {
  constructor(
    private readonly redis: Pick<Redis, 'eval' | 'hgetall' | 'get'>,
    private readonly keys: RedisKeys,
  ) {}

  async create(job: PrintJob, options: CreatePrintJobOptions): Promise<CreatePrintJobResult> {
    const { pdf, status: _status, printedAt: _printedAt, ...data } = job;
    const certificate: IssuedCertificate | undefined = job.document && {
      orderId: job.orderId,
      ...job.document,
    };
    const ttlMs = Math.max(1, Math.ceil(options.ttlMs));
    const outcome = (await this.redis.eval(
      CREATE,
      3,
      this.keys.printJobOfOrder(job.orderId),
      this.keys.printJob(job.number),
      this.keys.issuedCertificate(job.document?.verificationCode ?? ''),
      job.number,
      ttlMs,
      Math.max(1, Math.ceil(options.verificationTtlMs ?? ttlMs)),
      certificate ? JSON.stringify(certificate) : '',
      JSON.stringify(data satisfies JobData),
      pdf,
    )) as string[];
    switch (outcome[0]) {
      case 'created':
        return { status: 'created', job: { ...job, status: 'waiting' } };
      case 'existing': {
        const existing = await this.get(outcome[1]);
        // The order's entry and its job expire in the same millisecond; a miss here means both
        // just went, and the caller's next attempt starts afresh.
        return existing ? { status: 'existing', job: existing } : { status: 'taken' };
      }
      case 'codeTaken':
        return { status: 'codeTaken' };
      default:
        return { status: 'taken' };
    }
  }

  async get(number: string): Promise<PrintJob | undefined> {
    return decode(await this.redis.hgetall(this.keys.printJob(number)));
  }

  async forOrder(orderId: string): Promise<PrintJob | undefined> {
    const number = await this.redis.get(this.keys.printJobOfOrder(orderId));
    return number ? this.get(number) : undefined;
  }

  async markPrinted(number: string, at: string): Promise<PrintJob | undefined> {
    const flat = (await this.redis.eval(
      MARK_PRINTED,
      1,
      this.keys.printJob(number),
      at,
    )) as string[];
    const fields: Record<string, string> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i]] = flat[i + 1];
    return decode(fields);
  }

  async verification(code: string): Promise<IssuedCertificate | undefined> {
    const json = await this.redis.get(this.keys.issuedCertificate(code));
    return json ? (JSON.parse(json) as IssuedCertificate) : undefined;
  }
}

function decode(fields: Record<string, string>): PrintJob | undefined {
  if (!fields.data) return undefined;
  const data = JSON.parse(fields.data) as JobData;
  return {
    ...data,
    pdf: fields.pdf ?? '',
    status: fields.status === 'printed' ? 'printed' : 'waiting',
    ...(fields.printedAt ? { printedAt: fields.printedAt } : {}),
  };
}

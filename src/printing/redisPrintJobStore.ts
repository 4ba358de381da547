import type { RedisClient } from '../storage/redisConnection';
import type { RedisKeys } from '../storage/redisKeys';
import type {
  CreatePrintJobOptions,
  CreatePrintJobResult,
  IssuedCertificate,
  PrintJob,
  PrintJobStore,
} from './printJobStore';

// Claims a number for an order: writes the job unless the number holds another order's job.
// KEYS: job. ARGV: order id, ttlMs, job JSON (without pdf and status), pdf → 1 ours, 0 taken.
const CLAIM_NUMBER = `
local data = redis.call('HGET', KEYS[1], 'data')
if data then
  local ok, job = pcall(cjson.decode, data)
  return (ok and type(job) == 'table' and job.orderId == ARGV[1]) and 1 or 0
end
redis.call('HSET', KEYS[1], 'data', ARGV[3], 'pdf', ARGV[4], 'status', 'waiting')
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

// Claims a verification code for an order: KEYS certificate · ARGV order id, JSON, ttlMs
// → 1 ours (now or from an earlier attempt of the same order), 0 another order's.
const CLAIM_CODE = `
local held = redis.call('GET', KEYS[1])
if held then
  local ok, certificate = pcall(cjson.decode, held)
  return (ok and type(certificate) == 'table' and certificate.orderId == ARGV[1]) and 1 or 0
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;

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
 *
 * The three keys lie in different Cluster slots (the copier knows only the number, the verifier
 * only the code), so registering claims them one after another, each claim a one-key script
 * that knows its own order's earlier claim (a retry goes through): the number, then the code,
 * and last the order's pointer, which decides. A registration that loses that race to another
 * of the same order drops its job; a crash between steps leaves an unreferenced job that expires
 * and whose number no student was ever shown.
 */
export class RedisPrintJobStore implements PrintJobStore {
  constructor(
    private readonly redis: Pick<RedisClient, 'eval' | 'hgetall' | 'get' | 'set' | 'del'>,
    private readonly keys: RedisKeys,
  ) {}

  async create(job: PrintJob, options: CreatePrintJobOptions): Promise<CreatePrintJobResult> {
    const { pdf, status: _status, printedAt: _printedAt, ...data } = job;
    const certificate: IssuedCertificate | undefined = job.document && {
      orderId: job.orderId,
      ...job.document,
    };
    const ttlMs = Math.max(1, Math.ceil(options.ttlMs));
    const orderKey = this.keys.printJobOfOrder(job.orderId);
    const jobKey = this.keys.printJob(job.number);
    const existing = async (): Promise<CreatePrintJobResult | undefined> => {
      const number = await this.redis.get(orderKey);
      if (number === null) return undefined;
      const found = await this.get(number);
      // The order's entry and its job expire in the same millisecond; a miss here means both
      // just went, and the caller's next attempt starts afresh.
      return found ? { status: 'existing', job: found } : { status: 'taken' };
    };
    const before = await existing();
    if (before) return before;
    const claimed = await this.redis.eval(
      CLAIM_NUMBER,
      1,
      jobKey,
      job.orderId,
      ttlMs,
      JSON.stringify(data satisfies JobData),
      pdf,
    );
    if (claimed !== 1) return { status: 'taken' };
    if (certificate) {
      const code = await this.redis.eval(
        CLAIM_CODE,
        1,
        this.keys.issuedCertificate(certificate.verificationCode),
        job.orderId,
        JSON.stringify(certificate),
        Math.max(1, Math.ceil(options.verificationTtlMs ?? ttlMs)),
      );
      if (code !== 1) {
        await this.redis.del(jobKey);
        return { status: 'codeTaken' };
      }
    }
    if (await this.redis.set(orderKey, job.number, 'PX', ttlMs, 'NX')) {
      return { status: 'created', job: { ...job, status: 'waiting' } };
    }
    const winner = await existing();
    if (winner?.status === 'existing' && winner.job.number !== job.number) {
      await this.redis.del(jobKey);
    }
    return winner ?? { status: 'taken' };
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

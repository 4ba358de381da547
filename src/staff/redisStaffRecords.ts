import { DateTime } from 'luxon';
import type Redis from 'ioredis';
import type { RedisKeys } from '../storage/redisKeys';
import { UnreadableStorageItemError } from '../storage/errors';
import type { AuditEntry, PushJob } from './staffDesk';
import { AUDIT_LIMIT, PUSH_LIMIT, type StaffRecords } from './staffRecords';

type RecordsRedis = Pick<Redis, 'get' | 'mget' | 'multi' | 'zrevrange' | 'lrange'>;

/**
 * The shared {@link StaffRecords}: a push is one JSON value, indexed by creation time in a sorted
 * set trimmed to {@link PUSH_LIMIT}; the audit log is a list trimmed to {@link AUDIT_LIMIT}.
 */
export class RedisStaffRecords implements StaffRecords {
  constructor(
    private readonly redis: RecordsRedis,
    private readonly keys: RedisKeys,
  ) {}

  async savePush(job: PushJob): Promise<void> {
    const created = DateTime.fromISO(job.createdAt).toMillis();
    const tx = this.redis.multi();
    tx.set(this.keys.staffPush(job.pushId), JSON.stringify(job));
    tx.zadd(this.keys.staffPushes(), created, job.pushId);
    // Members ranked below the newest PUSH_LIMIT fall out of the index (their values stay until
    // they are overwritten; an unlisted job can still be read by id).
    tx.zremrangebyrank(this.keys.staffPushes(), 0, -PUSH_LIMIT - 1);
    await tx.exec();
  }

  async getPush(pushId: string): Promise<PushJob | undefined> {
    return this.decode(pushId, await this.redis.get(this.keys.staffPush(pushId)));
  }

  async listPushes(limit: number): Promise<PushJob[]> {
    if (limit <= 0) return [];
    const ids = await this.redis.zrevrange(this.keys.staffPushes(), 0, limit - 1);
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(...ids.map((id) => this.keys.staffPush(id)));
    return ids
      .map((id, i) => this.decode(id, raws[i]))
      .filter((job): job is PushJob => job !== undefined);
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    const tx = this.redis.multi();
    tx.lpush(this.keys.staffAudit(), JSON.stringify(entry));
    tx.ltrim(this.keys.staffAudit(), 0, AUDIT_LIMIT - 1);
    await tx.exec();
  }

  async audit(limit: number): Promise<AuditEntry[]> {
    if (limit <= 0) return [];
    const raws = await this.redis.lrange(this.keys.staffAudit(), 0, limit - 1);
    return raws.map((raw) => JSON.parse(raw) as AuditEntry);
  }

  private decode(pushId: string, raw: string | null): PushJob | undefined {
    if (raw === null) return undefined;
    try {
      return JSON.parse(raw) as PushJob;
    } catch (err) {
      throw new UnreadableStorageItemError(`staff push:${pushId}`, { cause: err });
    }
  }
}

import type { RedisClient } from '../storage/redisConnection';
import type { RedisKeys } from '../storage/redisKeys';
import { DELIVERY_MARK_TTL_SECONDS, type DeliveryMarks } from './deliveryMarks';

/** The Redis {@link DeliveryMarks}: one small key per mark (SET NX with a TTL), any instance. */
export class RedisDeliveryMarks implements DeliveryMarks {
  constructor(
    private readonly redis: Pick<RedisClient, 'exists' | 'set'>,
    private readonly keys: RedisKeys,
    private readonly ttlSeconds = DELIVERY_MARK_TTL_SECONDS,
  ) {}

  async has(mark: string): Promise<boolean> {
    return (await this.redis.exists(this.keys.deliveredMark(mark))) === 1;
  }

  async set(mark: string): Promise<void> {
    await this.redis.set(this.keys.deliveredMark(mark), '1', 'EX', this.ttlSeconds, 'NX');
  }
}

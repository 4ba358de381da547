import type { RedisClient } from '../storage/redisConnection';
import type { RedisKeys } from '../storage/redisKeys';
import type { ChatReachability } from './chatReachability';
import { accountKey, type ChatAccount } from './student';

/** Members asked about per SMISMEMBER, so that a 10,000-student push does not block Redis. */
const BATCH = 1000;

/** The shared {@link ChatReachability}: one Redis set of blocked account keys. */
export class RedisChatReachability implements ChatReachability {
  constructor(
    private readonly redis: Pick<RedisClient, 'sadd' | 'srem' | 'smismember'>,
    private readonly keys: RedisKeys,
  ) {}

  async markBlocked(account: ChatAccount): Promise<void> {
    await this.redis.sadd(this.keys.blockedAccounts(), accountKey(account));
  }

  async markReachable(account: ChatAccount): Promise<void> {
    await this.redis.srem(this.keys.blockedAccounts(), accountKey(account));
  }

  async blockedAmong(accounts: readonly ChatAccount[]): Promise<Set<string>> {
    const keys = accounts.map(accountKey);
    const blocked = new Set<string>();
    for (let i = 0; i < keys.length; i += BATCH) {
      const batch = keys.slice(i, i + BATCH);
      const flags = await this.redis.smismember(this.keys.blockedAccounts(), ...batch);
      batch.forEach((key, j) => {
        if (flags[j] === 1) blocked.add(key);
      });
    }
    return blocked;
  }
}

import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import { batchedGet } from './batchedWrites';
import { randomId } from '../platform/randomIds';
import type { RedisClient } from './redisConnection';
import type { RedisKeys } from './redisKeys';
import { StorageConflictError } from './errors';
import { UnreadableStorageItemError } from './errors';

/** The Redis commands this store uses: a narrow view of an ioredis client. */
type StorageRedis = Pick<RedisClient, 'get' | 'set' | 'del' | 'defineCommand'>;

const WRITE_COMMAND = 'certbotStorageWrite';

/**
 * One item's compare-and-set, atomic on the server so that two instances cannot both win.
 * KEYS[1] item · ARGV[1] new JSON · ARGV[2] expected eTag ('' = unconditional) · ARGV[3] TTL s.
 * Every value is written with `eTag` as its first property, so the script reads the current eTag
 * with a pattern instead of decoding a whole dialog state; anything else counts as a conflict.
 * Returns 1 when written, 0 on conflict.
 */
const WRITE_LUA = `
if ARGV[2] ~= '' then
  local old = redis.call('GET', KEYS[1])
  if old and string.match(old, '^{"eTag":"([^"]*)"') ~= ARGV[2] then
    return 0
  end
end
local ttl = tonumber(ARGV[3])
if ttl > 0 then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ttl)
else
  redis.call('SET', KEYS[1], ARGV[1])
end
return 1
`;

/** Options of {@link RedisStorage}. */
export interface RedisStorageOptions {
  /** Items expire this long after their last write; unset = they never expire. */
  ttlSeconds?: number;
}

/**
 * botbuilder `Storage` on Redis with exactly `MemoryStorage`'s eTag rules: no eTag or `'*'`
 * overwrites, an eTag is a compare-and-set (and creates a missing item), every write gets a
 * fresh eTag, and a conflict rejects with `MemoryStorage`'s message after the other items of the
 * same call have been written.
 */
export class RedisStorage implements Storage {
  private readonly ttlSeconds: number;

  constructor(
    private readonly redis: StorageRedis,
    private readonly keys: RedisKeys,
    options: RedisStorageOptions = {},
  ) {
    const ttl = options.ttlSeconds ?? 0;
    if (!Number.isInteger(ttl) || ttl < 0) {
      throw new RangeError(`RedisStorage: ttlSeconds must be a whole number >= 0, not ${ttl}.`);
    }
    this.ttlSeconds = ttl;
    redis.defineCommand(WRITE_COMMAND, { numberOfKeys: 1, lua: WRITE_LUA });
  }

  /**
   * Reads all `keys`, sent together (one round trip); missing keys are absent from the result.
   * On a single server the GETs of one tick (this call's, the other state's read of the same
   * turn, other students' turns) go out as one MGET ({@link batchedGet}); on a cluster one GET
   * per item, as the items of one call may lie in different slots.
   */
  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const items: StoreItems = {};
    if (keys.length === 0) return items;
    const values = await Promise.all(
      keys.map((key) => batchedGet(this.redis, this.keys.storageItem(key))),
    );
    keys.forEach((key, index) => {
      const value = values[index];
      if (value !== null && value !== undefined) items[key] = parseItem(key, value);
    });
    return items;
  }

  /**
   * Writes all `changes`, sent together (one round trip), each item atomically on its own (so
   * items in different Cluster slots are fine: no command spans two of them).
   */
  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    const keys = Object.keys(changes);
    if (keys.length === 0) return;
    const writeItem = (this.redis as unknown as Record<string, WriteCommand>)[WRITE_COMMAND];
    const results = await Promise.allSettled(
      keys.map((key) => {
        const { eTag, ...data } = changes[key] as StoreItem;
        // MemoryStorage treats a missing, empty or '*' eTag alike: last write wins.
        const expected = eTag && eTag !== '*' ? eTag : '';
        const value = JSON.stringify({ eTag: newETag(), ...data });
        // Last write wins (botbuilder's own state saves, which always send '*'): one plain SET,
        // atomic by itself, instead of the script and the SET it would run.
        if (expected === '') return this.setItem(this.keys.storageItem(key), value).then(() => 1);
        return writeItem.call(
          this.redis,
          this.keys.storageItem(key),
          value,
          expected,
          this.ttlSeconds,
        );
      }),
    );
    const failure = results.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
    const conflict = results.findIndex(
      (result) => result.status === 'fulfilled' && Number(result.value) === 0,
    );
    if (conflict >= 0) throw new StorageConflictError(keys[conflict]);
  }

  private setItem(key: string, value: string): Promise<unknown> {
    return this.ttlSeconds > 0
      ? this.redis.set(key, value, 'EX', this.ttlSeconds)
      : this.redis.set(key, value);
  }

  /**
   * Deletes `keys` (one DEL each, sent together); deleting a missing item is not an error, but
   * no keys at all (`null`) is, as in `MemoryStorage`, so a caller's bug does not pass as a delete.
   */
  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    if (keys.length === 0) return;
    await Promise.all(keys.map((key) => this.redis.del(this.keys.storageItem(key))));
  }
}

type WriteCommand = (key: string, value: string, expected: string, ttl: number) => Promise<unknown>;

/** Random, so that eTags of different instances never collide (no shared counter needed). */
function newETag(): string {
  return randomId(9, 'base64url');
}

function parseItem(key: string, value: string): StoreItem {
  let item: unknown;
  try {
    item = JSON.parse(value);
  } catch (cause) {
    throw new UnreadableStorageItemError(key, { cause });
  }
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw new UnreadableStorageItemError(key);
  }
  return item as StoreItem;
}

import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import type { RedisKeys } from '../storage/redisKeys';
import type { QueuedTurn } from './turnQueue';

/**
 * The server-side half of {@link RedisTurnQueue}: each step that must not interleave with
 * another instance's is one Lua script, so a turn costs three round trips on the happy path
 * (enqueue, acquire-and-peek, finish-and-next) and two when the queue already has a drainer.
 */

/** KEYS queue, active set[, seen] · ARGV entry, queueKey, seen TTL s → 1 queued, 0 duplicate. */
const ENQUEUE_LUA = `
if KEYS[3] and not redis.call('SET', KEYS[3], '1', 'NX', 'EX', ARGV[3]) then
  return 0
end
redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('SADD', KEYS[2], ARGV[2])
return 1
`;

/**
 * KEYS lock, queue, active set · ARGV token, lock TTL ms, queueKey
 * → {'busy'} someone holds the lock · {'empty'} nothing to do (lock released) · {'turn', head}.
 */
const ACQUIRE_LUA = `
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {'busy'}
end
local head = redis.call('LINDEX', KEYS[2], 0)
if not head then
  redis.call('DEL', KEYS[1])
  redis.call('SREM', KEYS[3], ARGV[3])
  return {'empty'}
end
return {'turn', head}
`;

/**
 * Pops the finished entry (only if it is still the head: at-least-once), then hands over the next
 * one under a renewed lock, or releases the lock and leaves the active set when the list is empty.
 * Doing both in one script means no turn can slip in between the emptiness check and the release.
 * KEYS lock, queue, active set · ARGV token, lock TTL ms, queueKey, finished entry, stop ('1')
 * → {'lost'} another holder took over · {'empty'} · {'released'} (stop) · {'turn', head}.
 */
const FINISH_LUA = `
if redis.call('LINDEX', KEYS[2], 0) == ARGV[4] then
  redis.call('LPOP', KEYS[2])
end
local holder = redis.call('GET', KEYS[1])
if holder ~= ARGV[1] then
  if holder then
    return {'lost'}
  end
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
local head = redis.call('LINDEX', KEYS[2], 0)
if not head then
  redis.call('DEL', KEYS[1])
  redis.call('SREM', KEYS[3], ARGV[3])
  return {'empty'}
end
if ARGV[5] == '1' then
  redis.call('DEL', KEYS[1])
  return {'released'}
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {'turn', head}
`;

/** KEYS lock · ARGV token, lock TTL ms → 1 still ours (or retaken after it lapsed), 0 lost. */
const RENEW_LUA = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
`;

/** KEYS lock · ARGV token: deletes the lock only if it is still ours. */
const RELEASE_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

/** What the drainer is told to do next. */
export type DrainStep =
  { kind: 'turn'; entry: string } | { kind: 'busy' | 'empty' | 'lost' | 'released' };

type ScriptCall = (...args: (string | number)[]) => Promise<unknown>;

/** Typed calls of the turn-queue scripts on one connection. */
export class RedisTurnScripts {
  private readonly call: Record<string, ScriptCall>;

  constructor(
    redis: Pick<Redis, 'defineCommand'>,
    private readonly keys: RedisKeys,
  ) {
    const scripts = {
      certbotTurnEnqueue: [ENQUEUE_LUA, undefined],
      certbotTurnAcquire: [ACQUIRE_LUA, 3],
      certbotTurnFinish: [FINISH_LUA, 3],
      certbotTurnRenew: [RENEW_LUA, 1],
      certbotTurnRelease: [RELEASE_LUA, 1],
    } as const;
    this.call = {};
    for (const [name, [lua, numberOfKeys]] of Object.entries(scripts)) {
      redis.defineCommand(name, { lua, numberOfKeys });
      const bound = (redis as unknown as Record<string, ScriptCall>)[name];
      this.call[name] = bound.bind(redis);
    }
  }

  /** Queues `entry`; false when `seen` (an event id key) was already taken. */
  async enqueue(
    queueKey: string,
    entry: string,
    seen?: { key: string; ttlSeconds: number },
  ): Promise<boolean> {
    const keys = [this.keys.turnQueue(queueKey), this.keys.activeTurnQueues()];
    if (seen) keys.push(seen.key);
    const args = [entry, queueKey, seen?.ttlSeconds ?? 0];
    const queued = await this.call.certbotTurnEnqueue(keys.length, ...keys, ...args);
    return Number(queued) === 1;
  }

  async acquire(queueKey: string, token: string, lockTtlMs: number): Promise<DrainStep> {
    const reply = await this.call.certbotTurnAcquire(
      ...this.drainKeys(queueKey),
      token,
      lockTtlMs,
      queueKey,
    );
    return toStep(reply);
  }

  async finish(
    queueKey: string,
    token: string,
    lockTtlMs: number,
    entry: string,
    stop: boolean,
  ): Promise<DrainStep> {
    const args = [token, lockTtlMs, queueKey, entry, stop ? '1' : '0'];
    return toStep(await this.call.certbotTurnFinish(...this.drainKeys(queueKey), ...args));
  }

  async renew(queueKey: string, token: string, lockTtlMs: number): Promise<boolean> {
    return (
      Number(await this.call.certbotTurnRenew(this.keys.turnLock(queueKey), token, lockTtlMs)) === 1
    );
  }

  async release(queueKey: string, token: string): Promise<void> {
    await this.call.certbotTurnRelease(this.keys.turnLock(queueKey), token);
  }

  private drainKeys(queueKey: string): string[] {
    return [
      this.keys.turnLock(queueKey),
      this.keys.turnQueue(queueKey),
      this.keys.activeTurnQueues(),
    ];
  }
}

function toStep(reply: unknown): DrainStep {
  const [kind, entry] = reply as [string, string | undefined];
  if (kind === 'turn' && typeof entry === 'string') return { kind, entry };
  if (kind === 'busy' || kind === 'empty' || kind === 'lost' || kind === 'released')
    return { kind };
  throw new Error(`Unexpected turn-queue script reply: ${String(kind)}`);
}

/**
 * The list entry of one turn. The random id makes two identical turns distinct entries, so that
 * "pop only if the head is still this entry" can never pop the wrong one.
 */
export function encodeTurnEntry(turn: QueuedTurn): string {
  return JSON.stringify({ id: randomBytes(8).toString('hex'), turn });
}

/** The turn inside an entry, or undefined when the entry is not one this queue wrote. */
export function decodeTurnEntry(entry: string): QueuedTurn | undefined {
  try {
    const parsed = JSON.parse(entry) as { turn?: { channel?: unknown; payload?: unknown } };
    const turn = parsed?.turn;
    if (typeof turn?.channel !== 'string') return undefined;
    return { channel: turn.channel, payload: turn.payload };
  } catch {
    return undefined;
  }
}

import { createHash } from 'node:crypto';
import { randomId } from '../platform/randomIds';
import type { RedisClient } from '../storage/redisConnection';
import type { RedisKeys } from '../storage/redisKeys';
import type { QueuedTurn } from './turnQueue';

/**
 * The server-side half of {@link RedisTurnQueue}: each step that must not interleave with
 * another instance's is one Lua script on the student's slot (queue, lock and seen event ids
 * share its hash tag), so a turn costs three round trips on the happy path (enqueue-and-take,
 * list, finish-and-next; acquiring is needed only when the lock was busy at the enqueue, and
 * unlisting is left to the recovery sweep).
 *
 * The global set of active queues lives in another slot, so on Redis Cluster it cannot change in
 * the same script as a queue. Its rule instead: a queue is listed *after* a turn is pushed, and
 * unlisted *before* its emptiness is checked again (re-listed if a turn came meanwhile). Of an
 * enqueue and an unlisting racing, one of them therefore always leaves the queue listed while it
 * holds a turn, and the recovery sweep finds every queue a crashed instance left behind. A queue
 * listed without turns costs the sweep one empty acquire.
 *
 * Unlisting is three steps on two slots, and an instance may die between any two of them. So
 * that a queue which got a turn meanwhile is never left unlisted, the first step leaves a mark
 * (in the active set's slot, in the same script that unlists), and only the last step, once the
 * queue was seen empty or listed again, removes it; a mark older than the grace period is an
 * unlisting whose instance died, and any instance's sweep lists that queue again.
 */

/**
 * Queues a turn and, when nobody holds the lock, takes it and hands the queue's head over at
 * once: on the happy path a turn's first round trip.
 * KEYS queue, lock[, seen] · ARGV entry, seen TTL s, token, lock TTL ms
 * → {'duplicate'} the event id was seen · {'queued'} · {'turn', head} the lock is the caller's.
 */
const ENQUEUE_LUA = `
if KEYS[3] and not redis.call('SET', KEYS[3], '1', 'NX', 'EX', ARGV[2]) then
  return {'duplicate'}
end
local length = redis.call('RPUSH', KEYS[1], ARGV[1])
if not redis.call('SET', KEYS[2], ARGV[3], 'NX', 'PX', ARGV[4]) then
  return {'queued'}
end
if length == 1 then
  return {'turn', ARGV[1]}
end
return {'turn', redis.call('LINDEX', KEYS[1], 0)}
`;

/**
 * KEYS lock, queue · ARGV token, lock TTL ms
 * → {'busy'} someone holds the lock · {'empty'} nothing to do (lock released) · {'turn', head}.
 */
const ACQUIRE_LUA = `
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {'busy'}
end
local head = redis.call('LINDEX', KEYS[2], 0)
if not head then
  redis.call('DEL', KEYS[1])
  return {'empty'}
end
return {'turn', head}
`;

/**
 * Pops the finished entry (only if it is still the head: at-least-once), then hands over the next
 * one under a renewed lock, or releases the lock when the list is empty (the caller then unlists
 * the queue). Doing both in one script means no turn can slip in between the emptiness check and
 * the release. Written for the usual case to cost few commands: the head and the entry after it
 * are popped at once (what must stay is put back: the next entry, or both in the rare case the
 * head is another entry), and an empty queue's lock is released with one GETDEL (put back, with
 * a full lifetime, in the rare case another holder had taken it over).
 * KEYS lock, queue · ARGV token, lock TTL ms, finished entry, stop ('1')
 * → {'lost'} another holder took over · {'empty'} · {'released'} (stop) · {'turn', head}.
 */
const FINISH_LUA = `
local popped = redis.call('LPOP', KEYS[2], 2)
local head = false
if popped then
  if popped[2] then
    redis.call('LPUSH', KEYS[2], popped[2])
    head = popped[2]
  end
  if popped[1] ~= ARGV[3] then
    redis.call('LPUSH', KEYS[2], popped[1])
    head = popped[1]
  end
end
if not head or ARGV[4] == '1' then
  local holder = redis.call('GETDEL', KEYS[1])
  if holder and holder ~= ARGV[1] then
    redis.call('SET', KEYS[1], holder, 'PX', ARGV[2])
    return {'lost'}
  end
  if not head then
    return {'empty'}
  end
  return {'released'}
end
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
elseif holder then
  return {'lost'}
else
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
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

/** Milliseconds since the epoch by the Redis server's clock: the one clock every instance shares. */
const NOW_MS_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/** KEYS active, unlisting · ARGV queue, token: unlists the queue and marks it as being unlisted. */
const UNLIST_BEGIN_LUA = `${NOW_MS_LUA}
redis.call('SREM', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], now, ARGV[1] .. ' ' .. ARGV[2])
return 1
`;

/** KEYS active, unlisting · ARGV queue, token, relist ('1') → lists it again if asked; unmarks. */
const UNLIST_END_LUA = `
if ARGV[3] == '1' then
  redis.call('SADD', KEYS[1], ARGV[1])
end
redis.call('ZREM', KEYS[2], ARGV[1] .. ' ' .. ARGV[2])
return 1
`;

/**
 * KEYS active, unlisting · ARGV grace ms, limit → how many abandoned unlistings were undone: each
 * queue whose mark is older than the grace is listed again (the sweep then drains it, and
 * unlists it properly if it is empty).
 */
const RELIST_ABANDONED_LUA = `${NOW_MS_LUA}
local marks = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now - tonumber(ARGV[1]), 'LIMIT', 0, tonumber(ARGV[2]))
for _, mark in ipairs(marks) do
  local queue = string.match(mark, '^(%S+)')
  if queue then
    redis.call('SADD', KEYS[1], queue)
  end
  redis.call('ZREM', KEYS[2], mark)
end
return #marks
`;

/**
 * The name of a chat's queue inside Redis: a hash of its queue key (which holds a LINE user,
 * group or web-chat session id), so that the queue's keys and the active set, which outlive the
 * turns a while, name no chat; hex, so it is also safe inside a `{…}` hash tag.
 */
export function turnQueueId(queueKey: string): string {
  return createHash('sha256').update(queueKey).digest('hex').slice(0, 32);
}

/** What the drainer is told to do next. */
export type DrainStep =
  { kind: 'turn'; entry: string } | { kind: 'busy' | 'empty' | 'lost' | 'released' };

type ScriptCall = (...args: (string | number)[]) => Promise<unknown>;

/** Typed calls of the turn-queue scripts on one connection. */
export class RedisTurnScripts {
  private readonly call: Record<string, ScriptCall>;

  constructor(
    private readonly redis: Pick<RedisClient, 'defineCommand' | 'sadd' | 'llen'>,
    private readonly keys: RedisKeys,
  ) {
    const scripts = {
      certbotTurnEnqueue: [ENQUEUE_LUA, undefined],
      certbotTurnAcquire: [ACQUIRE_LUA, 2],
      certbotTurnFinish: [FINISH_LUA, 2],
      certbotTurnRenew: [RENEW_LUA, 1],
      certbotTurnUnlistBegin: [UNLIST_BEGIN_LUA, 2],
      certbotTurnUnlistEnd: [UNLIST_END_LUA, 2],
      certbotTurnRelistAbandoned: [RELIST_ABANDONED_LUA, 2],
    } as const;
    this.call = {};
    for (const [name, [lua, numberOfKeys]] of Object.entries(scripts)) {
      redis.defineCommand(name, { lua, numberOfKeys });
      const bound = (redis as unknown as Record<string, ScriptCall>)[name];
      this.call[name] = bound.bind(redis);
    }
  }

  /**
   * Queues `entry`; 'duplicate' when `seen` (an event id key, in the queue's slot) was already
   * taken. The lock is taken too if it is free, and the head handed over ('turn'). The caller
   * then lists the queue ({@link list}), a duplicate too: if the first delivery's instance died
   * between pushing and listing, its redelivery is what gets the turn recovered.
   */
  async enqueue(
    queueKey: string,
    entry: string,
    seen: { key: string; ttlSeconds: number } | undefined,
    lock: { token: string; ttlMs: number },
  ): Promise<DrainStep | { kind: 'queued' | 'duplicate' }> {
    const keys = [this.keys.turnQueue(queueKey), this.keys.turnLock(queueKey)];
    if (seen) keys.push(seen.key);
    const reply = await this.call.certbotTurnEnqueue(
      keys.length,
      ...keys,
      entry,
      seen?.ttlSeconds ?? 0,
      lock.token,
      lock.ttlMs,
    );
    const [kind] = reply as [string];
    return kind === 'duplicate' || kind === 'queued' ? { kind } : toStep(reply);
  }

  /** Puts the queue on the active set (after a push: see the comment at the top). */
  async list(queueKey: string): Promise<void> {
    await this.redis.sadd(this.keys.activeTurnQueues(), queueKey);
  }

  async acquire(queueKey: string, token: string, lockTtlMs: number): Promise<DrainStep> {
    return toStep(
      await this.call.certbotTurnAcquire(...this.drainKeys(queueKey), token, lockTtlMs),
    );
  }

  async finish(
    queueKey: string,
    token: string,
    lockTtlMs: number,
    entry: string,
    stop: boolean,
  ): Promise<DrainStep> {
    const args = [token, lockTtlMs, entry, stop ? '1' : '0'];
    return toStep(await this.call.certbotTurnFinish(...this.drainKeys(queueKey), ...args));
  }

  async renew(queueKey: string, token: string, lockTtlMs: number): Promise<boolean> {
    return (
      Number(await this.call.certbotTurnRenew(this.keys.turnLock(queueKey), token, lockTtlMs)) === 1
    );
  }

  /**
   * Takes a queue found empty off the active set, then looks again: true when a turn arrived
   * meanwhile (the queue is listed again, and the caller should drain it). Marked as being
   * unlisted until it is done, so that a crash midway cannot leave a turn unlisted (see the
   * comment at the top).
   */
  async unlist(queueKey: string): Promise<boolean> {
    const listKeys = [this.keys.activeTurnQueues(), this.keys.unlistingTurnQueues()];
    const token = randomId(9, 'base64url');
    await this.call.certbotTurnUnlistBegin(...listKeys, queueKey, token);
    const arrived = (await this.redis.llen(this.keys.turnQueue(queueKey))) > 0;
    await this.call.certbotTurnUnlistEnd(...listKeys, queueKey, token, arrived ? '1' : '0');
    return arrived;
  }

  /**
   * Lists again every queue whose unlisting began more than `graceMs` ago (by Redis' clock) and
   * never ended: its instance died midway. Returns how many.
   */
  async relistAbandoned(graceMs: number, limit = 1000): Promise<number> {
    const listKeys = [this.keys.activeTurnQueues(), this.keys.unlistingTurnQueues()];
    return Number(await this.call.certbotTurnRelistAbandoned(...listKeys, graceMs, limit));
  }

  private drainKeys(queueKey: string): string[] {
    return [this.keys.turnLock(queueKey), this.keys.turnQueue(queueKey)];
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
  const { channel, payload } = turn;
  return JSON.stringify({ id: randomId(8, 'hex'), turn: { channel, payload } });
}

/** The turn inside an entry, with the entry's id, or undefined when this queue did not write it. */
export function decodeTurnEntry(entry: string): QueuedTurn | undefined {
  try {
    const parsed = JSON.parse(entry) as {
      id?: unknown;
      turn?: { channel?: unknown; payload?: unknown };
    };
    const turn = parsed?.turn;
    if (typeof turn?.channel !== 'string' || typeof parsed.id !== 'string') return undefined;
    return { channel: turn.channel, payload: turn.payload, id: parsed.id };
  } catch {
    return undefined;
  }
}

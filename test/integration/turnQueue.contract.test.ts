import Redis from 'ioredis';
import { ManualClock } from '../../src/platform/clock';
import type { Logger } from '../../src/platform/logger';
import { Metrics } from '../../src/platform/metrics';
import { DeadLetterRecorder } from '../../src/turns/deadLetterRecorder';
import { MemoryDeadLetters } from '../../src/turns/memoryDeadLetters';
import { RedisKeys } from '../../src/storage/redisKeys';
import { MemoryTurnQueue } from '../../src/turns/memoryTurnQueue';
import { RedisTurnQueue, type RedisTurnQueueOptions } from '../../src/turns/redisTurnQueue';
import { encodeTurnEntry, RedisTurnScripts, turnQueueId } from '../../src/turns/redisTurnScripts';
import { TurnDeliveryPendingError } from '../../src/turns/errors';
import type { QueuedTurn, TurnQueue, TurnRunner } from '../../src/turns/turnQueue';
import { testRedis, type TestRedis } from '../support/redis';
import { redisTargets } from '../support/redisTargets';
import { startRedisServer } from '../support/redisServer';
import { capturedLogger } from '../support/capturedLogger';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits for a condition; the limit only turns a hang into a readable failure. */
async function waitFor(what: string, condition: () => boolean | Promise<boolean>): Promise<void> {
  for (let waited = 0; !(await condition()); waited += 10) {
    if (waited > 15_000) throw new Error(`gave up waiting for ${what}`);
    await sleep(10);
  }
}

/** A promise the test resolves by hand, to hold a turn open. */
function gate(): { opened: Promise<void>; open(): void } {
  let open = () => undefined as void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const turn = (n: number, extra: Record<string, unknown> = {}): QueuedTurn => ({
  channel: 'webchat',
  payload: { n, ...extra },
});
const numberOf = (t: QueuedTurn) => (t.payload as { n: number }).n;

interface QueueUnderTest {
  queue: TurnQueue;
  cleanup(): Promise<void>;
}
type QueueFactory = (
  runner: TurnRunner,
  logger: Logger,
  deadLetters?: DeadLetterRecorder,
) => Promise<QueueUnderTest>;

/** A dead-letter recorder into memory, on a fixed clock, with its store, metrics and logger. */
function recordedDeadLetters() {
  const store = new MemoryDeadLetters();
  const metrics = new Metrics({ defaultMetrics: false });
  const { logger } = capturedLogger();
  const clock = new ManualClock('2026-11-24T15:00:00+09:00');
  return {
    store,
    metrics,
    logger,
    deadLetters: new DeadLetterRecorder({ store, metrics, logger, clock }),
  };
}

const REDIS = redisTargets();
/** Delivery retries at test speed: waits of 20 then 40 ms, given up after 300 ms. */
const FAST_RETRY = { firstDelayMs: 20, maxDelayMs: 40, giveUpAfterMs: 300 };

const factories: [string, QueueFactory][] = [
  [
    'MemoryTurnQueue',
    async (runner, logger, deadLetters) => {
      const queue = new MemoryTurnQueue(runner, logger, { deadLetters, deliveryRetry: FAST_RETRY });
      return { queue, cleanup: () => queue.close(5_000) };
    },
  ],
  ...REDIS.map(({ name, connect }): [string, QueueFactory] => [
    `RedisTurnQueue on ${name}`,
    async (runner, logger, deadLetters) => {
      const redis = await connect();
      const queue = new RedisTurnQueue(redis.redis, redis.keys, runner, logger, {
        deadLetters,
        deliveryRetry: FAST_RETRY,
        // Slow enough that the sweep cannot hide a turn the drain left behind: idle() alone
        // must account for every accepted turn.
        sweepIntervalMs: 60_000,
      });
      queue.start();
      return {
        queue,
        cleanup: async () => {
          await queue.close(5_000);
          await redis.cleanup();
        },
      };
    },
  ]),
];

describe.each(factories)('TurnQueue contract: %s', (_name, create) => {
  const cleanups: (() => Promise<void>)[] = [];
  const start = async (
    runner: TurnRunner,
    logger = capturedLogger().logger,
    deadLetters?: DeadLetterRecorder,
  ) => {
    const subject = await create(runner, logger, deadLetters);
    cleanups.push(subject.cleanup);
    return subject.queue;
  };
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()?.();
  });

  it('runs the turns of one key one at a time, in enqueue order', async () => {
    const events: string[] = [];
    const queue = await start(async (t) => {
      events.push(`start ${numberOf(t)}`);
      await sleep(Math.random() * 3);
      events.push(`end ${numberOf(t)}`);
    });
    const numbers = Array.from({ length: 50 }, (_, i) => i);
    const accepted = await Promise.all(numbers.map((n) => queue.enqueue('student-1', turn(n))));
    expect(accepted.every(Boolean)).toBe(true);
    await queue.idle();
    expect(events).toEqual(numbers.flatMap((n) => [`start ${n}`, `end ${n}`]));
  });

  it('runs turns of different keys at the same time', async () => {
    let running = 0;
    let mostAtOnce = 0;
    const queue = await start(async () => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      // Neither turn ends before the other has started (the wait gives up if they never overlap).
      await waitFor('the other student’s turn to start', () => mostAtOnce === 2).catch(
        () => undefined,
      );
      running -= 1;
    });
    await Promise.all([queue.enqueue('student-1', turn(1)), queue.enqueue('student-2', turn(2))]);
    await queue.idle();
    expect(mostAtOnce).toBe(2);
  });

  it('drops a redelivered event id and runs the turn once', async () => {
    const ran: number[] = [];
    const queue = await start(async (t) => void ran.push(numberOf(t)));
    const id = { channel: 'line', id: 'evt-1' };
    expect(
      await Promise.all([queue.enqueue('s', turn(1), id), queue.enqueue('s', turn(2), id)]),
    ).toEqual([true, false]);
    expect(await queue.enqueue('s', turn(3), id)).toBe(false);
    expect(await queue.enqueue('s', turn(4), { channel: 'teams', id: 'evt-1' })).toBe(true);
    await queue.idle();
    expect(ran).toEqual([1, 4]);
  });

  it('keeps going after a runner throws, and logs no turn content', async () => {
    const ran: number[] = [];
    const { logger, lines } = capturedLogger();
    const queue = await start(async (t) => {
      ran.push(numberOf(t));
      if (numberOf(t) === 1) throw new Error('runner bug');
    }, logger);
    for (const n of [1, 2, 3]) await queue.enqueue('s', turn(n, { text: 'private words' }));
    await queue.idle();
    expect(ran).toEqual([1, 2, 3]);
    expect(lines.join('')).toContain('runner bug');
    expect(lines.join('')).not.toContain('private words');
  });

  it('puts a turn whose runner throws in the dead-letter list, and runs the next one', async () => {
    const { store, metrics, logger, deadLetters } = recordedDeadLetters();
    const ran: number[] = [];
    const queue = await start(
      async (t) => {
        ran.push(numberOf(t));
        if (numberOf(t) === 1) throw new TypeError('runner bug');
      },
      logger,
      deadLetters,
    );
    for (const n of [1, 2]) await queue.enqueue('s', turn(n));
    await queue.idle();
    expect(ran).toEqual([1, 2]);
    const letters = await store.list(10);
    expect(letters).toEqual([
      {
        at: '2026-11-24T15:00:00+09:00',
        channel: 'webchat',
        reason: 'failed',
        excerpt: '{"n":1}',
        error: 'TypeError: runner bug',
      },
    ]);
    const { values } = await metrics.deadLetters.get();
    expect(values.map((v) => [v.labels, v.value])).toEqual([
      [{ channel: 'webchat', reason: 'failed' }, 1],
    ]);
  });

  it('names a LINE event in its dead letter by its webhookEventId', async () => {
    const { store, logger, deadLetters } = recordedDeadLetters();
    const queue = await start(
      async () => {
        throw new TypeError('runner bug');
      },
      logger,
      deadLetters,
    );
    const event = { type: 'message', webhookEventId: '01JDEADLETTER0000000000000' };
    await queue.enqueue('s', { channel: 'line', payload: event });
    await queue.idle();
    expect(await store.list(10)).toEqual([
      expect.objectContaining({
        channel: 'line',
        reason: 'failed',
        eventId: '01JDEADLETTER0000000000000',
      }),
    ]);
  });

  it('runs a turn whose answer is pending again, counting the retries, before the next turn', async () => {
    const runs: [number, number | undefined][] = [];
    const queue = await start(async (t) => {
      runs.push([numberOf(t), t.deliveryRetries]);
      if (numberOf(t) === 1 && runs.length < 3) throw new TurnDeliveryPendingError(2);
    });
    for (const n of [1, 2]) await queue.enqueue('s', turn(n));
    await queue.idle();
    expect(runs).toEqual([
      [1, undefined],
      [1, 1],
      [1, 2],
      [2, undefined],
    ]);
  });

  it('gives a turn whose answer stays pending up as an `undelivered` dead letter, then runs the next', async () => {
    const { store, logger, deadLetters } = recordedDeadLetters();
    const ran: number[] = [];
    const queue = await start(
      async (t) => {
        ran.push(numberOf(t));
        if (numberOf(t) === 1) throw new TurnDeliveryPendingError(1);
      },
      logger,
      deadLetters,
    );
    for (const n of [1, 2]) await queue.enqueue('s', turn(n));
    await queue.idle();
    // 20 + 40 + 40 + … ms of waits until 300 ms have passed: several tries, then the next turn.
    expect(ran.filter((n) => n === 1).length).toBeGreaterThan(3);
    expect(ran[ran.length - 1]).toBe(2);
    expect((await store.list(10)).map(({ reason, excerpt }) => ({ reason, excerpt }))).toEqual([
      { reason: 'undelivered', excerpt: '{"n":1}' },
    ]);
  });

  it('idle() resolves only after every accepted turn has run', async () => {
    const finished: number[] = [];
    const queue = await start(async (t) => {
      await sleep(5);
      finished.push(numberOf(t));
    });
    await Promise.all([1, 2, 3, 4].map((n) => queue.enqueue(`s${n % 2}`, turn(n))));
    await queue.idle();
    expect(finished.sort()).toEqual([1, 2, 3, 4]);
  });

  it('close() waits for accepted turns, then refuses new ones', async () => {
    const finished: number[] = [];
    const queue = await start(async (t) => {
      await sleep(10);
      finished.push(numberOf(t));
    });
    await Promise.all([1, 2, 3].map((n) => queue.enqueue('s', turn(n))));
    await queue.close(10_000);
    expect(finished).toEqual([1, 2, 3]);
    await expect(queue.enqueue('s', turn(4))).rejects.toThrow('closed');
  });

  it('close() gives up after its timeout when a turn hangs', async () => {
    const held = gate();
    let started = false;
    const queue = await start(async () => {
      started = true;
      await held.opened;
    });
    await queue.enqueue('s', turn(1));
    await waitFor('the turn to start', () => started);
    await queue.close(50);
    held.open();
    await queue.idle();
  });
});

describe.each(REDIS)('RedisTurnQueue across instances on $name', ({ connect }) => {
  let test: TestRedis;
  const extra: { close(): Promise<void> }[] = [];

  beforeEach(async () => (test = await connect()));
  afterEach(async () => {
    while (extra.length > 0) await extra.pop()?.close();
    await test.cleanup();
  });

  /** An instance on its own connection, as another process sharing this Redis would be. */
  function instance(runner: TurnRunner, options: RedisTurnQueueOptions = {}, logger?: Logger) {
    const redis = test.connect();
    const queue = new RedisTurnQueue(
      redis,
      new RedisKeys(test.prefix),
      runner,
      logger ?? capturedLogger().logger,
      { sweepIntervalMs: 50, ...options },
    );
    queue.start();
    extra.push({
      close: async () => {
        await queue.close(2_000);
        redis.disconnect();
      },
    });
    return { queue, redis };
  }

  /** A runner that records turns and fails the test if two of them ever overlap. */
  function exclusiveRecorder() {
    const ran: number[] = [];
    let running = 0;
    let overlapped = false;
    const runner: TurnRunner = async (t) => {
      running += 1;
      if (running > 1) overlapped = true;
      await sleep(Math.random() * 3);
      ran.push(numberOf(t));
      running -= 1;
    };
    return { ran, runner, overlapped: () => overlapped };
  }

  it('runs each turn exactly once, one at a time, when two instances share a key', async () => {
    const recorder = exclusiveRecorder();
    const a = instance(recorder.runner);
    const b = instance(recorder.runner);
    const numbers = Array.from({ length: 40 }, (_, i) => i);
    await Promise.all(numbers.map((n) => (n % 2 ? b : a).queue.enqueue('student', turn(n))));
    await waitFor('all turns', () => recorder.ran.length >= 40);
    await Promise.all([a.queue.idle(), b.queue.idle()]);
    expect([...recorder.ran].sort((x, y) => x - y)).toEqual(numbers);
    expect(recorder.overlapped()).toBe(false);
    // Each connection delivers its own commands in order, so each instance's turns keep theirs.
    const evens = recorder.ran.filter((n) => n % 2 === 0);
    const odds = recorder.ran.filter((n) => n % 2 === 1);
    expect(evens).toEqual([...evens].sort((x, y) => x - y));
    expect(odds).toEqual([...odds].sort((x, y) => x - y));
    expect(await test.redis.llen(test.keys.turnQueue(turnQueueId('student')))).toBe(0);
    // The sweep (every 50 ms here) takes the drained queue off the active set.
    await waitFor(
      'the queue to be unlisted',
      async () =>
        (await test.redis.sismember(test.keys.activeTurnQueues(), turnQueueId('student'))) === 0,
    );
  });

  it('keeps the global order when two instances take turns enqueuing', async () => {
    const recorder = exclusiveRecorder();
    const a = instance(recorder.runner);
    const b = instance(recorder.runner);
    const numbers = Array.from({ length: 30 }, (_, i) => i);
    for (const n of numbers) await (n % 2 ? b : a).queue.enqueue('student', turn(n));
    await waitFor('all turns', () => recorder.ran.length >= 30);
    expect(recorder.ran).toEqual(numbers);
    expect(recorder.overlapped()).toBe(false);
  });

  it('runs a turn left behind with no lock holder on the next sweep', async () => {
    const ran: number[] = [];
    await test.redis.rpush(test.keys.turnQueue('orphan'), encodeTurnEntry(turn(7)));
    await test.redis.sadd(test.keys.activeTurnQueues(), 'orphan');
    instance(async (t) => void ran.push(numberOf(t)));
    await waitFor('the orphaned turn', () => ran.length === 1);
    expect(ran).toEqual([7]);
    await waitFor(
      'the active set to empty',
      async () => (await test.redis.scard(test.keys.activeTurnQueues())) === 0,
    );
  });

  it('runs older turns first when an enqueue finds them behind a free lock', async () => {
    const keys = new RedisKeys(test.prefix);
    const id = turnQueueId('student');
    // Left by an instance that died after queueing them, its lock lapsed, not yet swept.
    await test.redis.rpush(keys.turnQueue(id), encodeTurnEntry(turn(1)), encodeTurnEntry(turn(2)));
    const recorder = exclusiveRecorder();
    const a = instance(recorder.runner, { sweepIntervalMs: 60_000 });
    await a.queue.enqueue('student', turn(3));
    await waitFor('the three turns', () => recorder.ran.length === 3);
    expect(recorder.ran).toEqual([1, 2, 3]);
    expect(await test.redis.exists(keys.turnLock(id), keys.turnQueue(id))).toBe(0);
  });

  it('lists a queue again when the instance unlisting it dies midway while a turn comes', async () => {
    // The fault suite's lost turn: the sweep of the instance that dies finds the queue empty and
    // unlists it, just after another enqueue pushed a turn and listed the queue; it dies before
    // it looks again. Nobody else would ever learn of that queue.
    const keys = new RedisKeys(test.prefix);
    const id = turnQueueId('student');
    await test.redis.sadd(keys.activeTurnQueues(), id);
    const connection = test.connect();
    let died = false;
    const dying = new Proxy(connection, {
      get(target, prop) {
        if (prop === 'llen') {
          died = true;
          return () => new Promise(() => undefined); // the process is gone: no answer, ever
        }
        const value: unknown = Reflect.get(target, prop, target);
        if (prop === 'certbotTurnUnlistBegin' && typeof value === 'function') {
          return async (...args: unknown[]) => {
            // Another instance's enqueue, in full (push, then list), lands first.
            await test.redis.rpush(keys.turnQueue(id), encodeTurnEntry(turn(5)));
            await test.redis.sadd(keys.activeTurnQueues(), id);
            return value.apply(target, args);
          };
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const dyingQueue = new RedisTurnQueue(
      dying,
      keys,
      async () => undefined,
      capturedLogger().logger,
      {
        sweepIntervalMs: 50,
        lockTtlMs: 300,
      },
    );
    dyingQueue.start();
    await waitFor('the unlisting instance to die', () => died);
    await dyingQueue.close(10);
    connection.disconnect();
    expect(await test.redis.sismember(keys.activeTurnQueues(), id)).toBe(0);
    expect(await test.redis.llen(keys.turnQueue(id))).toBe(1);

    const ran: number[] = [];
    const { logger, lines } = capturedLogger();
    instance(async (t) => void ran.push(numberOf(t)), { lockTtlMs: 300 }, logger);
    await waitFor('the survivor to run the turn', () => ran.length === 1);
    expect(ran).toEqual([5]);
    expect(lines.some((line) => line.includes('listed again after a crash'))).toBe(true);
    await waitFor(
      'the queue to be unlisted for good',
      async () =>
        (await test.redis.scard(keys.activeTurnQueues())) === 0 &&
        (await test.redis.zcard(keys.unlistingTurnQueues())) === 0,
    );
  });

  it('hands a dead instance’s turns to another once its lock lapses', async () => {
    const stuck = gate();
    let crashedStarted = false;
    const crashed = instance(
      async () => {
        crashedStarted = true;
        await stuck.opened;
      },
      { lockTtlMs: 300 },
    );
    await crashed.queue.enqueue('student', turn(1));
    await crashed.queue.enqueue('student', turn(2));
    await waitFor('the doomed turn to start', () => crashedStarted);
    crashed.redis.disconnect(); // the process is gone: no renewals, no pop

    const ran: number[] = [];
    instance(async (t) => void ran.push(numberOf(t)), { lockTtlMs: 300 });
    await waitFor('the survivor to run both turns', () => ran.length === 2);
    // At-least-once: the interrupted turn runs again, then the one behind it.
    expect(ran).toEqual([1, 2]);
    stuck.open();
  });

  it('renews the lock while a long turn runs, so nobody else starts that key', async () => {
    const held = gate();
    const events: string[] = [];
    const runner: TurnRunner = async (t) => {
      events.push(`start ${numberOf(t)}`);
      if (numberOf(t) === 1) await held.opened;
      events.push(`end ${numberOf(t)}`);
    };
    const a = instance(runner, { lockTtlMs: 150 });
    const b = instance(runner, { lockTtlMs: 150 });
    await a.queue.enqueue('student', turn(1));
    await waitFor('the long turn to start', () => events.length === 1);
    await b.queue.enqueue('student', turn(2));
    await sleep(750); // five lock lifetimes, and many sweeps of b
    expect(events).toEqual(['start 1']);
    expect(await test.redis.pttl(test.keys.turnLock(turnQueueId('student')))).toBeGreaterThan(0);
    held.open();
    await waitFor('the second turn', () => events.length === 4);
    expect(events).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('drops an unreadable entry, logs it, and runs the turns behind it', async () => {
    const ran: number[] = [];
    const { logger, lines } = capturedLogger();
    await test.redis.rpush(
      test.keys.turnQueue(turnQueueId('student')),
      'not json {',
      '{"turn":{}}',
    );
    const store = new MemoryDeadLetters();
    const deadLetters = new DeadLetterRecorder({
      store,
      metrics: new Metrics({ defaultMetrics: false }),
      logger,
      clock: new ManualClock('2026-11-24T15:00:00+09:00'),
    });
    const a = instance(async (t) => void ran.push(numberOf(t)), { deadLetters }, logger);
    await a.queue.enqueue('student', turn(3));
    await waitFor('the good turn', () => ran.length === 1);
    expect(ran).toEqual([3]);
    expect(lines.filter((l) => l.includes('unreadable entry'))).toHaveLength(2);
    expect(await test.redis.llen(test.keys.turnQueue(turnQueueId('student')))).toBe(0);
    expect((await store.list(10)).map((l) => [l.reason, l.excerpt])).toEqual([
      ['unreadable', '{"turn":{}}'],
      ['unreadable', 'not json {'],
    ]);
  });
});

describe('RedisTurnQueue round trips and restarts', () => {
  it('sends three commands per turn to an idle queue', async () => {
    const test = await testRedis();
    await test.redis.ping(); // the connection handshake is not part of a turn
    const sent: string[] = [];
    const send = test.redis.sendCommand.bind(test.redis);
    test.redis.sendCommand = ((command: { name: string }, ...rest: unknown[]) => {
      sent.push(command.name);
      return (send as (...args: unknown[]) => unknown)(command, ...rest);
    }) as typeof test.redis.sendCommand;
    const ran: number[] = [];
    const queue = new RedisTurnQueue(
      test.redis,
      test.keys,
      async (t) => void ran.push(numberOf(t)),
      capturedLogger().logger,
    );
    try {
      for (let n = 1; n <= 20; n += 1) {
        await queue.enqueue(`student-${n % 3}`, turn(n), { channel: 'line', id: `evt-${n}` });
        await queue.idle();
      }
      expect(ran).toHaveLength(20);
      // enqueue-and-take-the-lock, list (SADD), finish-and-release; the first use of each
      // script on the connection goes as EVAL, later ones as EVALSHA.
      const scripts = ['eval', 'evalsha'];
      expect(sent.filter((name) => !scripts.includes(name))).toEqual(Array(20).fill('sadd'));
      expect(sent).toHaveLength(60);
      // Queues, locks and seen ids aside, only the active set is left (the sweep unlists).
      const left = await test.redis.keys(`${test.prefix}*`);
      expect(left.filter((key) => !key.includes(':seen:'))).toEqual([test.keys.activeTurnQueues()]);
    } finally {
      await queue.close(1_000);
      await test.cleanup();
    }
  });

  it('finishes a turn by popping only its own entry and handing over the one behind', async () => {
    const test = await testRedis();
    const scripts = new RedisTurnScripts(test.redis, test.keys);
    const queue = test.keys.turnQueue('q');
    const lock = test.keys.turnLock('q');
    const reset = async (entries: string[]) => {
      await test.redis.del(queue);
      if (entries.length > 0) await test.redis.rpush(queue, ...entries);
      await test.redis.set(lock, 'token');
    };
    try {
      // Its own entry with another behind: popped, the next handed over under the lock.
      await reset(['mine', 'next', 'later']);
      expect(await scripts.finish('q', 'token', 5_000, 'mine', false)).toEqual({
        kind: 'turn',
        entry: 'next',
      });
      expect(await test.redis.lrange(queue, 0, -1)).toEqual(['next', 'later']);
      expect(await test.redis.get(lock)).toBe('token');
      // Another entry at the head (its own was popped already): nothing is popped.
      await reset(['other', 'next']);
      expect(await scripts.finish('q', 'token', 5_000, 'mine', false)).toEqual({
        kind: 'turn',
        entry: 'other',
      });
      expect(await test.redis.lrange(queue, 0, -1)).toEqual(['other', 'next']);
      await reset(['other']);
      expect(await scripts.finish('q', 'token', 5_000, 'mine', false)).toEqual({
        kind: 'turn',
        entry: 'other',
      });
      expect(await test.redis.lrange(queue, 0, -1)).toEqual(['other']);
      // Its own entry alone: popped, the lock released.
      await reset(['mine']);
      expect(await scripts.finish('q', 'token', 5_000, 'mine', false)).toEqual({ kind: 'empty' });
      expect(await test.redis.exists(queue, lock)).toBe(0);
      // Asked to stop with turns behind: the lock is released, the turns stay.
      await reset(['mine', 'next']);
      expect(await scripts.finish('q', 'token', 5_000, 'mine', true)).toEqual({
        kind: 'released',
      });
      expect(await test.redis.lrange(queue, 0, -1)).toEqual(['next']);
      expect(await test.redis.exists(lock)).toBe(0);
    } finally {
      await test.cleanup();
    }
  });

  it('keeps queued turns through a Redis restart', async () => {
    const server = await startRedisServer({ appendOnly: true });
    const redis = new Redis(server.url, { maxRetriesPerRequest: null });
    const held = gate();
    const ran: number[] = [];
    const queue = new RedisTurnQueue(
      redis,
      new RedisKeys('restart:'),
      async (t) => {
        if (numberOf(t) === 1) await held.opened;
        ran.push(numberOf(t));
      },
      capturedLogger().logger,
    );
    try {
      for (const n of [1, 2, 3]) await queue.enqueue('student', turn(n));
      await server.restart();
      await waitFor('the client to reconnect', () => redis.status === 'ready');
      held.open();
      await waitFor('all turns', () => ran.length === 3);
      expect(ran).toEqual([1, 2, 3]);
    } finally {
      held.open();
      await queue.close(1_000);
      redis.disconnect();
      await server.dispose();
    }
  });
});

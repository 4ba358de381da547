import { DEAD_LETTER_LIMIT, type DeadLetter, type DeadLetters } from '../../src/turns/deadLetters';
import { MemoryDeadLetters } from '../../src/turns/memoryDeadLetters';
import { RedisDeadLetters } from '../../src/turns/redisDeadLetters';
import { redisTargets } from '../support/redisTargets';
import type { TestRedis } from '../support/redis';

const REDIS = redisTargets();

interface LettersUnderTest {
  letters: DeadLetters;
  redis?: TestRedis;
  cleanup(): Promise<void>;
}

const factories: [string, () => Promise<LettersUnderTest>][] = [
  [
    'MemoryDeadLetters',
    async () => ({ letters: new MemoryDeadLetters(), cleanup: async () => undefined }),
  ],
  ...REDIS.map(({ name, connect }): [string, () => Promise<LettersUnderTest>] => [
    `RedisDeadLetters on ${name}`,
    async () => {
      const redis = await connect();
      return {
        letters: new RedisDeadLetters(redis.redis, redis.keys),
        redis,
        cleanup: redis.cleanup,
      };
    },
  ]),
];

const letter = (n: number, extra: Partial<DeadLetter> = {}): DeadLetter => ({
  at: `2026-11-24T15:00:${String(n % 60).padStart(2, '0')}+09:00`,
  channel: 'line',
  reason: 'too_deep',
  excerpt: `{"n":${n}}`,
  ...extra,
});

describe.each(factories)('%s (DeadLetters contract)', (_name, create) => {
  let subject: LettersUnderTest;
  beforeEach(async () => {
    subject = await create();
  });
  afterEach(() => subject.cleanup());

  it('lists letters newest first, up to the limit, exactly as recorded', async () => {
    const { letters } = subject;
    expect(await letters.list(10)).toEqual([]);
    const failed = letter(3, { reason: 'failed', channel: 'webchat', error: 'TypeError: x' });
    for (const l of [letter(1), letter(2, { eventId: 'e2' }), failed]) {
      expect(await letters.record(l)).toBe(true);
    }
    expect(await letters.list(10)).toEqual([failed, letter(2, { eventId: 'e2' }), letter(1)]);
    expect(await letters.list(2)).toEqual([failed, letter(2, { eventId: 'e2' })]);
    expect(await letters.list(0)).toEqual([]);
  });

  it('records an event id once per channel (a redelivery is not a second letter)', async () => {
    const { letters } = subject;
    expect(await letters.record(letter(1, { eventId: 'evt-1' }))).toBe(true);
    expect(await letters.record(letter(2, { eventId: 'evt-1' }))).toBe(false);
    expect(await letters.record(letter(3, { eventId: 'evt-1', channel: 'webchat' }))).toBe(true);
    expect(await letters.record(letter(4))).toBe(true);
    expect(await letters.record(letter(5))).toBe(true);
    expect((await letters.list(10)).map((l) => l.excerpt)).toEqual([
      '{"n":5}',
      '{"n":4}',
      '{"n":3}',
      '{"n":1}',
    ]);
  });

  it(`keeps only the newest ${DEAD_LETTER_LIMIT}`, async () => {
    const { letters } = subject;
    for (let n = 1; n <= DEAD_LETTER_LIMIT + 5; n++) await letters.record(letter(n));
    const kept = await letters.list(DEAD_LETTER_LIMIT * 2);
    expect(kept).toHaveLength(DEAD_LETTER_LIMIT);
    expect(kept[0].excerpt).toBe(`{"n":${DEAD_LETTER_LIMIT + 5}}`);
    expect(kept.at(-1)!.excerpt).toBe('{"n":6}');
  });

  it('gives its Redis keys an expiry', async () => {
    const { redis } = subject;
    if (!redis) return;
    await subject.letters.record(letter(1, { eventId: 'evt-1' }));
    const days = (seconds: number) => seconds / 86_400;
    expect(days(await redis.redis.ttl(redis.keys.deadLetters()))).toBeCloseTo(30, 1);
    expect(days(await redis.redis.ttl(redis.keys.deadLetterEvent('line', 'evt-1')))).toBeCloseTo(
      30,
      1,
    );
  });
});

import type { ChatReachability } from '../../src/students/chatReachability';
import { MemoryChatReachability } from '../../src/students/memoryChatReachability';
import { RedisChatReachability } from '../../src/students/redisChatReachability';
import { accountKey, type ChatAccount } from '../../src/students/student';
import { redisTargets } from '../support/redisTargets';

interface Subject {
  reachability: ChatReachability;
  cleanup(): Promise<void>;
}

const REDIS = redisTargets();

const variants: [string, () => Promise<Subject>][] = [
  [
    'memory',
    async () => ({ reachability: new MemoryChatReachability(), cleanup: async () => undefined }),
  ],
  ...REDIS.map(({ name, connect }): [string, () => Promise<Subject>] => [
    name,
    async () => {
      const redis = await connect();
      return {
        reachability: new RedisChatReachability(redis.redis, redis.keys),
        cleanup: redis.cleanup,
      };
    },
  ]),
];

const lineUser = (n: number): ChatAccount => ({
  channel: 'line',
  accountId: `U${n.toString(16).padStart(32, '0')}`,
});
const ALICE = lineUser(1);
const BOB = lineUser(2);

describe.each(variants)('ChatReachability contract: %s', (_name, create) => {
  let subject: Subject;
  let reachability: ChatReachability;

  beforeEach(async () => {
    subject = await create();
    reachability = subject.reachability;
  });
  afterEach(() => subject.cleanup());

  test('nobody is blocked at first, and asking about nobody answers nothing', async () => {
    expect(await reachability.blockedAmong([ALICE, BOB])).toEqual(new Set());
    expect(await reachability.blockedAmong([])).toEqual(new Set());
  });

  test('a blocked account is named by its account key until it is reachable again', async () => {
    await reachability.markBlocked(ALICE);
    expect(await reachability.blockedAmong([ALICE, BOB])).toEqual(new Set([accountKey(ALICE)]));

    await reachability.markReachable(ALICE);
    expect(await reachability.blockedAmong([ALICE, BOB])).toEqual(new Set());
  });

  test('marking twice is the same as once, and unblocking an unblocked account changes nothing', async () => {
    await reachability.markBlocked(BOB);
    await reachability.markBlocked(BOB);
    await reachability.markReachable(ALICE);
    expect(await reachability.blockedAmong([ALICE, BOB])).toEqual(new Set([accountKey(BOB)]));
    await reachability.markReachable(BOB);
    expect(await reachability.blockedAmong([BOB])).toEqual(new Set());
  });

  test('the same id on another channel is another account', async () => {
    await reachability.markBlocked(ALICE);
    const sameIdOnWebChat: ChatAccount = { channel: 'webchat', accountId: ALICE.accountId };
    expect(await reachability.blockedAmong([sameIdOnWebChat])).toEqual(new Set());
  });

  test('answers for thousands of accounts at once', async () => {
    const accounts = Array.from({ length: 2_500 }, (_, i) => lineUser(i));
    const blocked = [3, 999, 1_000, 1_001, 2_499].map((i) => accounts[i]);
    for (const account of blocked) await reachability.markBlocked(account);
    expect(await reachability.blockedAmong(accounts)).toEqual(new Set(blocked.map(accountKey)));
  });
});

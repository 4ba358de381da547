import { randomBytes } from 'node:crypto';
import { LineMessagingClient } from '../../src/channels/line/lineClient';
import { lineRetryKey } from '../../src/channels/line/lineRetryKey';
import { LineStaffPushSender } from '../../src/channels/line/lineStaffPushSender';
import { MemoryLineRateLimiter } from '../../src/channels/line/memoryLineRateLimiter';
import { RedisLineRateLimiter } from '../../src/channels/line/redisLineRateLimiter';
import { newSessionId } from '../../src/channels/webchat/sessionId';
import { MemoryWebChatOutbox } from '../../src/channels/webchat/memoryWebChatOutbox';
import { RedisWebChatOutbox } from '../../src/channels/webchat/redisWebChatOutbox';
import { WebChatAdapter } from '../../src/channels/webchat/webChatAdapter';
import type { WebChatOutbox } from '../../src/channels/webchat/webChatOutbox';
import { ManualClock, systemClock } from '../../src/platform/clock';
import { Metrics } from '../../src/platform/metrics';
import { createPushDelivery } from '../../src/staff/pushDelivery';
import { batchKey, planPush, type PushPlan } from '../../src/staff/pushPlan';
import { deliveryMark, PushRunner } from '../../src/staff/pushRunner';
import { RedisStaffRecords } from '../../src/staff/redisStaffRecords';
import type { PushJob } from '../../src/staff/staffDesk';
import { MemoryStaffRecords, type StaffRecords } from '../../src/staff/staffRecords';
import type { ChatReachability } from '../../src/students/chatReachability';
import type { ConversationDirectory } from '../../src/students/conversationDirectory';
import { MemoryChatReachability } from '../../src/students/memoryChatReachability';
import { MemoryConversationDirectory } from '../../src/students/memoryConversationDirectory';
import { RedisChatReachability } from '../../src/students/redisChatReachability';
import { RedisConversationDirectory } from '../../src/students/redisConversationDirectory';
import type { DeliveryMarks } from '../../src/turns/deliveryMarks';
import { MemoryDeliveryMarks } from '../../src/turns/memoryDeliveryMarks';
import { RedisDeliveryMarks } from '../../src/turns/redisDeliveryMarks';
import type { LineRateLimiter } from '../../src/channels/line/lineRateLimiter';
import { capturedLogger } from '../support/capturedLogger';
import { FakeLineApi } from '../support/fakeLineApi';
import type { TestRedis } from '../support/redis';
import { redisTargets } from '../support/redisTargets';

/** The stores a push run uses, on Redis or in memory: the same contract holds for both. */
interface Stores {
  records: StaffRecords;
  marks: DeliveryMarks;
  conversations: ConversationDirectory;
  reachability: ChatReachability;
  outbox: WebChatOutbox;
  limiter: LineRateLimiter;
  cleanup(): Promise<void>;
}

const REDIS = redisTargets();
const RATES = { push: 1000, multicast: 1000 };
const TAKEOVER_AT = '2026-12-01T10:15:30+09:00';

const kinds: [string, () => Promise<Stores>][] = [
  [
    'memory',
    async () => ({
      records: new MemoryStaffRecords(),
      marks: new MemoryDeliveryMarks(),
      conversations: new MemoryConversationDirectory(),
      reachability: new MemoryChatReachability(),
      outbox: new MemoryWebChatOutbox(),
      limiter: new MemoryLineRateLimiter(RATES, systemClock),
      cleanup: async () => undefined,
    }),
  ],
  ...REDIS.map(({ name, connect }): [string, () => Promise<Stores>] => [
    name,
    async () => {
      const redis: TestRedis = await connect();
      const outbox = new RedisWebChatOutbox(redis.redis, redis.keys);
      return {
        records: new RedisStaffRecords(redis.redis, redis.keys),
        marks: new RedisDeliveryMarks(redis.redis, redis.keys),
        conversations: new RedisConversationDirectory(redis.redis, redis.keys),
        reachability: new RedisChatReachability(redis.redis, redis.keys),
        outbox,
        limiter: new RedisLineRateLimiter(redis.redis, redis.keys, RATES, systemClock),
        cleanup: async () => {
          await outbox.close();
          await redis.cleanup();
        },
      };
    },
  ]),
];

const lineUser = () => `U${randomBytes(16).toString('hex')}`;
const render = (language: 'ja' | 'en', message: string) => `[${language}] ${message}`;

describe.each(kinds)('a push run resumes from its cursor (%s)', (_kind, makeStores) => {
  let line: FakeLineApi;
  let stores: Stores;
  let clock: ManualClock;

  beforeEach(async () => {
    line = await FakeLineApi.start();
    stores = await makeStores();
    clock = new ManualClock('2026-12-01T10:00:00+09:00');
  });

  afterEach(async () => {
    await stores.cleanup();
    await line.close();
  });

  /** One instance's runner over the shared stores; `records` may be a faulty view of them. */
  function runner(instance: string, records: StaffRecords = stores.records): PushRunner {
    const { logger } = capturedLogger();
    const sender = new LineStaffPushSender({
      client: new LineMessagingClient({
        channelAccessToken: line.accessToken,
        apiBaseUrl: line.baseUrl,
        requestTimeoutMs: 2_000,
      }),
      limiter: stores.limiter,
      reachability: stores.reachability,
      logger,
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
      sleep: async () => undefined,
    });
    const webChat = new WebChatAdapter({ outbox: stores.outbox, logger, metrics: new Metrics() });
    return new PushRunner({
      records,
      delivery: createPushDelivery({
        adapters: { webchat: webChat },
        botAppId: '',
        line: sender,
        logger,
      }),
      conversations: stores.conversations,
      marks: stores.marks,
      render,
      clock,
      logger,
      instance,
    });
  }

  async function savedPush(plan: PushPlan): Promise<PushJob> {
    const job: PushJob = {
      pushId: randomBytes(8).toString('hex'),
      sentBy: 'staff01',
      createdAt: clock.now().toISO() as string,
      filter: {},
      message: { ja: '締切です。', en: 'Deadline.' },
      status: 'running',
      recipients: plan.batches.reduce((n, batch) => n + batch.accountIds.length, 0),
      report: {
        line: { sent: 0, failed: 0, blocked: 0 },
        webchat: { sent: 0, failed: 0, blocked: 0 },
        msteams: { sent: 0, failed: 0, blocked: 0 },
      },
      batches: plan.batches.length,
      batchesDone: 0,
    };
    await stores.records.savePush(job);
    return job;
  }

  const linePlan = (users: string[], size: number) =>
    planPush(
      { line: users.map((accountId) => ({ accountId, language: 'en' })), webchat: [], msteams: [] },
      size,
    );

  it('hands a push back between batches and another instance finishes it, each user once', async () => {
    const users = Array.from({ length: 7 }, lineUser);
    const plan = linePlan(users, 3);
    const job = await savedPush(plan);

    // Instance A stops (shutdown) once its first batch is saved.
    let batchesSeen = 0;
    const outcome = await runner('host-a:101').run(job.pushId, plan, () => batchesSeen++ >= 1);
    expect(outcome).toBe('stopped');
    const handedBack = (await stores.records.getPush(job.pushId)) as PushJob;
    expect(handedBack).toMatchObject({
      status: 'running',
      batchesDone: 1,
      deliveredBy: 'host-a:101',
    });
    expect(handedBack.resumed).toBeUndefined();
    expect(handedBack.report.line.sent).toBe(3);

    clock.set(TAKEOVER_AT);
    expect(await runner('host-b:202').run(job.pushId, plan, () => false)).toBe('done');
    const done = (await stores.records.getPush(job.pushId)) as PushJob;
    expect(done).toMatchObject({
      status: 'done',
      batches: 3,
      batchesDone: 3,
      deliveredBy: 'host-b:202',
      resumed: [{ by: 'host-b:202', at: TAKEOVER_AT, fromBatch: 1 }],
      finishedAt: TAKEOVER_AT,
    });
    expect(done.report.line).toEqual({ sent: 7, failed: 0, blocked: 0 });
    expect([...line.recipientsOf('multicast')].sort()).toEqual([...users].sort());
    // Each batch's multicast carries the retry key derived from push id and batch index.
    expect(line.callsTo('multicast').map((call) => call.retryKey)).toEqual(
      [0, 1, 2].map((batch) => lineRetryKey(`${batchKey(job.pushId, batch)}:1`)),
    );
  });

  it('sends a batch that was in flight again under the same retry key: LINE drops the repeat', async () => {
    const users = Array.from({ length: 5 }, lineUser);
    const plan = linePlan(users, 5);
    const job = await savedPush(plan);

    // Instance A's multicast is accepted, then its store goes away before the cursor is saved.
    let saves = 0;
    const failing: StaffRecords = {
      ...stores.records,
      getPush: (pushId) => stores.records.getPush(pushId),
      savePush: async (push) => {
        saves += 1;
        if (saves > 1) throw new Error('connection lost');
        await stores.records.savePush(push);
      },
    };
    await expect(runner('host-a:101', failing).run(job.pushId, plan, () => false)).rejects.toThrow(
      'connection lost',
    );
    expect(line.recipientsOf('multicast')).toHaveLength(5);
    expect((await stores.records.getPush(job.pushId))?.batchesDone).toBe(0);

    expect(await runner('host-b:202').run(job.pushId, plan, () => false)).toBe('done');
    const calls = line.callsTo('multicast');
    expect(calls.map((call) => call.status)).toEqual([200, 409]);
    expect(calls[1].retryKey).toBe(calls[0].retryKey);
    expect([...line.recipientsOf('multicast')].sort()).toEqual([...users].sort());
    const done = (await stores.records.getPush(job.pushId)) as PushJob;
    expect(done.report.line).toEqual({ sent: 5, failed: 0, blocked: 0 });
    expect(done.resumed).toEqual([expect.objectContaining({ by: 'host-b:202', fromBatch: 0 })]);
  });

  it('skips the web-chat sessions a dead instance had reached, and counts them as sent', async () => {
    const sessions = Array.from({ length: 4 }, () => newSessionId());
    for (const id of sessions) {
      await stores.outbox.open(id, {});
      await stores.conversations.save(
        { channel: 'webchat', accountId: id },
        {
          channelId: 'webchat',
          serviceUrl: '',
          conversation: { id, isGroup: false, conversationType: 'personal', name: '' },
          user: { id, name: '' },
          bot: { id: 'bot', name: '' },
        },
      );
    }
    const plan = planPush({
      line: [],
      webchat: sessions.map((accountId) => ({ accountId, language: 'ja' })),
      msteams: [],
    });
    const job = await savedPush(plan);
    // Instance A reached the first two sessions and died inside the batch.
    await stores.records.savePush({ ...job, deliveredBy: 'host-a:101' });
    for (const id of sessions.slice(0, 2)) {
      await stores.outbox.append(id, [{ from: 'bot', text: render('ja', job.message.ja) }]);
      await stores.marks.set(deliveryMark(job.pushId, { channel: 'webchat', accountId: id }));
    }

    expect(await runner('host-b:202').run(job.pushId, plan, () => false)).toBe('done');
    for (const id of sessions) {
      const texts = (await stores.outbox.read(id, 0)).map((message) => message.text);
      expect(texts).toEqual([render('ja', job.message.ja)]);
    }
    const done = (await stores.records.getPush(job.pushId)) as PushJob;
    expect(done.report.webchat).toEqual({ sent: 4, failed: 0, blocked: 0 });
    expect(done.resumed).toEqual([expect.objectContaining({ by: 'host-b:202', fromBatch: 0 })]);
  });

  it('does nothing with a push that is already done', async () => {
    const plan = linePlan([lineUser()], 5);
    const job = await savedPush(plan);
    expect(await runner('host-a:101').run(job.pushId, plan, () => false)).toBe('done');
    expect(await runner('host-b:202').run(job.pushId, plan, () => false)).toBe('done');
    expect(line.callsTo('multicast')).toHaveLength(1);
    expect((await stores.records.getPush(job.pushId))?.resumed).toBeUndefined();
  });
});

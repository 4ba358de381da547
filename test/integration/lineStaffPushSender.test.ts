import { InvalidStaffPushTextError } from '../../src/channels/line/errors';
import { LineMessagingClient } from '../../src/channels/line/lineClient';
import { LineStaffPushSender } from '../../src/channels/line/lineStaffPushSender';
import { RedisLineRateLimiter } from '../../src/channels/line/redisLineRateLimiter';
import { systemClock } from '../../src/platform/clock';
import { RedisChatReachability } from '../../src/students/redisChatReachability';
import { FakeLineApi } from '../support/fakeLineApi';
import { testRedis, type TestRedis } from '../support/redis';
import { capturedLogger } from '../support/capturedLogger';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TEXT = 'SECRET reminder: your payment deadline is tomorrow';
const userId = (n: number) => `U${n.toString(16).padStart(32, '0')}`;
const users = (count: number, from = 0) =>
  Array.from({ length: count }, (_, i) => userId(from + i));

/** Every log line, to prove that neither the text nor a user id is ever logged. */
const { logger, lines: logLines } = capturedLogger();

let line: FakeLineApi;
let redis: TestRedis;
let reachability: RedisChatReachability;
/** The waits the sender asked for between tries (answered at once). */
let waits: number[];

function sender(): LineStaffPushSender {
  return new LineStaffPushSender({
    client: new LineMessagingClient({
      channelAccessToken: line.accessToken,
      apiBaseUrl: line.baseUrl,
      requestTimeoutMs: 2_000,
    }),
    limiter: new RedisLineRateLimiter(
      redis.redis,
      redis.keys,
      { push: 1000, multicast: 100 },
      systemClock,
    ),
    reachability,
    logger,
    retry: { attempts: 5, baseDelayMs: 100, maxDelayMs: 10_000 },
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
}

const statuses = () => line.callsTo('multicast').map((call) => call.status);

beforeEach(async () => {
  line = await FakeLineApi.start();
  redis = await testRedis();
  reachability = new RedisChatReachability(redis.redis, redis.keys);
  waits = [];
});

afterEach(async () => {
  await line.close();
  await redis.cleanup();
});

describe('LineStaffPushSender', () => {
  it('sends to 1,234 users in three multicasts of 500, 500 and 234, each with its own retry key', async () => {
    const to = users(1_234);
    const result = await sender().send(to, TEXT);

    const calls = line.callsTo('multicast');
    expect(calls.map((call) => call.body.to.length)).toEqual([500, 500, 234]);
    for (const call of calls) {
      expect(call.retryKey).toMatch(UUID);
      expect(call.body.messages).toEqual([{ type: 'text', text: TEXT }]);
    }
    expect(new Set(calls.map((call) => call.retryKey)).size).toBe(3);
    expect(result).toEqual({ sent: to, failed: [], blocked: [] });
    expect(line.recipientsOf('multicast')).toEqual(to);
    expect(line.callsTo('push')).toHaveLength(0);
  });

  it('retries a multicast answered 500 with the same retry key, and it arrives once', async () => {
    line.failNext('multicast', { status: 500 });
    const to = users(700);
    const result = await sender().send(to, TEXT);

    expect(statuses()).toEqual([500, 200, 200]);
    const [failedTry, retry] = line.callsTo('multicast');
    expect(retry.retryKey).toBe(failedTry.retryKey);
    expect(retry.body.to).toEqual(failedTry.body.to);
    expect(result.sent).toEqual(to);
    expect(line.recipientsOf('multicast')).toEqual(to);
    expect(waits).toEqual([100]);
  });

  it('counts a retry answered 409 (LINE had accepted the first try) as sent, delivered once', async () => {
    line.failNext('multicast', { status: 503, acceptFirst: true });
    const to = users(10);
    const result = await sender().send(to, TEXT);

    expect(statuses()).toEqual([503, 409]);
    expect(result).toEqual({ sent: to, failed: [], blocked: [] });
    expect(line.recipientsOf('multicast')).toEqual(to);
  });

  it('waits as long as a 429 Retry-After asks, then retries', async () => {
    line.failNext('multicast', {
      status: 429,
      body: { message: 'The API rate limit has been exceeded. Try again later.' },
      headers: { 'retry-after': '3' },
    });
    const result = await sender().send(users(3), TEXT);

    expect(statuses()).toEqual([429, 200]);
    expect(waits).toEqual([3_000]);
    expect(result.sent).toHaveLength(3);
  });

  it('retries a 429 without Retry-After on the backoff, doubling each time', async () => {
    line.failNext('multicast', { status: 429, times: 3 });
    const result = await sender().send(users(3), TEXT);

    expect(statuses()).toEqual([429, 429, 429, 200]);
    expect(waits).toEqual([100, 200, 400]);
    expect(result.sent).toHaveLength(3);
  });

  it('never retries a multicast refused for the monthly limit: its users fail at once', async () => {
    line.failNext('multicast', {
      status: 429,
      body: { message: 'You have reached your monthly limit.' },
      times: 5,
    });
    const to = users(3);
    const result = await sender().send(to, TEXT);

    expect(statuses()).toEqual([429]);
    expect(waits).toEqual([]);
    expect(result.failed).toEqual(to);
    expect(line.recipientsOf('multicast')).toEqual([]);
  });

  it('never retries a multicast refused with 400: its users fail, the other chunks go', async () => {
    const to = users(1_200);
    // The second chunk is refused.
    line.failNext('multicast', { status: 200 });
    line.failNext('multicast', {
      status: 400,
      body: { message: 'The request body has 1 error(s)' },
    });
    const result = await sender().send(to, TEXT);

    expect(statuses()).toEqual([200, 400, 200]);
    expect(waits).toEqual([]);
    expect(result.failed).toEqual(to.slice(500, 1_000));
    expect(result.sent).toEqual([...to.slice(0, 500), ...to.slice(1_000)]);
    expect(line.recipientsOf('multicast')).toEqual(result.sent);
  });

  it('retries a multicast whose connection dropped without an answer', async () => {
    line.failNext('multicast', { status: 'network' });
    const to = users(20);
    const result = await sender().send(to, TEXT);

    const calls = line.callsTo('multicast');
    expect(calls.map((call) => call.status)).toEqual([0, 200]);
    expect(calls[1].retryKey).toBe(calls[0].retryKey);
    expect(result.sent).toEqual(to);
  });

  it('retries a multicast LINE does not answer in time', async () => {
    line.delayNext('multicast', 3_000);
    const to = users(5);
    const result = await sender().send(to, TEXT);

    // LINE took the first try but answered too late; the retry with its key gets 409.
    expect(result.sent).toEqual(to);
    const [retry, late] = await line.waitForCalls('multicast', 2);
    expect([retry.status, late.status]).toEqual([409, 200]);
    expect(retry.retryKey).toBe(late.retryKey);
    expect(line.recipientsOf('multicast')).toEqual(to);
  });

  it('gives up after five tries: the chunk’s users fail', async () => {
    line.failNext('multicast', { status: 502, times: 10 });
    const to = users(8);
    const result = await sender().send(to, TEXT);

    expect(statuses()).toEqual([502, 502, 502, 502, 502]);
    expect(waits).toEqual([100, 200, 400, 800]);
    expect(result).toEqual({ sent: [], failed: to, blocked: [] });
  });

  it('skips users who blocked the bot: they are reported and never sent to', async () => {
    const to = users(600);
    const blocked = [to[0], to[499], to[500], to[599]];
    for (const accountId of blocked) await reachability.markBlocked({ channel: 'line', accountId });
    const result = await sender().send(to, TEXT);

    expect(result.blocked).toEqual(blocked);
    expect(result.sent).toEqual(to.filter((id) => !blocked.includes(id)));
    expect(line.callsTo('multicast').map((call) => call.body.to.length)).toEqual([500, 96]);
    const reached = new Set(line.recipientsOf('multicast'));
    for (const id of blocked) expect(reached.has(id)).toBe(false);
  });

  it('sends once to a user named twice, and fails what is not a LINE user id without asking LINE', async () => {
    const [a, b] = users(2);
    const group = 'C0123456789abcdef0123456789abcdef';
    const result = await sender().send([a, b, a, group, ''], TEXT);

    expect(result).toEqual({ sent: [a, b], failed: [group, ''], blocked: [] });
    expect(line.callsTo('multicast').map((call) => call.body.to)).toEqual([[a, b]]);
  });

  it('sends nothing when every user blocked the bot or nobody is given', async () => {
    const [a] = users(1);
    await reachability.markBlocked({ channel: 'line', accountId: a });
    expect(await sender().send([a], TEXT)).toEqual({ sent: [], failed: [], blocked: [a] });
    expect(await sender().send([], TEXT)).toEqual({ sent: [], failed: [], blocked: [] });
    expect(line.callsTo('multicast')).toHaveLength(0);
  });

  it('refuses a text LINE cannot carry before sending anything', async () => {
    await expect(sender().send(users(2), '   ')).rejects.toBeInstanceOf(InvalidStaffPushTextError);
    await expect(sender().send(users(2), 'x'.repeat(25_001))).rejects.toBeInstanceOf(
      InvalidStaffPushTextError,
    );
    expect(line.calls).toHaveLength(0);
  });

  it('splits a text longer than one LINE message into several messages of one multicast', async () => {
    const long = `${'a'.repeat(4_000)}\n${'b'.repeat(4_000)}`;
    await sender().send(users(2), long);
    const [call] = line.callsTo('multicast');
    expect(call.body.messages.map((m: { text: string }) => m.text)).toEqual([
      'a'.repeat(4_000),
      'b'.repeat(4_000),
    ]);
  });

  it('logs counts only, never the text or a user id', async () => {
    line.failNext('multicast', { status: 500 });
    line.failNext('multicast', { status: 400 });
    const to = users(30);
    await sender().send(to, TEXT);

    const logs = logLines.join('');
    expect(logs).toContain('LINE broadcast finished');
    expect(logs).toContain('LINE multicast failed');
    expect(logs).not.toContain('SECRET');
    for (const id of to) expect(logs).not.toContain(id);
  });
});

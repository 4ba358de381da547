import type { AddressInfo } from 'node:net';
import type { webhook } from '@line/bot-sdk';
import type { Activity } from 'botbuilder';
import restify from 'restify';
import type { BotLogic } from '../../src/bot/botLogic';
import { LineAdapter } from '../../src/channels/line/lineAdapter';
import { LineMessagingClient } from '../../src/channels/line/lineClient';
import { createLineWebhookHandler } from '../../src/channels/line/lineWebhookHandler';
import { ManualClock } from '../../src/platform/clock';
import { Metrics } from '../../src/platform/metrics';
import { DeadLetterRecorder } from '../../src/turns/deadLetterRecorder';
import type { DeadLetters } from '../../src/turns/deadLetters';
import { MemoryDeadLetters } from '../../src/turns/memoryDeadLetters';
import { MemoryTurnQueue } from '../../src/turns/memoryTurnQueue';
import type { TurnQueue } from '../../src/turns/turnQueue';
import { FakeLineApi } from '../support/fakeLineApi';
import { LineEvents, postLineWebhook, signLineBody, webhookBody } from '../support/lineWebhook';
import { capturedLogger } from '../support/capturedLogger';

const SECRET = 'test-channel-secret';

const { logger, lines: logLines } = capturedLogger();

let api: FakeLineApi;
let events: LineEvents;
let metrics: Metrics;
let queue: MemoryTurnQueue;
let deadLetters: MemoryDeadLetters;
let server: restify.Server;
let url: string;
/** What the bot saw, and when each turn began and ended. */
let seen: Partial<Activity>[];
let trace: string[];
/** Turns whose text is "wait" block until the test releases them. */
let release: () => void;
let gate: Promise<void>;

/** The test bot: echoes text, says "text only" to anything else. */
const echo: BotLogic = async (context) => {
  const text = context.activity.text;
  seen.push(context.activity);
  trace.push(`start ${text}`);
  if (text === 'wait') await gate;
  await context.sendActivity(text ? `echo: ${text}` : 'text only');
  trace.push(`end ${text}`);
};

async function startServer(
  turns: TurnQueue,
  options: { bodyParser?: boolean; deadLetterStore?: DeadLetters } = {},
): Promise<void> {
  const recorder = new DeadLetterRecorder({
    store: options.deadLetterStore ?? deadLetters,
    metrics,
    logger,
    clock: new ManualClock('2026-11-24T15:00:00+09:00'),
  });
  server = restify.createServer({ handleUncaughtExceptions: false });
  if (options.bodyParser) server.use(restify.plugins.bodyParser());
  server.post(
    '/api/line',
    createLineWebhookHandler({
      channelSecret: SECRET,
      queue: turns,
      deadLetters: recorder,
      metrics,
      logger,
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/line`;
}

async function counter(
  counterName: 'webhookRejections' | 'duplicateEvents',
  reason?: string,
): Promise<number> {
  const { values } = await metrics[counterName].get();
  return values
    .filter((v) => {
      const labels = v.labels as Record<string, unknown>;
      return labels.channel === 'line' && (reason === undefined || labels.reason === reason);
    })
    .reduce((sum, v) => sum + v.value, 0);
}

async function deadLetterCounter(reason: string): Promise<number> {
  const { values } = await metrics.deadLetters.get();
  return values
    .filter((v) => v.labels.channel === 'line' && v.labels.reason === reason)
    .reduce((sum, v) => sum + v.value, 0);
}

function post(events: unknown[], options = {}) {
  return postLineWebhook(url, webhookBody(events), { secret: SECRET, ...options });
}

beforeEach(async () => {
  api = await FakeLineApi.start();
  events = new LineEvents(api);
  metrics = new Metrics({ defaultMetrics: false });
  deadLetters = new MemoryDeadLetters();
  seen = [];
  trace = [];
  gate = new Promise((resolve) => (release = resolve));
  const adapter = new LineAdapter({
    client: new LineMessagingClient({
      channelAccessToken: api.accessToken,
      apiBaseUrl: api.baseUrl,
    }),
    logger,
    metrics,
    loadingDelayMs: 60_000,
    pushRetry: { attempts: 3, baseDelayMs: 1 },
  });
  queue = new MemoryTurnQueue(async (turn) => {
    if (turn.channel === 'line') await adapter.processEvent(turn.payload as webhook.Event, echo);
  }, logger);
  await startServer(queue);
});

afterEach(async () => {
  release();
  await queue.close(5000);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await api.close();
});

describe('LINE webhook: signature', () => {
  it('accepts a correctly signed webhook and runs the turn', async () => {
    const response = await post([events.text('U1', 'SECRET hello')]);
    expect(response.status).toBe(200);
    await queue.idle();
    expect(api.messagesTo('U1').map((m) => m.text)).toEqual(['echo: SECRET hello']);
  });

  it.each([
    ['missing', { signature: null }, 'missing_signature'],
    ['wrong', { signature: signLineBody('{}', 'another-secret') }, 'bad_signature'],
    ['not base64', { signature: '!!!' }, 'bad_signature'],
  ])('refuses a %s signature with 401 and processes nothing', async (_, options, reason) => {
    const response = await post([events.text('U1', 'SECRET hello')], options);
    expect(response.status).toBe(401);
    await queue.idle();
    expect(seen).toHaveLength(0);
    expect(api.calls).toHaveLength(0);
    expect(await counter('webhookRejections', reason)).toBe(1);
  });

  it('still checks the exact bytes when a body parser ran first', async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await startServer(queue, { bodyParser: true });
    expect((await post([events.text('U1', 'parsed 日本語')])).status).toBe(200);
    expect(
      (await post([events.text('U1', 'forged')], { signature: signLineBody('x', SECRET) })).status,
    ).toBe(401);
    await queue.idle();
    expect(seen.map((a) => a.text)).toEqual(['parsed 日本語']);
  });

  it('refuses a body changed after signing', async () => {
    const body = webhookBody([events.text('U1', 'pay 400 yen')]);
    const tampered = body.replace('400', '900');
    const response = await postLineWebhook(url, tampered, {
      signature: signLineBody(body, SECRET),
    });
    expect(response.status).toBe(401);
    await queue.idle();
    expect(seen).toHaveLength(0);
  });
});

describe('LINE webhook: bodies', () => {
  it('answers LINE’s verification request (no events) with 200', async () => {
    const response = await post([]);
    expect(response.status).toBe(200);
    await queue.idle();
    expect(seen).toHaveLength(0);
  });

  it.each([
    ['malformed JSON', '{"events": ['],
    ['no events array', '{"destination":"U0"}'],
    ['events not an array', '{"events":{"0":{}}}'],
    ['a JSON array', '[]'],
  ])('answers %s, correctly signed, with 400', async (_, body) => {
    const response = await postLineWebhook(url, body, { secret: SECRET });
    expect(response.status).toBe(400);
    expect(await counter('webhookRejections', 'malformed')).toBe(1);
  });

  it.each([
    ['with Content-Length', false],
    ['chunked', true],
  ])('answers an oversized body (%s) with 413 and keeps serving', async (_, chunked) => {
    const padding = 'x'.repeat(1024 * 1024);
    const body = webhookBody([{ ...events.text('U1', 'hi'), padding }]);
    const response = await postLineWebhook(url, body, { secret: SECRET, chunked });
    expect(response.status).toBe(413);
    expect(await counter('webhookRejections', 'too_large')).toBe(1);
    const next = await post([events.text('U1', 'still here')]);
    expect(next.status).toBe(200);
    await queue.idle();
    expect(seen.map((a) => a.text)).toEqual(['still here']);
  });

  it('skips events without a source and ignores unknown types, without failing', async () => {
    const noSource = { ...events.text('U1', 'lost'), source: undefined };
    const response = await post([
      noSource,
      'not an event',
      null,
      events.unknown('U1'),
      events.sticker('U1'),
      events.text('U1', 'after'),
    ]);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ accepted: 3, skipped: 3 });
    await queue.idle();
    expect(seen.map((a) => a.text)).toEqual([undefined, 'after']);
    expect(api.messagesTo('U1').map((m) => m.text)).toEqual(['text only', 'echo: after']);
  });

  it('answers 503 when the queue cannot take the events, so that LINE redelivers', async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const broken: TurnQueue = {
      enqueue: async () => {
        throw new Error('Connection is closed.');
      },
      idle: async () => undefined,
      close: async () => undefined,
    };
    await startServer(broken);
    const response = await post([events.text('U1', 'hi')]);
    expect(response.status).toBe(503);
    expect(await deadLetters.list(10)).toEqual([]);
  });

  it('sets aside an event whose queuing throws a bug, and queues the others', async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const picky: TurnQueue = {
      enqueue: async (key, turn, id) => {
        const text = (turn.payload as { message?: { text?: string } }).message?.text;
        if (text === 'poison') throw new RangeError('Maximum call stack size exceeded');
        return queue.enqueue(key, turn, id);
      },
      idle: () => queue.idle(),
      close: (ms) => queue.close(ms),
    };
    await startServer(picky);
    const poison = events.text('U1', 'poison');
    const response = await post([poison, events.text('U1', 'after')]);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ accepted: 1, deadLettered: 1 });
    await queue.idle();
    expect(api.messagesTo('U1').map((m) => m.text)).toEqual(['echo: after']);
    const [letter] = await deadLetters.list(10);
    expect(letter).toMatchObject({
      at: '2026-11-24T15:00:00+09:00',
      channel: 'line',
      reason: 'unqueueable',
      eventId: poison.webhookEventId,
      error: 'RangeError: Maximum call stack size exceeded',
    });
    expect(letter.excerpt).toMatch(/^\{"source":\{"type":"user","userId":"U1"\}.{150,}…$/);
    expect(letter.error).not.toContain(' at ');
    expect(await deadLetterCounter('unqueueable')).toBe(1);
  });

  it('answers 503 when a poison event cannot be recorded, so that LINE redelivers', async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const away: DeadLetters = {
      record: async () => {
        throw new Error('Connection is closed.');
      },
      list: async () => [],
    };
    await startServer(queue, { deadLetterStore: away });
    const big = { ...events.text('U1', 'big'), padding: 'x'.repeat(70 * 1024) };
    expect((await post([big])).status).toBe(503);
    expect(await deadLetterCounter('too_large')).toBe(0);
  });
});

describe('LINE webhook: delivery order and redelivery', () => {
  it('processes a redelivered event once', async () => {
    const event = events.text('U1', 'once');
    expect((await post([event])).status).toBe(200);
    const redelivered = { ...event, deliveryContext: { isRedelivery: true } };
    expect((await post([redelivered])).status).toBe(200);
    await queue.idle();
    expect(seen.map((a) => a.text)).toEqual(['once']);
    expect(api.messagesTo('U1')).toHaveLength(1);
    expect(await counter('duplicateEvents')).toBe(1);
  });

  it('runs two events of one user in one webhook in order, one after the other', async () => {
    const response = await post([events.text('U1', 'wait'), events.text('U1', 'second')]);
    expect(response.status).toBe(200);
    release();
    await queue.idle();
    expect(trace).toEqual(['start wait', 'end wait', 'start second', 'end second']);
    expect(api.messagesTo('U1').map((m) => m.text)).toEqual(['echo: wait', 'echo: second']);
  });

  it('runs an event arriving while the user’s previous turn is still running after it', async () => {
    // The first webhook is answered as soon as its event is queued; its turn then blocks.
    expect((await post([events.text('U1', 'wait')])).status).toBe(200);
    expect((await post([events.text('U1', 'second')])).status).toBe(200);
    release();
    await queue.idle();
    expect(trace).toEqual(['start wait', 'end wait', 'start second', 'end second']);
    expect(api.messagesTo('U1').map((m) => m.text)).toEqual(['echo: wait', 'echo: second']);
  });

  it('never overlaps turns of one user when webhooks arrive concurrently', async () => {
    release();
    const texts = ['a', 'b', 'c', 'd'];
    const responses = await Promise.all(texts.map((text) => post([events.text('U1', text)])));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    await queue.idle();
    const order = seen.map((a) => a.text);
    expect([...order].sort()).toEqual(texts);
    expect(trace).toEqual(order.flatMap((text) => [`start ${text}`, `end ${text}`]));
    expect(api.messagesTo('U1').map((m) => m.text)).toEqual(order.map((text) => `echo: ${text}`));
  });

  it('lets different users’ turns run side by side', async () => {
    expect((await post([events.text('U1', 'wait'), events.text('U2', 'other')])).status).toBe(200);
    await api.waitForMessages('U2', 1);
    expect(api.messagesTo('U1')).toHaveLength(0);
    release();
    await queue.idle();
    expect(api.messagesTo('U1').map((m) => m.text)).toEqual(['echo: wait']);
  });
});

describe('LINE webhook logs', () => {
  it('never contained message text', () => {
    expect(logLines.some((line) => line.includes('LINE webhook refused'))).toBe(true);
    expect(logLines.filter((line) => line.includes('SECRET'))).toEqual([]);
  });
});

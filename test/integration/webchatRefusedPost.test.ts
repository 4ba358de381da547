import type { AddressInfo } from 'node:net';
import type { ConversationReference } from 'botbuilder';
import * as restify from 'restify';
import { MemoryWebChatOutbox } from '../../src/channels/webchat/memoryWebChatOutbox';
import { registerWebChatRoutes } from '../../src/channels/webchat/registerWebChatRoutes';
import { WebChatAdapter } from '../../src/channels/webchat/webChatAdapter';
import { Texts } from '../../src/i18n/i18n';
import { createLogger } from '../../src/platform/logger';
import { Metrics } from '../../src/platform/metrics';
import { MemoryTurnQueue } from '../../src/turns/memoryTurnQueue';
import type { QueuedTurn, TurnQueue } from '../../src/turns/turnQueue';
import { botTexts, collect, createSession, postJson } from '../support/webchatHttp';
import { echoBot } from '../support/webchatTestServer';

/**
 * The turn queue of the service, failing to queue while `refusing` is set: Redis going away
 * between the session check and the queueing, which a stopped server cannot time exactly.
 */
class RefusingQueue implements TurnQueue {
  refusing = false;

  constructor(private readonly inner: TurnQueue) {}

  enqueue(queueKey: string, turn: QueuedTurn, eventId?: { channel: string; id: string }) {
    if (this.refusing) return Promise.reject(new Error('Connection is closed.'));
    return this.inner.enqueue(queueKey, turn, eventId);
  }

  idle(): Promise<void> {
    return this.inner.idle();
  }

  close(timeoutMs: number): Promise<void> {
    return this.inner.close(timeoutMs);
  }
}

describe('a web-chat post whose turn cannot be queued', () => {
  const outbox = new MemoryWebChatOutbox();
  const logger = createLogger('silent');
  let queue: RefusingQueue;
  let server: restify.Server;
  let base: string;

  beforeAll(async () => {
    const adapter = new WebChatAdapter({ outbox, logger, metrics: new Metrics() });
    const logic = echoBot(new Map<string, Partial<ConversationReference>>());
    queue = new RefusingQueue(
      new MemoryTurnQueue((turn) => adapter.processMessage(turn.payload, logic), logger),
    );
    server = restify.createServer({ handleUncaughtExceptions: false });
    registerWebChatRoutes(server, {
      queue,
      outbox,
      texts: await Texts.load(),
      logger,
      metrics: new Metrics({ defaultMetrics: false }),
      limits: { pollWaitMs: 1000 },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await outbox.close();
    await queue.close(5000);
    server.server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('is answered 503 with Retry-After and leaves neither a line nor a claimed greeting', async () => {
    const sessionId = await createSession(base, 'en-US');
    const messages = `${base}/api/webchat/messages`;
    queue.refusing = true;
    const start = await postJson(messages, { sessionId, type: 'conversationUpdate' });
    const typed = await postJson(messages, { sessionId, text: 'hello', clientId: 'c1' });
    for (const refused of [start, typed]) {
      expect(refused.status).toBe(503);
      expect(refused.body).toEqual({ error: 'unavailable' });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(await outbox.read(sessionId, 0)).toEqual([]);

    // Sent again once the queue takes turns: greeted (the refused first contact claimed
    // nothing), and the student's line is in the transcript once, before its answer.
    queue.refusing = false;
    expect((await postJson(messages, { sessionId, type: 'conversationUpdate' })).status).toBe(202);
    expect((await postJson(messages, { sessionId, text: 'hello', clientId: 'c1' })).status).toBe(
      202,
    );
    const all = await collect(base, sessionId, (m) => botTexts(m).includes('echo: hello'));
    expect(all.map((m) => [m.from, m.text])).toEqual([
      ['bot', 'Welcome! (en-US)'],
      ['user', 'hello'],
      ['bot', 'echo: hello'],
    ]);
  });
});

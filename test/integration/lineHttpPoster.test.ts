import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { LineApiError } from '../../src/channels/line/errors';
import { LineMessagingClient } from '../../src/channels/line/lineClient';
import { FakeLineApi } from '../support/fakeLineApi';

const USER = `U${'a'.repeat(32)}`;
const text = (t: string) => ({ type: 'text' as const, text: t });

/** The error a call failed with (the test fails if it succeeded). */
async function failureOf(call: Promise<unknown>): Promise<LineApiError> {
  try {
    await call;
  } catch (err) {
    if (err instanceof LineApiError) return err;
    throw err;
  }
  throw new Error('the call succeeded');
}

/**
 * Issue 17: a turn's LINE calls (reply, push, multicast, loading) go over a keep-alive
 * `node:http` agent instead of the SDK's fetch; they must answer and fail exactly as before.
 */
describe('LineMessagingClient over keep-alive HTTP, against the local LINE API', () => {
  let api: FakeLineApi;
  let client: LineMessagingClient;

  beforeEach(async () => {
    api = await FakeLineApi.start();
    client = new LineMessagingClient({
      channelAccessToken: api.accessToken,
      apiBaseUrl: api.baseUrl,
      requestTimeoutMs: 2_000,
      replyTimeoutMs: 300,
    });
  });
  afterEach(() => api.close());

  it('replies once per token, and names LINE’s refusal of a used token', async () => {
    const token = api.mintReplyToken(USER);
    await client.reply(token, [text('hello')]);
    expect(api.messagesTo(USER)).toEqual([text('hello')]);
    const again = await failureOf(client.reply(token, [text('hello again')]));
    expect([again.endpoint, again.status, again.invalidReplyToken]).toEqual(['reply', 400, true]);
    expect(api.messagesTo(USER)).toHaveLength(1);
  });

  it('pushes with its retry key: a retry LINE already took is refused 409, not delivered twice', async () => {
    const key = randomUUID();
    await client.push(USER, [text('one')], key);
    const twice = await failureOf(client.push(USER, [text('one')], key));
    expect(twice.status).toBe(409);
    expect(api.callsTo('push').map((call) => call.retryKey)).toEqual([key, key]);
    expect(api.messagesTo(USER)).toEqual([text('one')]);
  });

  it('multicasts and starts the loading animation', async () => {
    const other = `U${'b'.repeat(32)}`;
    await client.multicast([USER, other], [text('notice')], randomUUID());
    await client.showLoadingAnimation(USER, 20);
    expect(api.recipientsOf('multicast')).toEqual([USER, other]);
    expect(api.countsOf('loading')).toEqual({ 202: 1 });
  });

  it('carries a 429’s Retry-After and LINE’s message', async () => {
    api.failNext('push', {
      status: 429,
      body: { message: 'Too Many Requests' },
      headers: { 'retry-after': '7' },
    });
    const limited = await failureOf(client.push(USER, [text('x')], randomUUID()));
    expect([limited.status, limited.lineMessage, limited.retryAfterMs]).toEqual([
      429,
      'Too Many Requests',
      7000,
    ]);
    expect(limited.rateLimited).toBe(true);
  });

  it('counts a reply unanswered within its timeout as a network failure (no status)', async () => {
    // Answered 200 after 2 s: only the timeout can make the call fail.
    api.delayNext('reply', 2_000);
    const late = await failureOf(client.reply(api.mintReplyToken(USER), [text('late')]));
    expect([late.status, late.lineMessage, late.retryable]).toEqual([
      undefined,
      'no answer in 300 ms',
      true,
    ]);
  });

  it('counts a connection cut off without an answer as a network failure', async () => {
    api.failNext('push', { status: 'network' });
    const cut = await failureOf(client.push(USER, [text('x')], randomUUID()));
    expect([cut.status, cut.retryable]).toEqual([undefined, true]);
  });

  it('refuses a wrong access token as LINE does (401), and never sends it anywhere else', async () => {
    const wrong = new LineMessagingClient({
      channelAccessToken: 'stolen',
      apiBaseUrl: api.baseUrl,
    });
    const refused = await failureOf(wrong.push(USER, [text('x')], randomUUID()));
    expect(refused.status).toBe(401);
    expect(api.callsTo('push')[0].headers.authorization).toBe('Bearer stolen');
  });
});

describe('LineMessagingClient over keep-alive HTTP, against a raw server', () => {
  let server: Server;
  let baseUrl: string;
  let handle: (req: IncomingMessage, res: ServerResponse) => void;
  const connections: unknown[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => handle(req, res));
    server.on('connection', (socket) => connections.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => (connections.length = 0));

  it('reuses one connection for calls made one after another', async () => {
    handle = (req, res) => {
      req.resume();
      req.on('end', () => {
        // Not chained: restify, loaded by other suites of the worker, patches writeHead.
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      });
    };
    const client = new LineMessagingClient({ channelAccessToken: 't', apiBaseUrl: baseUrl });
    for (let n = 0; n < 5; n++) await client.push(USER, [text(`n${n}`)], randomUUID());
    expect(connections).toHaveLength(1);
  });

  it('reads at most 16 KB of a hostile proxy’s 5 MB error page, and takes no message from HTML', async () => {
    handle = (req, res) => {
      req.resume();
      res.writeHead(502, { 'content-type': 'text/html' });
      const chunk = '<html>' + 'x'.repeat(64 * 1024);
      for (let n = 0; n < 80; n++) res.write(chunk);
      res.end('</html>');
    };
    const client = new LineMessagingClient({ channelAccessToken: 't', apiBaseUrl: baseUrl });
    const failed = await failureOf(client.push(USER, [text('x')], randomUUID()));
    expect([failed.status, failed.lineMessage, failed.retryable]).toEqual([502, undefined, true]);
  });

  it('sends the JSON LINE expects: bearer token, content type and length, the retry key', async () => {
    const seen: { headers: IncomingMessage['headers']; body: string; path?: string }[] = [];
    handle = (req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        seen.push({ headers: req.headers, body, path: req.url });
        res.writeHead(200);
        res.end('{}');
      });
    };
    const key = randomUUID();
    const client = new LineMessagingClient({ channelAccessToken: 'tok', apiBaseUrl: baseUrl });
    await client.push(USER, [text('日本語')], key);
    const [request] = seen;
    expect(request.path).toBe('/v2/bot/message/push');
    expect(request.headers).toMatchObject({
      authorization: 'Bearer tok',
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(request.body)),
      'x-line-retry-key': key,
    });
    expect(JSON.parse(request.body)).toEqual({ to: USER, messages: [text('日本語')] });
  });
});

import { randomBytes, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeRichMenus } from './fakeLineRichMenus';
import { FakeLineQuota } from './fakeLineQuota';

/**
 * A local stand-in for the LINE Messaging API (api.line.me), answering the endpoints the
 * service uses as LINE documents them: single-use reply tokens, at most five messages per
 * request, multicast to 1..500 user ids, retry keys (a key accepted within 24 h gets 409),
 * bearer-token auth, LINE's error bodies. It records every call and can be told to fail
 * (429 with Retry-After, 5xx, 4xx, a dropped connection) or delay the next calls, or to fail
 * every call to an endpoint until told to stop.
 */

/** JSON as LINE receives it: the fake checks shapes at run time, as LINE does. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export type FakeLineEndpoint = 'reply' | 'push' | 'multicast' | 'loading' | 'profile' | 'linkToken';

export interface RecordedCall {
  endpoint: FakeLineEndpoint | 'unknown';
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Json;
  status: number;
  retryKey?: string;
  /** When the answer went out (epoch ms). */
  at: number;
}

export interface Delivery {
  to: string;
  via: 'reply' | 'push' | 'multicast';
  message: Record<string, Json>;
}

/** One request LINE accepted: everything it showed one chat at once (a reply, a push, …). */
export interface Answer {
  to: string;
  via: Delivery['via'];
  messages: Delivery['message'][];
  /** When LINE accepted it (epoch ms), before its HTTP answer went out. */
  at: number;
}

export interface FailureSpec {
  /**
   * HTTP status to answer, or 'network' to drop the connection without an answer. A status below
   * 300 lets the call through as usual: queue one to make a later call fail.
   */
  status: number | 'network';
  times?: number;
  body?: object;
  /** Extra answer headers, e.g. `{ 'retry-after': '2' }` with a 429. */
  headers?: Record<string, string>;
  /** Do the work (deliver, accept the retry key) and still answer the failure, as LINE may. */
  acceptFirst?: boolean;
}

interface Outcome {
  status: number;
  body: object;
  headers?: Record<string, string>;
  commit?: () => void;
}

const RETRY_KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A LINE user id; multicast takes only these (no group or room ids). */
const USER_ID = /^U[0-9a-f]{32}$/;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export class FakeLineApi {
  readonly calls: RecordedCall[] = [];
  readonly deliveries: Delivery[] = [];
  private readonly accepted: { via: Delivery['via']; to: string[] }[] = [];
  /** The language of profiles not set with {@link setProfile}. */
  defaultLanguage: string | undefined = 'ja';
  private readonly profiles = new Map<string, { displayName: string; language?: string } | null>();
  private readonly replyTokens = new Map<string, { to: string; used: boolean }>();
  /** Accepted retry keys: the request id LINE answered, and when (epoch ms). */
  private readonly acceptedRetryKeys = new Map<string, { requestId: string; at: number }>();
  private readonly failures = new Map<FakeLineEndpoint, FailureSpec[]>();
  /** Failures answered to every call of an endpoint, after its queued ones, until lifted. */
  private readonly standingFailures = new Map<FakeLineEndpoint, FailureSpec>();
  private readonly delays = new Map<FakeLineEndpoint, number[]>();
  private readonly events = new EventEmitter();
  // --- Rich menus (issue 16): routes, state and the data host live in fakeLineRichMenus.ts. ---
  /** LINE's rich-menu endpoints; start `richMenus.startDataHost()` for image uploads. */
  readonly richMenus = new FakeRichMenus(() => this.accessToken);
  // --- end of rich menus ---
  // --- Message quota (issue 16): GET /v2/bot/message/quota[/consumption], in fakeLineQuota.ts. ---
  /** The month's plan and usage; pushes and multicasts delivered here count against it. */
  readonly quota = new FakeLineQuota(
    () => this.accessToken,
    () => this.deliveries.filter((d) => d.via !== 'reply').length,
  );
  // --- end of message quota ---

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
    readonly accessToken: string,
  ) {}

  static async start(options: { accessToken?: string } = {}): Promise<FakeLineApi> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const api = new FakeLineApi(
      server,
      `http://127.0.0.1:${port}`,
      options.accessToken ?? 'test-access-token',
    );
    server.on('request', (req, res) => {
      api.handle(req, res).catch(() => res.destroy());
    });
    return api;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A reply token for an event in the chat `to`, valid once. */
  mintReplyToken(to: string): string {
    const token = randomBytes(16).toString('hex');
    this.replyTokens.set(token, { to, used: false });
    return token;
  }

  /** Sets a user's profile; `null` makes the profile API answer 404 (user unknown/blocked). */
  setProfile(userId: string, profile: { displayName?: string; language?: string } | null): void {
    this.profiles.set(
      userId,
      profile && { displayName: profile.displayName ?? 'Student', ...profile },
    );
  }

  failNext(endpoint: FakeLineEndpoint, failure: FailureSpec): void {
    const queue = this.failures.get(endpoint) ?? [];
    for (let i = 0; i < (failure.times ?? 1); i++) queue.push(failure);
    this.failures.set(endpoint, queue);
  }

  /**
   * Fails every call to `endpoint` (after any queued with {@link failNext}) from now until the
   * returned function is called: LINE down for a while, however many calls come meanwhile.
   */
  failUntilLifted(endpoint: FakeLineEndpoint, failure: Omit<FailureSpec, 'times'>): () => void {
    this.standingFailures.set(endpoint, failure);
    return () => {
      if (this.standingFailures.get(endpoint) === failure) this.standingFailures.delete(endpoint);
    };
  }

  /** Answers the next calls late; what they do (deliver, accept the retry key) happens at once. */
  delayNext(endpoint: FakeLineEndpoint, ms: number, times = 1): void {
    const queue = this.delays.get(endpoint) ?? [];
    for (let i = 0; i < times; i++) queue.push(ms);
    this.delays.set(endpoint, queue);
  }

  /** Calls `listener` with each call once answered; returns a function that unsubscribes. */
  onCall(listener: (call: RecordedCall) => void): () => void {
    this.events.on('call', listener);
    return () => this.events.off('call', listener);
  }

  callsTo(endpoint: FakeLineEndpoint): RecordedCall[] {
    return this.calls.filter((call) => call.endpoint === endpoint);
  }

  /** How many calls to `endpoint` were answered, by status (`0` = dropped without an answer). */
  countsOf(endpoint: FakeLineEndpoint): Record<number, number> {
    const counts: Record<number, number> = {};
    for (const call of this.callsTo(endpoint)) counts[call.status] = (counts[call.status] ?? 0) + 1;
    return counts;
  }

  /** Every user who received a message by `via`, once per accepted request, in order. */
  recipientsOf(via: Delivery['via']): string[] {
    return this.accepted.filter((a) => a.via === via).flatMap((a) => a.to);
  }

  /** Calls `listener` with each accepted request, once per chat; returns an unsubscribe. */
  onAnswer(listener: (answer: Answer) => void): () => void {
    this.events.on('answer', listener);
    return () => this.events.off('answer', listener);
  }

  /** Every message delivered to the chat `to`, by reply, push or multicast, in order. */
  messagesTo(to: string): Delivery['message'][] {
    return this.deliveries.filter((d) => d.to === to).map((d) => d.message);
  }

  /** Resolves once `count` messages reached `to` (rejects after `timeoutMs`, a guard only). */
  waitForMessages(to: string, count: number, timeoutMs = 10_000): Promise<Delivery['message'][]> {
    return this.waitFor(() => this.messagesTo(to), count, timeoutMs, `${count} messages to ${to}`);
  }

  /**
   * Resolves once `count` messages reached `to`, counted when LINE accepts them: before their
   * answer goes out, so also while {@link delayNext} holds the answer back (a sender that dies
   * waiting for it has still delivered).
   */
  waitForDelivery(to: string, count: number, timeoutMs = 10_000): Promise<Delivery['message'][]> {
    return this.waitFor(
      () => this.messagesTo(to),
      count,
      timeoutMs,
      `${count} messages accepted for ${to}`,
      'delivered',
    );
  }

  /** Resolves once `count` calls to `endpoint` were answered. */
  waitForCalls(
    endpoint: FakeLineEndpoint,
    count: number,
    timeoutMs = 10_000,
  ): Promise<RecordedCall[]> {
    return this.waitFor(
      () => this.callsTo(endpoint),
      count,
      timeoutMs,
      `${count} ${endpoint} calls`,
    );
  }

  private waitFor<T>(
    read: () => T[],
    count: number,
    timeoutMs: number,
    what: string,
    event: 'change' | 'delivered' = 'change',
  ): Promise<T[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = read();
        if (found.length < count) return;
        done();
        resolve(found);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`FakeLineApi: waited for ${what}, got ${read().length}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.events.off(event, check);
      };
      this.events.on(event, check);
      check();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Rich menus (issue 16): answered by FakeRichMenus, before the JSON body is read here.
    if (await this.richMenus.handle(req, res)) return;
    // Message quota (issue 16): answered by FakeLineQuota.
    if (this.quota.handle(req, res)) return;
    const raw = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const route = routeOf(req.method ?? 'GET', path);
    const retryKey = header(req.headers, 'x-line-retry-key');
    const call: RecordedCall = {
      endpoint: route?.endpoint ?? 'unknown',
      method: req.method ?? '',
      path,
      headers: req.headers,
      body: undefined,
      status: 0,
      retryKey,
      at: 0,
    };
    let outcome: Outcome;
    try {
      call.body = raw ? JSON.parse(raw) : undefined;
      outcome = this.answer(route, call);
    } catch {
      outcome = { status: 400, body: { message: 'The request body could not be parsed as JSON' } };
    }
    const queued =
      route && outcome.status < 300
        ? (this.failures.get(route.endpoint)?.shift() ?? this.standingFailures.get(route.endpoint))
        : undefined;
    const failure =
      queued?.status === 'network' || (queued?.status ?? 0) >= 300 ? queued : undefined;
    if (failure?.acceptFirst || !failure) {
      outcome.commit?.();
      this.events.emit('delivered');
    }
    // As LINE when slow: the work is done (a retry key accepted) and the answer comes late.
    const delay = route && this.delays.get(route.endpoint)?.shift();
    // Unref: a delayed answer must not keep the test process alive after close().
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay).unref());
    if (failure) {
      const status = failure.status === 'network' ? 0 : failure.status;
      outcome = {
        status,
        body: failure.body ?? { message: 'Internal server error' },
        headers: failure.headers,
      };
    }
    call.status = outcome.status;
    call.at = Date.now();
    this.calls.push(call);
    this.events.emit('change');
    this.events.emit('call', call);
    if (outcome.status === 0) {
      req.socket.destroy();
      return;
    }
    const body = JSON.stringify(outcome.body);
    res.writeHead(outcome.status, {
      'content-type': 'application/json',
      'x-line-request-id': randomUUID(),
      ...outcome.headers,
    });
    res.end(body);
  }

  private answer(route: ReturnType<typeof routeOf>, call: RecordedCall): Outcome {
    if (!route) return { status: 404, body: { message: 'Not found' } };
    if (header(call.headers, 'authorization') !== `Bearer ${this.accessToken}`) {
      return {
        status: 401,
        body: {
          message:
            'Authentication failed. Confirm that the access token in the authorization header is valid.',
        },
      };
    }
    const body = call.body ?? {};
    switch (route.endpoint) {
      case 'reply': {
        if (call.retryKey)
          return error("The retry key isn't supported by this API", 'X-Line-Retry-Key');
        const invalid = validateMessages(body.messages);
        if (invalid) return invalid;
        const token = this.replyTokens.get(body.replyToken);
        if (!token || token.used) return { status: 400, body: { message: 'Invalid reply token' } };
        return {
          status: 200,
          body: { sentMessages: [] },
          commit: () => ((token.used = true), this.deliver([token.to], body.messages, 'reply')),
        };
      }
      case 'push':
      case 'multicast': {
        const to: unknown[] = route.endpoint === 'push' ? [body.to] : body.to;
        if (
          !Array.isArray(to) ||
          to.length === 0 ||
          to.length > 500 ||
          !to.every((t) => typeof t === 'string' && t)
        )
          return error('Invalid recipient', 'to');
        const notUser = to.findIndex((t) => !USER_ID.test(t as string));
        if (route.endpoint === 'multicast' && notUser >= 0)
          return error('Invalid user ID', `to[${notUser}]`);
        const invalid = validateMessages(body.messages);
        if (invalid) return invalid;
        return this.withRetryKey(call.retryKey, () =>
          this.deliver(to as string[], body.messages, route.endpoint as 'push' | 'multicast'),
        );
      }
      case 'loading': {
        const seconds = body.loadingSeconds ?? 20;
        if (typeof body.chatId !== 'string' || !body.chatId)
          return error('Must not be empty', 'chatId');
        if (!Number.isInteger(seconds) || seconds < 5 || seconds > 60 || seconds % 5 !== 0)
          return error('Must be a multiple of 5 from 5 to 60', 'loadingSeconds');
        return { status: 202, body: {} };
      }
      case 'profile': {
        const profile = this.profiles.get(route.userId);
        if (profile === null) return { status: 404, body: { message: 'Not found' } };
        const { displayName, language } = profile ?? {
          displayName: 'Student',
          language: this.defaultLanguage,
        };
        return {
          status: 200,
          body: { userId: route.userId, displayName, ...(language ? { language } : {}) },
        };
      }
      case 'linkToken':
        return { status: 200, body: { linkToken: randomBytes(24).toString('base64url') } };
    }
  }

  private withRetryKey(retryKey: string | undefined, deliver: () => void): Outcome {
    if (retryKey === undefined) return { status: 200, body: { sentMessages: [] }, commit: deliver };
    if (!UUID.test(retryKey))
      return error("The value for the 'X-Line-Retry-Key' header is invalid", 'X-Line-Retry-Key');
    const accepted = this.acceptedRetryKeys.get(retryKey);
    // LINE remembers a retry key for 24 hours; after that the same key delivers again.
    if (accepted && Date.now() - accepted.at < RETRY_KEY_LIFETIME_MS) {
      return {
        status: 409,
        body: { message: 'The retry key is already accepted' },
        headers: { 'x-line-accepted-request-id': accepted.requestId },
      };
    }
    return {
      status: 200,
      body: { sentMessages: [] },
      commit: () => {
        this.acceptedRetryKeys.set(retryKey, { requestId: randomUUID(), at: Date.now() });
        deliver();
      },
    };
  }

  private deliver(to: string[], messages: Delivery['message'][], via: Delivery['via']): void {
    this.accepted.push({ via, to: [...to] });
    for (const user of to)
      for (const message of messages) this.deliveries.push({ to: user, via, message });
    for (const user of to) this.events.emit('answer', { to: user, via, messages, at: Date.now() });
  }
}

function routeOf(
  method: string,
  path: string,
): { endpoint: FakeLineEndpoint; userId: string } | undefined {
  const userId = decodeURIComponent(path.split('/')[4] ?? '');
  if (method === 'POST' && path === '/v2/bot/message/reply') return { endpoint: 'reply', userId };
  if (method === 'POST' && path === '/v2/bot/message/push') return { endpoint: 'push', userId };
  if (method === 'POST' && path === '/v2/bot/message/multicast')
    return { endpoint: 'multicast', userId };
  if (method === 'POST' && path === '/v2/bot/chat/loading/start')
    return { endpoint: 'loading', userId };
  if (method === 'GET' && /^\/v2\/bot\/profile\/[^/]+$/.test(path))
    return { endpoint: 'profile', userId };
  if (method === 'POST' && /^\/v2\/bot\/user\/[^/]+\/linkToken$/.test(path))
    return { endpoint: 'linkToken', userId };
  return undefined;
}

/** LINE's 400 for a request whose body breaks its rules. */
function error(message: string, property: string): Outcome {
  return {
    status: 400,
    body: { message: 'The request body has 1 error(s)', details: [{ message, property }] },
  };
}

/** The message rules the service's renderer must respect, checked as LINE checks them. */
function validateMessages(messages: unknown): Outcome | undefined {
  if (!Array.isArray(messages) || messages.length < 1 || messages.length > 5)
    return error('Size must be between 1 and 5', 'messages');
  for (const [i, m] of messages.entries()) {
    const at = `messages[${i}]`;
    if (m?.type === 'text' && (typeof m.text !== 'string' || !m.text || m.text.length > 5000))
      return error('Length must be between 1 and 5000', `${at}.text`);
    if (m?.type === 'flex') {
      if (typeof m.altText !== 'string' || !m.altText || m.altText.length > 400)
        return error('Length must be between 1 and 400', `${at}.altText`);
      const bad = flexProblem(m.contents, `${at}.contents`);
      if (bad) return error(bad.message, bad.property);
    }
    if (!['text', 'flex', 'sticker', 'image', 'template'].includes(m?.type))
      return error('Unsupported message type', `${at}.type`);
    const items = m?.quickReply?.items;
    if (
      m.quickReply !== undefined &&
      (!Array.isArray(items) || items.length < 1 || items.length > 13)
    )
      return error('Size must be between 1 and 13', `${at}.quickReply.items`);
    for (const [j, item] of (items ?? []).entries()) {
      const bad = actionProblem(item?.action, 20, `${at}.quickReply.items[${j}].action`);
      if (bad) return error(bad.message, bad.property);
    }
  }
  return undefined;
}

function flexProblem(node: Json, at: string): { message: string; property: string } | undefined {
  if (!node || typeof node !== 'object') return { message: 'Must be an object', property: at };
  if (node.type === 'text' && (typeof node.text !== 'string' || !node.text))
    return { message: 'Must not be empty', property: `${at}.text` };
  if (node.type === 'button') return actionProblem(node.action, 40, `${at}.action`);
  if (node.type === 'box' && (!Array.isArray(node.contents) || node.contents.length === 0))
    return { message: 'Must not be empty', property: `${at}.contents` };
  for (const key of ['header', 'hero', 'body', 'footer']) {
    if (node[key] !== undefined) {
      const bad = flexProblem(node[key], `${at}.${key}`);
      if (bad) return bad;
    }
  }
  for (const [i, child] of (node.type === 'box' ? node.contents : []).entries()) {
    const bad = flexProblem(child, `${at}.contents[${i}]`);
    if (bad) return bad;
  }
  return undefined;
}

function actionProblem(
  action: Json,
  maxLabel: number,
  at: string,
): { message: string; property: string } | undefined {
  const label = typeof action?.label === 'string' ? [...graphemes.segment(action.label)].length : 0;
  if (label < 1 || label > maxLabel)
    return { message: `Length must be between 1 and ${maxLabel}`, property: `${at}.label` };
  const fits = (s: unknown) => typeof s === 'string' && s.length >= 1 && s.length <= 300;
  if (action.type === 'message' && !fits(action.text))
    return { message: 'Length must be between 1 and 300', property: `${at}.text` };
  if (
    action.type === 'postback' &&
    (!fits(action.data) || (action.displayText !== undefined && !fits(action.displayText)))
  )
    return { message: 'Length must be between 1 and 300', property: `${at}.data` };
  if (action.type === 'uri' && !/^(https?|line|tel):/.test(String(action.uri)))
    return { message: 'Invalid URI', property: `${at}.uri` };
  if (!['message', 'postback', 'uri'].includes(action.type))
    return { message: 'Unsupported action type', property: `${at}.type` };
  return undefined;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Every `uri` of a LINE message (Flex buttons, URI actions), depth first. */
export function urisIn(node: unknown): string[] {
  if (!node || typeof node !== 'object') return [];
  const own = (node as { uri?: unknown }).uri;
  return [
    ...(typeof own === 'string' ? [own] : []),
    ...Object.values(node as Record<string, unknown>).flatMap(urisIn),
  ];
}

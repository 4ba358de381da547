import { turnQueueKey } from '../../students/chatAccountOf';
import type { TurnQueue } from '../../turns/turnQueue';
import { parseMessageRequest, parseSessionRequest } from './messageRequest';
import { isSessionId, newSessionId } from './sessionId';
import { WEBCHAT_CHANNEL_ID } from './webChatActivity';
import type { WebChatLimits } from './webChatLimits';
import type { WebChatOutbox } from './webChatOutbox';
import type { WebChatPayload } from './webChatPayload';
import { WebChatRequestError } from './errors';

/** What a handler answers; the route turns it into HTTP. */
export interface ApiResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const AFTER = /^\d{1,15}$/;

/**
 * The web chat's JSON API, free of HTTP details: sessions, incoming messages (queued as turns,
 * so any instance may run them) and the long poll of the outbox. Client mistakes throw
 * {@link WebChatRequestError}.
 */
export class WebChatApi {
  constructor(
    private readonly queue: TurnQueue,
    private readonly outbox: WebChatOutbox,
    private readonly limits: WebChatLimits,
  ) {}

  /** `POST /api/webchat/sessions`: `{ locale? }` → 201 `{ sessionId }`. */
  async createSession(body: unknown): Promise<ApiResult> {
    const { locale } = parseSessionRequest(body);
    const sessionId = newSessionId();
    await this.outbox.open(sessionId, { locale });
    return { status: 201, body: { sessionId } };
  }

  /**
   * `POST /api/webchat/messages`: queues the turn → 202 `{ accepted: true }`. A repeated first
   * contact is queued too; its turn sees the greeting claimed and does nothing.
   */
  async postMessage(body: unknown): Promise<ApiResult> {
    const request = parseMessageRequest(body, this.limits.maxTextLength);
    const { sessionId } = request;
    const session = await this.outbox.find(sessionId);
    if (!session) throw new WebChatRequestError(404, 'unknown_session');
    const { max, windowMs } = this.limits.rateLimit;
    if ((await this.outbox.countIncoming(sessionId, windowMs)) > max) {
      throw new WebChatRequestError(429, 'rate_limited', {
        'Retry-After': String(Math.ceil(windowMs / 1000)),
      });
    }
    const locale = request.locale ?? session.locale;
    // Only the queued turn is stored here: the turn itself claims the greeting or writes the
    // student's line, so a post that fails (Redis unreachable, 503) leaves nothing half done.
    const payload: WebChatPayload =
      request.type === 'conversationUpdate'
        ? { type: 'conversationUpdate', sessionId, locale }
        : {
            type: 'message',
            sessionId,
            text: request.text,
            locale,
            shown: request.shown,
            clientId: request.clientId,
          };
    await this.queue.enqueue(turnQueueKey({ channel: WEBCHAT_CHANNEL_ID, accountId: sessionId }), {
      channel: WEBCHAT_CHANNEL_ID,
      payload,
    });
    return { status: 202, body: { accepted: true } };
  }

  /**
   * `GET /api/webchat/messages?sessionId=…&after=<seq>`: the messages numbered above `after`,
   * at once if there are any, else after waiting for one (or with none once the wait is over).
   */
  async poll(query: URLSearchParams, signal?: AbortSignal): Promise<ApiResult> {
    const sessionId = query.get('sessionId');
    if (!isSessionId(sessionId)) throw new WebChatRequestError(400, 'invalid_session_id');
    const after = query.get('after') ?? '0';
    if (!AFTER.test(after)) throw new WebChatRequestError(400, 'invalid_after');
    if (!(await this.outbox.find(sessionId))) throw new WebChatRequestError(404, 'unknown_session');
    const messages = await this.outbox.read(sessionId, Number(after), {
      waitMs: this.limits.pollWaitMs,
      signal,
    });
    return { status: 200, body: { messages } };
  }
}

import { messagingApi } from '@line/bot-sdk';
import { LineApiError, type LineEndpoint } from './errors';
import { LineHttpPoster } from './lineHttpPoster';

/**
 * The LINE Messaging API calls the channel makes, and nothing more. Every failure is a
 * {@link LineApiError}, so callers decide on status codes without knowing the SDK.
 */
export interface LineClient {
  reply(replyToken: string, messages: messagingApi.Message[]): Promise<void>;
  /** `retryKey` (a UUID) makes a retried push deliver at most once. */
  push(to: string, messages: messagingApi.Message[], retryKey: string): Promise<void>;
  /**
   * The same messages to up to 500 users (user ids only, no groups) in one request; `retryKey`
   * as for {@link push}.
   */
  multicast(to: string[], messages: messagingApi.Message[], retryKey: string): Promise<void>;
  showLoadingAnimation(chatId: string, loadingSeconds: number): Promise<void>;
  /** The user's LINE profile: display name, and the app's language if LINE shares it. */
  getProfile(userId: string): Promise<LineProfile>;
  /** A link token for LINE's account-link flow. */
  issueLinkToken(userId: string): Promise<string>;
}

/** What the bot reads from a LINE profile; both are the user's own, unchecked text. */
export interface LineProfile {
  displayName?: string;
  /** The language set in the user's LINE app (e.g. "ja", "en"). */
  language?: string;
}

export interface LineMessagingClientOptions {
  channelAccessToken: string;
  /** `https://api.line.me`, or a local server in tests. */
  apiBaseUrl: string;
  /** A call still unanswered after this long counts as a network failure. */
  requestTimeoutMs?: number;
  /**
   * The same for replies (default 3 s, or `requestTimeoutMs` if shorter): an unanswered reply is
   * tried again and then pushed, which must happen while the student is still waiting.
   */
  replyTimeoutMs?: number;
}

/**
 * Rich-menu calls run inside a student's turn, which waits for them: a LINE that does not answer
 * costs the student at most this long, and the menu catches up on the next change.
 */
const RICH_MENU_TIMEOUT_MS = 3_000;

/** {@link LineClient} over `@line/bot-sdk`'s MessagingApiClient. */
export class LineMessagingClient implements LineClient {
  private readonly api: messagingApi.MessagingApiClient;
  /** A turn's own calls (reply, push, multicast, loading): keep-alive `node:http`, not fetch. */
  private readonly poster: LineHttpPoster;
  private readonly timeoutMs: number;
  private readonly replyTimeoutMs: number;

  constructor(options: LineMessagingClientOptions) {
    this.api = new messagingApi.MessagingApiClient({
      channelAccessToken: options.channelAccessToken,
      baseURL: options.apiBaseUrl,
    });
    this.poster = new LineHttpPoster(options.apiBaseUrl, options.channelAccessToken);
    this.timeoutMs = options.requestTimeoutMs ?? 10_000;
    this.replyTimeoutMs = options.replyTimeoutMs ?? Math.min(3_000, this.timeoutMs);
  }

  async reply(replyToken: string, messages: messagingApi.Message[]): Promise<void> {
    const body: messagingApi.ReplyMessageRequest = { replyToken, messages };
    await this.poster.post('reply', '/v2/bot/message/reply', body, this.replyTimeoutMs);
  }

  async push(to: string, messages: messagingApi.Message[], retryKey: string): Promise<void> {
    const body: messagingApi.PushMessageRequest = { to, messages };
    await this.poster.post('push', '/v2/bot/message/push', body, this.timeoutMs, retryKey);
  }

  async multicast(to: string[], messages: messagingApi.Message[], retryKey: string): Promise<void> {
    const body: messagingApi.MulticastRequest = { to, messages };
    await this.poster.post(
      'multicast',
      '/v2/bot/message/multicast',
      body,
      this.timeoutMs,
      retryKey,
    );
  }

  async showLoadingAnimation(chatId: string, loadingSeconds: number): Promise<void> {
    const body: messagingApi.ShowLoadingAnimationRequest = { chatId, loadingSeconds };
    await this.poster.post('loading', '/v2/bot/chat/loading/start', body, this.timeoutMs);
  }

  async getProfile(userId: string): Promise<LineProfile> {
    const profile = await this.call('profile', () => this.api.getProfile(userId));
    return {
      ...(typeof profile.displayName === 'string' ? { displayName: profile.displayName } : {}),
      ...(typeof profile.language === 'string' ? { language: profile.language } : {}),
    };
  }

  async issueLinkToken(userId: string): Promise<string> {
    const answer = await this.call('linkToken', () => this.api.issueLinkToken(userId));
    return answer.linkToken;
  }

  /** The rich menu a rich menu alias points at (`GET /v2/bot/richmenu/alias/{id}`). */
  async richMenuOfAlias(aliasId: string): Promise<string> {
    const alias = await this.call(
      'richMenu',
      () => this.api.getRichMenuAlias(aliasId),
      RICH_MENU_TIMEOUT_MS,
    );
    return alias.richMenuId;
  }

  /** Shows the user this rich menu instead of the default one. */
  async linkRichMenu(userId: string, richMenuId: string): Promise<void> {
    await this.call(
      'richMenu',
      () => this.api.linkRichMenuIdToUser(userId, richMenuId),
      RICH_MENU_TIMEOUT_MS,
    );
  }

  /** Takes the user's own rich menu away: they see the default one again. */
  async unlinkRichMenu(userId: string): Promise<void> {
    await this.call(
      'richMenu',
      () => this.api.unlinkRichMenuIdFromUser(userId),
      RICH_MENU_TIMEOUT_MS,
    );
  }

  /** The month's message limit (`GET /v2/bot/message/quota`). */
  async messageQuota(): Promise<messagingApi.MessageQuotaResponse> {
    return this.call('quota', () => this.api.getMessageQuota());
  }

  /** The messages counted this month (`GET /v2/bot/message/quota/consumption`). */
  async messageQuotaConsumption(): Promise<messagingApi.QuotaConsumptionResponse> {
    return this.call('quota', () => this.api.getMessageQuotaConsumption());
  }

  private async call<T>(
    endpoint: LineEndpoint,
    run: () => Promise<T>,
    timeoutMs = this.timeoutMs,
  ): Promise<T> {
    // The SDK's fetch has no timeout; a LINE outage must not stall a student's turn queue.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new LineApiError(endpoint, undefined, `no answer in ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([run(), timeout]);
    } catch (err) {
      throw LineApiError.from(endpoint, err);
    } finally {
      clearTimeout(timer);
    }
  }
}

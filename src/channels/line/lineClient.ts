import { messagingApi } from '@line/bot-sdk';
import { LineApiError, type LineEndpoint } from './errors';

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
}

/** {@link LineClient} over `@line/bot-sdk`'s MessagingApiClient. */
export class LineMessagingClient implements LineClient {
  private readonly api: messagingApi.MessagingApiClient;
  private readonly timeoutMs: number;

  constructor(options: LineMessagingClientOptions) {
    this.api = new messagingApi.MessagingApiClient({
      channelAccessToken: options.channelAccessToken,
      baseURL: options.apiBaseUrl,
    });
    this.timeoutMs = options.requestTimeoutMs ?? 10_000;
  }

  async reply(replyToken: string, messages: messagingApi.Message[]): Promise<void> {
    await this.call('reply', () => this.api.replyMessage({ replyToken, messages }));
  }

  async push(to: string, messages: messagingApi.Message[], retryKey: string): Promise<void> {
    await this.call('push', () => this.api.pushMessage({ to, messages }, retryKey));
  }

  async multicast(to: string[], messages: messagingApi.Message[], retryKey: string): Promise<void> {
    await this.call('multicast', () => this.api.multicast({ to, messages }, retryKey));
  }

  async showLoadingAnimation(chatId: string, loadingSeconds: number): Promise<void> {
    await this.call('loading', () => this.api.showLoadingAnimation({ chatId, loadingSeconds }));
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

  private async call<T>(endpoint: LineEndpoint, run: () => Promise<T>): Promise<T> {
    // The SDK's fetch has no timeout; a LINE outage must not stall a student's turn queue.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new LineApiError(endpoint, undefined, `no answer in ${this.timeoutMs} ms`)),
        this.timeoutMs,
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

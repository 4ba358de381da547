import { HTTPFetchError } from '@line/bot-sdk';

/** A conversation reference that names no LINE chat, so nothing can be pushed to it. */
export class InvalidLineReferenceError extends Error {
  override readonly name = 'InvalidLineReferenceError';

  constructor(readonly channelId: string | undefined) {
    super(
      `The conversation reference (channel "${channelId ?? 'none'}") has no LINE conversation id.`,
    );
  }
}

/** A staff push text LINE would refuse for every recipient: empty, or over five messages long. */
export class InvalidStaffPushTextError extends Error {
  override readonly name = 'InvalidStaffPushTextError';

  constructor(readonly length: number) {
    super(`A staff push text for LINE must be 1 to 25,000 characters, not ${length}.`);
  }
}

/** The LINE endpoints the service calls, as named in logs and errors. */
export type LineEndpoint =
  'reply' | 'push' | 'multicast' | 'loading' | 'profile' | 'linkToken' | 'richMenu' | 'quota';

/**
 * A failed call to the LINE Messaging API. `status` is absent when no HTTP answer came back
 * (network error, timeout): such a call may or may not have reached LINE.
 */
export class LineApiError extends Error {
  override readonly name = 'LineApiError';
  /** How long LINE asked to wait (its `Retry-After` header), if it said. */
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly endpoint: LineEndpoint,
    readonly status: number | undefined,
    /** LINE's own `message` (e.g. "Invalid reply token"); never contains user text. */
    readonly lineMessage: string | undefined,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(
      `LINE ${endpoint} failed: ${status ?? 'no response'}${lineMessage ? ` (${lineMessage})` : ''}`,
      options,
    );
    this.retryAfterMs = options?.retryAfterMs;
  }

  /** Wraps whatever the SDK or fetch threw. */
  static from(endpoint: LineEndpoint, err: unknown): LineApiError {
    if (err instanceof LineApiError) return err;
    if (err instanceof HTTPFetchError) {
      return new LineApiError(endpoint, err.status, lineMessageOf(err.body), {
        cause: err,
        retryAfterMs: retryAfterMsOf(err.headers?.get('retry-after')),
      });
    }
    return new LineApiError(endpoint, undefined, undefined, { cause: err });
  }

  /** Worth retrying with the same retry key: LINE failed on its side or never answered. */
  get retryable(): boolean {
    return this.status === undefined || this.status >= 500;
  }

  /**
   * LINE's rate limit (429): worth retrying later with the same retry key, unless it is the
   * {@link monthlyLimitReached monthly limit}.
   */
  get rateLimited(): boolean {
    return this.status === 429;
  }

  /**
   * LINE's 429 for the channel's monthly message limit: final until the plan changes or the
   * month ends, so never worth retrying within a turn.
   */
  get monthlyLimitReached(): boolean {
    return this.status === 429 && /monthly limit/i.test(this.lineMessage ?? '');
  }

  /** LINE refuses the reply token: already used, expired, or never issued. */
  get invalidReplyToken(): boolean {
    return this.status === 400 && /invalid reply token/i.test(this.lineMessage ?? '');
  }
}

/** LINE's `message` in an error body (JSON), at most 200 characters; undefined if it has none. */
export function lineMessageOf(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && 'message' in parsed) {
      return String((parsed as { message: unknown }).message).slice(0, 200);
    }
  } catch {
    // LINE answers JSON; anything else (a proxy's HTML page) carries nothing worth logging.
  }
  return undefined;
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds from now; undefined if unreadable. */
export function retryAfterMsOf(
  header: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // An HTTP date names its month; Date.parse alone would take "-1" for a year.
  const at = /[a-z]{3}/i.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * What may be logged about a failure: for a LINE call its endpoint, status and LINE's message,
 * not the error itself, whose cause holds the raw response.
 */
export function lineErrorFields(err: unknown): Record<string, unknown> {
  if (err instanceof LineApiError) {
    return {
      endpoint: err.endpoint,
      status: err.status,
      lineMessage: err.lineMessage,
      ...(err.retryAfterMs === undefined ? {} : { retryAfterMs: err.retryAfterMs }),
    };
  }
  // Name and message only: other errors' own fields (e.g. a Redis command's arguments) may
  // carry the queued event, and with it what the student wrote.
  return err instanceof Error
    ? { error: err.name, errorMessage: err.message.slice(0, 200) }
    : { error: typeof err };
}

/** LINE cannot edit or delete a message once sent; botbuilder's update/delete end here. */
export class LineOperationNotSupportedError extends Error {
  override readonly name = 'LineOperationNotSupportedError';

  constructor(readonly operation: 'updateActivity' | 'deleteActivity') {
    super(`${operation} is not supported on LINE: sent messages cannot be changed.`);
  }
}

/** A request body over the allowed size; answered 413. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';

  constructor(readonly limitBytes: number) {
    super(`The request body is larger than ${limitBytes} bytes.`);
  }
}

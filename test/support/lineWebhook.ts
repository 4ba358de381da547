import { createHmac, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import type { webhook } from '@line/bot-sdk';
import type { FakeLineApi } from './fakeLineApi';

/** The `x-line-signature` LINE computes: base64 HMAC-SHA256 of the exact body bytes. */
export function signLineBody(body: string | Buffer, channelSecret: string): string {
  return createHmac('sha256', channelSecret).update(body).digest('base64');
}

/** A webhook body as LINE sends it. */
export function webhookBody(
  events: unknown[],
  destination = 'Ubot0000000000000000000000000000',
): string {
  return JSON.stringify({ destination, events });
}

export interface EventOptions {
  /** Defaults to a fresh ULID-like id. */
  webhookEventId?: string;
  isRedelivery?: boolean;
  /** Defaults to a 1:1 chat with the user. */
  source?: webhook.Source;
  /** Defaults to a token minted by the fake API (when the builder has one). */
  replyToken?: string;
  timestamp?: number;
}

/**
 * Builds LINE webhook events the way LINE sends them, with reply tokens minted by the fake
 * API so that replies to them are accepted once.
 */
export class LineEvents {
  constructor(private readonly api?: FakeLineApi) {}

  text(userId: string, text: string, options: EventOptions = {}): webhook.MessageEvent {
    return this.message(
      userId,
      { type: 'text', id: messageId(), text, quoteToken: token() },
      options,
    );
  }

  sticker(userId: string, options: EventOptions = {}): webhook.MessageEvent {
    const message = {
      type: 'sticker',
      id: messageId(),
      packageId: '446',
      stickerId: '1988',
      stickerResourceType: 'STATIC',
      quoteToken: token(),
    };
    return this.message(userId, message as webhook.MessageContent, options);
  }

  image(userId: string, options: EventOptions = {}): webhook.MessageEvent {
    const message = {
      type: 'image',
      id: messageId(),
      contentProvider: { type: 'line' },
      quoteToken: token(),
    };
    return this.message(userId, message as webhook.MessageContent, options);
  }

  location(userId: string, options: EventOptions = {}): webhook.MessageEvent {
    const message = {
      type: 'location',
      id: messageId(),
      title: 'Store',
      address: 'Osaka',
      latitude: 34.7,
      longitude: 135.5,
    };
    return this.message(userId, message as webhook.MessageContent, options);
  }

  postback(userId: string, data: string, options: EventOptions = {}): webhook.PostbackEvent {
    return {
      ...this.base(userId, options),
      type: 'postback',
      replyToken: this.reply(userId, options),
      postback: { data },
    };
  }

  follow(userId: string, options: EventOptions = {}): webhook.FollowEvent {
    return {
      ...this.base(userId, options),
      type: 'follow',
      replyToken: this.reply(userId, options) ?? token(),
      follow: { isUnblocked: false },
    };
  }

  unfollow(userId: string, options: EventOptions = {}): webhook.UnfollowEvent {
    return { ...this.base(userId, options), type: 'unfollow' };
  }

  accountLink(
    userId: string,
    result: 'ok' | 'failed',
    nonce: string,
    options: EventOptions = {},
  ): webhook.AccountLinkEvent {
    const replyToken = result === 'ok' ? this.reply(userId, options) : undefined;
    return {
      ...this.base(userId, options),
      type: 'accountLink',
      ...(replyToken ? { replyToken } : {}),
      link: { result, nonce },
    };
  }

  /** An event type the service does not know (LINE adds new ones). */
  unknown(userId: string, type = 'somethingNew', options: EventOptions = {}): object {
    return { ...this.base(userId, options), type, replyToken: this.reply(userId, options) };
  }

  private message(
    userId: string,
    message: webhook.MessageContent,
    options: EventOptions,
  ): webhook.MessageEvent {
    return {
      ...this.base(userId, options),
      type: 'message',
      replyToken: this.reply(userId, options),
      message,
    };
  }

  private base(userId: string, options: EventOptions) {
    return {
      source: options.source ?? ({ type: 'user', userId } as webhook.Source),
      timestamp: options.timestamp ?? Date.now(),
      mode: 'active' as const,
      webhookEventId: options.webhookEventId ?? ulidLike(),
      deliveryContext: { isRedelivery: options.isRedelivery ?? false },
    };
  }

  private reply(userId: string, options: EventOptions): string | undefined {
    if (options.replyToken !== undefined) return options.replyToken;
    const chat = options.source && 'groupId' in options.source ? options.source.groupId : userId;
    return this.api?.mintReplyToken(chat);
  }
}

export interface PostOptions {
  /** The channel secret to sign with; ignored when `signature` is given. */
  secret?: string;
  /** An explicit signature header; `null` sends none. */
  signature?: string | null;
  /** Sent chunked, without Content-Length. */
  chunked?: boolean;
}

/**
 * POSTs a webhook body over plain node:http (which, unlike fetch, lets a test send an
 * oversized body and still read an early answer). Resolves with status and body text.
 */
export function postLineWebhook(
  url: string,
  body: string | Buffer,
  options: PostOptions = {},
): Promise<{ status: number; body: string }> {
  const signature =
    options.signature === undefined
      ? options.secret
        ? signLineBody(body, options.secret)
        : null
      : options.signature;
  const headers: Record<string, string | number> = { 'content-type': 'application/json' };
  if (signature !== null) headers['x-line-signature'] = signature;
  if (!options.chunked) headers['content-length'] = Buffer.byteLength(body);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(url, { method: 'POST', headers }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    // A server refusing a large body may stop reading it; only a missing answer is a failure.
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    if (options.chunked) {
      const bytes = Buffer.from(body);
      for (let i = 0; i < bytes.length; i += 64 * 1024) req.write(bytes.subarray(i, i + 64 * 1024));
      req.end();
    } else {
      req.end(body);
    }
  });
}

function token(): string {
  return randomBytes(16).toString('hex');
}

function messageId(): string {
  return String(Date.now()) + String(Math.floor(Math.random() * 1e6));
}

/** Unique, time-ordered ids shaped like LINE's ULID webhook event ids. */
let sequence = 0;
function ulidLike(): string {
  sequence++;
  return `01${Date.now().toString(36).toUpperCase().padStart(10, '0')}${String(sequence).padStart(6, '0')}${randomBytes(4).toString('hex').toUpperCase()}`;
}

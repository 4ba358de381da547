import { randomUUID } from 'node:crypto';
import type { messagingApi, webhook } from '@line/bot-sdk';
import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ChannelAccount,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import {
  DISPLAY_NAME_LOOKUP,
  LINK_TOKEN_ISSUER,
  LOCALE_LOOKUP,
  TURN_ID,
  TURN_OUTBOX,
  type BotLogic,
  type DisplayNameLookup,
  type LinkTokenIssuer,
  type LocaleLookup,
  type TurnOutbox,
} from '../../bot/botLogic';
import { systemClock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { Metrics } from '../../platform/metrics';
import type { ChatReachability } from '../../students/chatReachability';
import { MemoryChatReachability } from '../../students/memoryChatReachability';
import { accountKey, type ChatAccount } from '../../students/student';
import { DELIVERY_ID } from '../../turns/chatEvents';
import { TurnDeliveryPendingError, TurnHandedBackError } from '../../turns/errors';
import { InvalidLineReferenceError } from './errors';
import { lineEventToActivity } from './lineActivity';
import { lineChatOf } from './lineChat';
import type { LineClient } from './lineClient';
import { lineErrorFields } from './errors';
import { LineDelivery, type DeliveryTarget, type LineRetryPolicy } from './lineDelivery';
import type { LineRateLimiter, Sleep } from './lineRateLimiter';
import { LineOperationNotSupportedError } from './errors';
import { renderLineMessages } from './lineRenderer';
import { LoadingIndicator } from './loadingIndicator';
import { MemoryLineRateLimiter } from './memoryLineRateLimiter';
import { LineProfileCache } from './lineProfileCache';

export interface LineAdapterDeps {
  client: LineClient;
  logger: Logger;
  metrics: Metrics;
  /** A turn still running after this long shows LINE's loading animation (1:1 chats). */
  loadingDelayMs: number;
  /** The bot's id as the `recipient` of activities (LINE's `destination`); optional. */
  botId?: string;
  pushRetry?: LineRetryPolicy;
  /** Tries of a reply with the same token before its messages are pushed instead. */
  replyRetry?: LineRetryPolicy;
  /** How retries wait; tests pass one that records the waits and returns at once. */
  sleep?: Sleep;
  /** Shared by every instance in production; defaults to one process's own limits. */
  limiter?: LineRateLimiter;
  /** Who blocked the bot: set on `unfollow`, cleared on `follow`, checked before proactive turns. */
  reachability?: ChatReachability;
}

/** LINE's limits halved (push 2,000/s, multicast 200/s), as the configuration defaults. */
const DEFAULT_RATES = { push: 1000, multicast: 100 };

/** One turn's messages, held until the turn ends so that the reply token is used once. */
interface ReplyBuffer {
  target: DeliveryTarget;
  /** False after `unfollow`, or for a user known to have blocked the bot: nothing reaches them. */
  deliverable: boolean;
  messages: messagingApi.Message[];
  flushed: boolean;
  loading?: LoadingIndicator;
}

const REPLY_BUFFER = Symbol('lineReplyBuffer');

/**
 * Runs the bot for LINE webhook events. `TurnContext` never touches the network here:
 * `sendActivities` only renders and buffers, and the adapter sends everything once the turn
 * (and `onTurnError`, if the bot failed) is over; see {@link LineDelivery}.
 */
export class LineAdapter extends BotAdapter {
  private readonly delivery: LineDelivery;
  private readonly profiles: LineProfileCache;
  private readonly bot: ChannelAccount;
  private readonly reachability: ChatReachability;

  constructor(private readonly deps: LineAdapterDeps) {
    super();
    this.delivery = new LineDelivery(deps.client, deps.logger, {
      limiter: deps.limiter ?? new MemoryLineRateLimiter(DEFAULT_RATES, systemClock),
      retry: deps.pushRetry,
      replyRetry: deps.replyRetry,
      sleep: deps.sleep,
    });
    this.reachability = deps.reachability ?? new MemoryChatReachability();
    this.profiles = new LineProfileCache(deps.client, deps.logger);
    this.bot = { id: deps.botId ?? 'line-bot', name: '', role: 'bot' };
  }

  /**
   * Runs one webhook event (as queued by the webhook handler) through the bot; `turnId` is the
   * queue's id of the turn, which lets the bot tell a turn it committed before (see `TURN_ID`);
   * `pushOnly` sends without the reply token, whose reply failed on an earlier run.
   */
  async processEvent(
    event: webhook.Event,
    logic: BotLogic,
    run: { turnId?: string; pushOnly?: boolean } = {},
  ): Promise<void> {
    const activity = lineEventToActivity(event, this.bot);
    const chat = lineChatOf((event as { source?: unknown } | undefined)?.source);
    if (!activity || !chat) {
      this.deps.logger.debug({ eventType: typeOf(event) }, 'LINE event ignored');
      return;
    }
    if (chat.conversationType === 'personal') await this.noteReachability(event.type, chat.userId);
    const { replyToken, webhookEventId } = event as {
      replyToken?: unknown;
      webhookEventId?: unknown;
    };
    const deliverable = event.type !== 'unfollow';
    const buffer: ReplyBuffer = {
      target: {
        to: chat.conversationId,
        replyToken: typeof replyToken === 'string' && !run.pushOnly ? replyToken : undefined,
        // Redelivered, the event keeps its id: the pushes' retry keys are the same again.
        eventId: typeof webhookEventId === 'string' ? webhookEventId : undefined,
      },
      deliverable,
      messages: [],
      flushed: false,
    };
    if (chat.conversationType === 'personal' && deliverable) {
      buffer.loading = new LoadingIndicator(
        this.deps.client,
        this.deps.logger,
        chat.conversationId,
        this.deps.loadingDelayMs,
      );
    }
    await this.runTurn(activity, buffer, chat.userId, logic, run.turnId);
  }

  /** Runs `logic` outside a webhook (reminders, payment callbacks); its messages are pushed. */
  async continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const to = reference.conversation?.id;
    if (!to) throw new InvalidLineReferenceError(reference.channelId);
    const activity = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'continueConversation' },
      reference,
      true,
    );
    // The turn still runs (the bot may record what the event means); only its messages stay.
    const deliverable = !(await this.isBlocked(to));
    if (!deliverable) this.deps.logger.debug('LINE proactive turn: the user blocked the bot');
    const buffer: ReplyBuffer = { target: { to }, deliverable, messages: [], flushed: false };
    await this.runTurn(activity, buffer, reference.user?.id, logic);
  }

  /** botbuilder's newer entry point for proactive turns; the identity and audience are unused. */
  override async continueConversationAsync(
    _botAppIdOrClaimsIdentity: unknown,
    reference: Partial<ConversationReference>,
    logicOrAudience: string | ((context: TurnContext) => Promise<void>),
    maybeLogic?: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const logic = typeof logicOrAudience === 'function' ? logicOrAudience : maybeLogic;
    if (!logic) throw new TypeError('continueConversationAsync needs a logic function.');
    await this.continueConversation(reference, logic);
  }

  async sendActivities(
    context: TurnContext,
    activities: Partial<Activity>[],
  ): Promise<ResourceResponse[]> {
    const buffer = context.turnState.get(REPLY_BUFFER) as ReplyBuffer | undefined;
    const late: messagingApi.Message[] = [];
    for (const activity of activities) {
      if (activity.type === ActivityTypes.Typing) buffer?.loading?.show();
      if (activity.type !== undefined && activity.type !== ActivityTypes.Message) continue;
      const messages = renderLineMessages(activity);
      if (buffer && !buffer.flushed) buffer.messages.push(...messages);
      else late.push(...messages);
    }
    if (late.length > 0) await this.sendLate(context, buffer, late);
    return activities.map(() => ({ id: randomUUID() }));
  }

  async updateActivity(): Promise<void> {
    throw new LineOperationNotSupportedError('updateActivity');
  }

  async deleteActivity(): Promise<void> {
    throw new LineOperationNotSupportedError('deleteActivity');
  }

  private async runTurn(
    activity: Partial<Activity>,
    buffer: ReplyBuffer,
    userId: string | undefined,
    logic: BotLogic,
    turnId?: string,
  ): Promise<void> {
    const started = performance.now();
    const context = new TurnContext(this, activity);
    context.turnState.set(REPLY_BUFFER, buffer);
    if (turnId !== undefined) context.turnState.set(TURN_ID, turnId);
    context.turnState.set(TURN_OUTBOX, replyBufferOutbox(buffer));
    const lookup: LocaleLookup = async () =>
      userId ? (await this.profiles.lookup(userId)).language : undefined;
    context.turnState.set(LOCALE_LOOKUP, lookup);
    const lookupName: DisplayNameLookup = async () =>
      userId ? (await this.profiles.lookup(userId)).displayName : undefined;
    context.turnState.set(DISPLAY_NAME_LOOKUP, lookupName);
    if (userId) {
      const issue: LinkTokenIssuer = () => this.deps.client.issueLinkToken(userId);
      context.turnState.set(LINK_TOKEN_ISSUER, issue);
    }

    let failed = false;
    let escaped: { error: unknown } | undefined;
    buffer.loading?.start();
    try {
      await this.runMiddleware(context, async (turn) => {
        try {
          await logic(turn);
        } catch (err) {
          failed = true;
          throw err;
        }
      });
    } catch (err) {
      // Only reached when no onTurnError is set; what the bot sent before failing still goes.
      failed = true;
      escaped = { error: err };
    }
    await buffer.loading?.stop();
    if (escaped?.error instanceof TurnHandedBackError) {
      // Run again once Redis is back: nothing of this run may reach the student.
      buffer.flushed = true;
      buffer.messages.length = 0;
      this.deps.metrics.observeTurn('line', (performance.now() - started) / 1000, true);
      throw escaped.error;
    }
    const deliveryId: unknown = context.turnState.get(DELIVERY_ID);
    if (typeof deliveryId === 'string') buffer.target.deliveryId = deliveryId;
    const committed = !failed && context.turnState.get(TURN_ID) !== undefined;
    const { undelivered, pending } = await this.flush(buffer);
    this.deps.metrics.observeTurn(
      'line',
      (performance.now() - started) / 1000,
      failed || undelivered > 0,
    );
    if (escaped) throw escaped.error;
    // A queued turn the bot committed is sent again later from its saved outbox.
    if (committed && pending > 0) throw new TurnDeliveryPendingError(pending);
  }

  /** Sends the turn's messages once; says how many did not arrive, and how many may later. */
  private async flush(buffer: ReplyBuffer): Promise<{ undelivered: number; pending: number }> {
    buffer.flushed = true;
    const messages = buffer.messages.splice(0);
    if (messages.length === 0) return { undelivered: 0, pending: 0 };
    if (!buffer.deliverable) {
      this.deps.logger.debug(
        { count: messages.length },
        'LINE messages dropped: user blocked the bot',
      );
      return { undelivered: 0, pending: 0 };
    }
    return this.delivery.deliver(buffer.target, messages);
  }

  /** `unfollow` means the user blocked the bot, `follow` that they added or unblocked it. */
  private async noteReachability(type: string, userId: string | undefined): Promise<void> {
    if (!userId || (type !== 'follow' && type !== 'unfollow')) return;
    const account: ChatAccount = { channel: 'line', accountId: userId };
    try {
      if (type === 'unfollow') await this.reachability.markBlocked(account);
      else await this.reachability.markReachable(account);
    } catch (err) {
      // The event's turn still runs; operators see that the mark is missing.
      this.deps.logger.warn({ ...lineErrorFields(err), type }, 'LINE reachability not recorded');
    }
  }

  /** Whether the 1:1 chat `to` is a user who blocked the bot (groups and rooms never are). */
  private async isBlocked(to: string): Promise<boolean> {
    const account: ChatAccount = { channel: 'line', accountId: to };
    const blocked = await this.reachability.blockedAmong([account]);
    return blocked.has(accountKey(account));
  }

  /** Messages sent on a context after its turn was flushed (or on a foreign context): push. */
  private async sendLate(
    context: TurnContext,
    buffer: ReplyBuffer | undefined,
    messages: messagingApi.Message[],
  ): Promise<void> {
    if (buffer && !buffer.deliverable) return;
    const to = buffer?.target.to ?? context.activity.conversation?.id;
    if (!to) throw new InvalidLineReferenceError(context.activity.channelId);
    await this.delivery.deliver({ to }, messages);
  }
}

/**
 * The reply buffer as the bot's {@link TurnOutbox}: what it holds is saved with the state; a
 * committed turn's outbox put back is sent as a resend (a reply token LINE says is spent was
 * spent on it, by the run that committed).
 */
function replyBufferOutbox(buffer: ReplyBuffer): TurnOutbox {
  return {
    held: () => buffer.messages.slice(),
    restore: (messages) => {
      buffer.messages.push(...messages.filter(isLineMessage));
      buffer.target.resend = true;
    },
  };
}

/** A rendered LINE message as saved in an outbox: an object with a type. */
function isLineMessage(value: unknown): value is messagingApi.Message {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { type?: unknown }).type === 'string'
  );
}

function typeOf(event: unknown): string | undefined {
  const type = (event as { type?: unknown } | null | undefined)?.type;
  return typeof type === 'string' ? type.slice(0, 40) : undefined;
}

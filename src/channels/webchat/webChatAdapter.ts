import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import { TURN_ID, type BotLogic } from '../../bot/botLogic';
import { TurnHandedBackError } from '../../turns/errors';
import { loggableError } from '../../http/loggableError';
import { systemClock, type Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { Metrics } from '../../platform/metrics';
import { isSessionId, sessionTag } from './sessionId';
import { WEBCHAT_CHANNEL_ID, webChatActivity } from './webChatActivity';
import type { WebChatDraft } from './webChatMessage';
import type { WebChatOutbox } from './webChatOutbox';
import { parseWebChatPayload } from './webChatPayload';
import { WebChatReferenceError } from './errors';
import { toWebChatDraft } from './webChatRenderer';
import { WebChatUnsupportedError } from './errors';

// botbuilder does not re-export botframework-connector's ClaimsIdentity; take it from the base.
type ClaimsIdentity = Parameters<BotAdapter['continueConversationAsync']>[0];
type Logic = (context: TurnContext) => Promise<void>;

export interface WebChatAdapterDeps {
  outbox: WebChatOutbox;
  logger: Logger;
  metrics: Metrics;
  clock?: Clock;
}

/**
 * The web chat's botbuilder adapter. Turns arrive from the turn queue; replies go to the shared
 * outbox at once (the page long-polls it), so any instance can run any session's turn.
 */
export class WebChatAdapter extends BotAdapter {
  private readonly clock: Clock;

  constructor(private readonly deps: WebChatAdapterDeps) {
    super();
    this.clock = deps.clock ?? systemClock;
  }

  /**
   * Runs one queued web-chat turn (the queue runner calls this for channel 'webchat'): claims
   * the session's greeting or writes the student's line to the transcript, then runs the bot.
   * `turnId` (the queue's id of the turn) lets the bot tell a turn it committed before, whose
   * answer went to the outbox already.
   */
  async processMessage(payload: unknown, logic: BotLogic, turnId?: string): Promise<void> {
    const parsed = parseWebChatPayload(payload);
    if (!parsed) {
      this.deps.logger.warn({ channel: WEBCHAT_CHANNEL_ID }, 'dropped a malformed web-chat turn');
      return;
    }
    const { outbox } = this.deps;
    // Done here, in the turn, rather than when the page posted: a post refused because Redis
    // was unreachable then leaves neither a claimed greeting nor a line without its answer.
    if (parsed.type === 'conversationUpdate' && !(await outbox.claimStart(parsed.sessionId))) {
      return; // a second first contact (two tabs, a retry) must not greet twice
    }
    if (parsed.type === 'message' && parsed.shown !== undefined) {
      await outbox.append(parsed.sessionId, [
        { from: 'user', text: parsed.shown, clientId: parsed.clientId },
      ]);
    }
    const activity = webChatActivity(parsed, this.clock.now().toJSDate());
    const context = new TurnContext(this, activity);
    if (turnId !== undefined) context.turnState.set(TURN_ID, turnId);
    await this.runTurn(context, logic);
  }

  override async sendActivities(
    context: TurnContext,
    activities: Partial<Activity>[],
  ): Promise<ResourceResponse[]> {
    const sessionId = activities[0]?.conversation?.id ?? context.activity.conversation?.id;
    if (!isSessionId(sessionId)) throw new WebChatReferenceError(context.activity.channelId);
    const drafts: (WebChatDraft | undefined)[] = activities.map(toWebChatDraft);
    const seqs = await this.deps.outbox.append(
      sessionId,
      drafts.filter((d): d is WebChatDraft => d !== undefined),
    );
    if (seqs.length === 0 && drafts.some(Boolean)) {
      this.deps.logger.info(
        { session: sessionTag(sessionId) },
        'web-chat session gone; reply dropped',
      );
    }
    let next = 0;
    return drafts.map((draft) => {
      const seq = draft ? seqs[next++] : undefined;
      return { id: seq === undefined ? '' : `${sessionId}:${seq}` };
    });
  }

  override async updateActivity(): Promise<void> {
    throw new WebChatUnsupportedError('updateActivity');
  }

  override async deleteActivity(): Promise<void> {
    throw new WebChatUnsupportedError('deleteActivity');
  }

  /** Proactive message (e.g. "email confirmed"): it lands in the session's outbox. */
  override async continueConversation(
    reference: Partial<ConversationReference>,
    logic: Logic,
  ): Promise<void> {
    if (!isSessionId(reference.conversation?.id)) {
      throw new WebChatReferenceError(reference.channelId);
    }
    const activity = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'continueConversation' },
      reference,
      true,
    );
    activity.timestamp = this.clock.now().toJSDate();
    await this.runTurn(new TurnContext(this, activity), logic);
  }

  /** The same as {@link continueConversation}; the web chat has no app id or claims to check. */
  override async continueConversationAsync(
    botAppId: string,
    reference: Partial<ConversationReference>,
    logic: Logic,
  ): Promise<void>;
  override async continueConversationAsync(
    claimsIdentity: ClaimsIdentity,
    reference: Partial<ConversationReference>,
    logic: Logic,
  ): Promise<void>;
  override async continueConversationAsync(
    claimsIdentity: ClaimsIdentity,
    reference: Partial<ConversationReference>,
    audience: string,
    logic: Logic,
  ): Promise<void>;
  override async continueConversationAsync(
    _identity: string | ClaimsIdentity,
    reference: Partial<ConversationReference>,
    logicOrAudience: string | Logic,
    maybeLogic?: Logic,
  ): Promise<void> {
    const logic = typeof logicOrAudience === 'function' ? logicOrAudience : maybeLogic;
    if (!logic) throw new TypeError('continueConversationAsync needs a logic function.');
    await this.continueConversation(reference, logic);
  }

  /**
   * Runs the middleware and the logic, timing the turn. A failure the bot's `onTurnError` has
   * answered still counts as failed; one it could not answer is logged here, never rethrown,
   * so the queue moves on to the student's next turn; only a turn handed back is rethrown.
   */
  private async runTurn(context: TurnContext, logic: BotLogic): Promise<void> {
    const started = performance.now();
    let failed = false;
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
      failed = true;
      // Handed back (Redis lost midway): the queue keeps the turn and runs it again.
      if (err instanceof TurnHandedBackError) throw err;
      const session = sessionTag(context.activity.conversation?.id ?? '');
      this.deps.logger.error(
        { err: loggableError(err), channel: WEBCHAT_CHANNEL_ID, session },
        'web-chat turn failed',
      );
    } finally {
      this.deps.metrics.observeTurn(
        WEBCHAT_CHANNEL_ID,
        (performance.now() - started) / 1000,
        failed,
      );
    }
  }
}

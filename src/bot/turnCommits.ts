import type { ConversationState, StatePropertyAccessor, TurnContext, UserState } from 'botbuilder';
import { TURN_OUTBOX, type TurnOutbox } from './botLogic';

/**
 * The last turn committed with a conversation's state: its queue id, the messages the channel
 * still held (its outbox), and the user state as the turn left it.
 */
interface CommittedTurn {
  id: string;
  outbox: unknown[];
  /** The user state's properties after the turn (its eTag left out). */
  user?: Record<string, unknown>;
}

/**
 * Commits a queued turn so that it is never run twice (see `TURN_ID`). The conversation state's
 * write is the commit: it carries the turn's id, its outbox and a copy of the user state. The
 * user state is written next, marked with the same id; a crash between the two writes leaves
 * the mark missing, and the turn run again writes the copy (redoing the lost write) before it
 * sends the outbox. Without the copy, a language switch could be answered and then forgotten.
 */
export class TurnCommits {
  private readonly committed: StatePropertyAccessor<CommittedTurn | undefined>;
  private readonly userApplied: StatePropertyAccessor<string | undefined>;

  constructor(
    private readonly conversationState: ConversationState,
    private readonly userState: UserState,
  ) {
    this.committed = conversationState.createProperty('committedTurn');
    this.userApplied = userState.createProperty('appliedTurn');
  }

  /**
   * Saves both states at the end of turn `turnId` (a turn not queued saves them as usual). The
   * user state is marked and copied only when the turn changed it: most turns (help, the menu,
   * a step of a dialog) leave it as it was, and then cost no user-state write at all.
   */
  async save(context: TurnContext, turnId: string | undefined): Promise<void> {
    if (turnId !== undefined) {
      const user = await this.userStateOf(context);
      const changed = userJson(user) !== context.turnState.get(USER_AT_START);
      if (changed) await this.userApplied.set(context, turnId);
      const outbox = context.turnState.get(TURN_OUTBOX) as TurnOutbox | undefined;
      await this.committed.set(context, {
        id: turnId,
        outbox: outbox?.held() ?? [],
        ...(changed ? { user: withoutETag(user) } : {}),
      });
    }
    // A queued turn always changed the conversation state (its commit mark is new): saved without
    // botbuilder hashing the whole state once more to find that out.
    await this.conversationState.saveChanges(context, turnId !== undefined);
    await this.userState.saveChanges(context);
  }

  /**
   * True when turn `turnId` was committed already (its instance died after the commit, before
   * the queue heard the turn had finished): the user state's write is redone if it was lost,
   * and the outbox is handed back to the adapter to be sent; the caller runs nothing else.
   */
  async resend(context: TurnContext, turnId: string): Promise<boolean> {
    const committed = await this.committed.get(context);
    if (committed?.id !== turnId) {
      // A turn run for the first time: what the user state was, to tell at the end if it changed.
      context.turnState.set(USER_AT_START, userJson(await this.userStateOf(context)));
      return false;
    }
    if (committed.user && (await this.userApplied.get(context)) !== turnId) {
      const state = await this.userStateOf(context);
      for (const key of Object.keys(state)) if (key !== 'eTag') delete state[key];
      Object.assign(state, withoutETag(committed.user));
      await this.userState.saveChanges(context, true);
    }
    const outbox = context.turnState.get(TURN_OUTBOX) as TurnOutbox | undefined;
    outbox?.restore(Array.isArray(committed.outbox) ? committed.outbox : []);
    return true;
  }

  /** The user state object botbuilder caches for this turn (loaded if it was not yet). */
  private async userStateOf(context: TurnContext): Promise<Record<string, unknown>> {
    await this.userState.load(context);
    return this.userState.get(context) as Record<string, unknown>;
  }
}

/** The user state as JSON when the turn began (its eTag and turn mark left out). */
const USER_AT_START = Symbol('userAtStart');

function userJson(state: Record<string, unknown>): string {
  const { eTag: _eTag, appliedTurn: _appliedTurn, ...rest } = state;
  return JSON.stringify(rest);
}

function withoutETag(state: Record<string, unknown>): Record<string, unknown> {
  const { eTag: _eTag, ...rest } = state;
  return structuredClone(rest);
}

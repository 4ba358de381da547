import {
  ConversationState,
  UserState,
  type BotState,
  type Storage,
  type TurnContext,
} from 'botbuilder';

/**
 * A turn's copy of one state: the object, and its JSON (no eTag) when last read or written;
 * undefined when not worked out (see {@link WRITTEN_ANYWAY}): the state then counts as changed.
 */
interface Cached {
  state: Record<string, unknown>;
  json: string | undefined;
}

/**
 * Set in a turn's state by a caller that will save this turn's conversation state with `force`
 * (a queued turn always does: its commit mark is new). Its JSON is then not worked out when it
 * is read, nor again after it is written: nothing would compare with it. A save without `force`
 * later in the turn simply writes.
 */
export const WRITTEN_ANYWAY = Symbol('conversationStateWrittenAnyway');

// A mixin's constructor must take `any[]` (TypeScript's rule for mixin classes).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type StateClass = new (...args: any[]) => BotState;

/**
 * botbuilder's conversation and user state, with the same behaviour (read once a turn, written
 * only when changed, `force`, `clear`, `delete`), but told changed by comparing the state's JSON
 * with the JSON it had when read. botbuilder hashes the whole state with SHA-256 over its own
 * cycle-safe `stringify` when it reads it, again when it saves it, and once more after writing:
 * a twentieth of a LINE turn's CPU, for state that is JSON in storage anyway (a state that JSON
 * cannot hold could not be written either).
 */
function trackedByJson<Base extends StateClass>(base: Base) {
  return class extends base {
    /** This state's entry in a turn's state (botbuilder keeps its own under a private symbol). */
    private readonly cacheKey = Symbol('trackedState');

    override async load(context: TurnContext, force = false): Promise<Record<string, unknown>> {
      const cached = context.turnState.get(this.cacheKey) as Cached | undefined;
      if (cached && !force) return cached.state;
      const key = await this.storageKey(context);
      const items = await this.storage.read([key]);
      const state = (items[key] ?? {}) as Record<string, unknown>;
      const json = this.writtenAnyway(context) ? undefined : jsonOf(state);
      context.turnState.set(this.cacheKey, { state, json } satisfies Cached);
      return state;
    }

    override async saveChanges(context: TurnContext, force = false): Promise<void> {
      let cached = context.turnState.get(this.cacheKey) as Cached | undefined;
      let json: string | undefined;
      if (!force) {
        if (!cached) return;
        json = jsonOf(cached.state);
        if (json === cached.json) return;
      }
      const key = await this.storageKey(context);
      cached ??= { state: {}, json: '' };
      cached.state.eTag = '*';
      await this.storage.write({ [key]: cached.state });
      cached.json = json ?? (this.writtenAnyway(context) ? undefined : jsonOf(cached.state));
      context.turnState.set(this.cacheKey, cached);
    }

    /** Whether this state is saved with `force` this turn anyway (conversation state only). */
    private writtenAnyway(context: TurnContext): boolean {
      return this instanceof ConversationState && context.turnState.get(WRITTEN_ANYWAY) === true;
    }

    override async clear(context: TurnContext): Promise<void> {
      // An empty object that never matches: saved at the next saveChanges, as in botbuilder.
      context.turnState.set(this.cacheKey, { state: {}, json: '' } satisfies Cached);
    }

    override async delete(context: TurnContext): Promise<void> {
      context.turnState.delete(this.cacheKey);
      await this.storage.delete([await this.storageKey(context)]);
    }

    override get(context: TurnContext): Record<string, unknown> | undefined {
      return (context.turnState.get(this.cacheKey) as Cached | undefined)?.state;
    }
  };
}

/** The state's JSON without its eTag (which changes with every write, not with the state). */
function jsonOf(state: Record<string, unknown>): string {
  const { eTag: _eTag, ...rest } = state;
  return JSON.stringify(rest);
}

/** botbuilder's `ConversationState`, told changed by its JSON (see {@link trackedByJson}). */
export class TrackedConversationState extends trackedByJson(ConversationState) {
  constructor(storage: Storage, namespace = '') {
    super(storage, namespace);
  }
}

/** botbuilder's `UserState`, told changed by its JSON (see {@link trackedByJson}). */
export class TrackedUserState extends trackedByJson(UserState) {
  constructor(storage: Storage, namespace = '') {
    super(storage, namespace);
  }
}

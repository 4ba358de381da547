import {
  ActivityTypes,
  BotState,
  ConversationState,
  MemoryStorage,
  TestAdapter,
  TurnContext,
  UserState,
  type Storage,
  type StoreItems,
} from 'botbuilder';
import {
  TrackedConversationState,
  TrackedUserState,
  WRITTEN_ANYWAY,
} from '../../src/bot/trackedState';

/** MemoryStorage that counts its writes and deletes. */
class CountingStorage extends MemoryStorage {
  writes = 0;
  deletes = 0;
  override async write(changes: StoreItems): Promise<void> {
    this.writes += Object.keys(changes).length;
    await super.write(changes);
  }
  override async delete(keys: string[]): Promise<void> {
    this.deletes += keys.length;
    await super.delete(keys);
  }
  /** Every stored item, eTags left out (they are random). */
  async items(keys: string[]): Promise<unknown> {
    const items = await this.read(keys);
    return Object.fromEntries(
      Object.entries(items).map(([key, { eTag: _eTag, ...rest }]) => [key, rest]),
    );
  }
}

const KEYS = ['msteams/conversations/conv-1/', 'msteams/users/user-1/'];

function turn(): TurnContext {
  return new TurnContext(new TestAdapter(), {
    type: ActivityTypes.Message,
    channelId: 'msteams',
    conversation: { id: 'conv-1', isGroup: false, conversationType: 'personal', name: '' },
    from: { id: 'user-1', name: 'student' },
    recipient: { id: 'bot', name: 'bot' },
    text: 'hi',
  });
}

type Step = (context: TurnContext, state: BotState) => Promise<void>;

/**
 * Runs the same turns on botbuilder's state and on the tracked one, each on its own storage, and
 * gives what each stored and how many writes and deletes each made after every turn.
 */
async function both(
  make: (storage: Storage) => [BotState, BotState],
  turns: Step[][],
): Promise<{ plain: unknown[]; tracked: unknown[] }> {
  const plainStorage = new CountingStorage();
  const trackedStorage = new CountingStorage();
  const [plain] = make(plainStorage);
  const [, tracked] = make(trackedStorage);
  const record = { plain: [] as unknown[], tracked: [] as unknown[] };
  for (const steps of turns) {
    for (const [state, storage, log] of [
      [plain, plainStorage, record.plain],
      [tracked, trackedStorage, record.tracked],
    ] as const) {
      const context = turn();
      for (const step of steps) await step(context, state);
      log.push({
        items: await storage.items(KEYS),
        writes: storage.writes,
        deletes: storage.deletes,
        cached: state.get(context),
      });
    }
  }
  return record;
}

const load: Step = async (context, state) => void (await state.load(context));
const save: Step = (context, state) => state.saveChanges(context);
const forceSave: Step = (context, state) => state.saveChanges(context, true);
const set =
  (name: string, value: unknown): Step =>
  async (context, state) =>
    state.createProperty(name).set(context, value);
const mutate: Step = async (context, state) => {
  const box = await state.createProperty<{ n: number[] }>('box').get(context, { n: [] });
  box.n.push(box.n.length);
};
const remove: Step = (context, state) => state.createProperty('a').delete(context);
const clear: Step = (context, state) => state.clear(context);
const erase: Step = (context, state) => state.delete(context);
const reload: Step = async (context, state) => void (await state.load(context, true));

const SCRIPT: Step[][] = [
  [load, save], // nothing read, nothing changed: no write
  [set('a', 1), save], // changed: one write
  [load, save, save], // unchanged: no write
  [mutate, save, save], // a nested change is seen; the second save writes nothing
  [set('a', 1), save], // set to the same value: no write
  [remove, save], // a property deleted: written
  [load, forceSave], // forced: written although unchanged
  [set('b', 'x'), reload, save], // a forced reload drops the unsaved change
  [clear, save], // cleared: an empty state written
  [set('c', true), save, erase], // deleted from storage and from the turn
  [save], // nothing loaded: nothing written
  [forceSave], // forced with nothing loaded: an empty state written
];

describe('TrackedConversationState and TrackedUserState', () => {
  it('read, write and skip exactly as botbuilder’s ConversationState does', async () => {
    const { plain, tracked } = await both(
      (storage) => [new ConversationState(storage), new TrackedConversationState(storage)],
      SCRIPT,
    );
    expect(tracked).toEqual(plain);
    // The script does exercise writes, skips and deletes (a check that cannot pass vacuously).
    const last = plain[plain.length - 1] as { writes: number; deletes: number };
    expect(last.writes).toBe(7);
    expect(last.deletes).toBe(1);
  });

  it('read, write and skip exactly as botbuilder’s UserState does', async () => {
    const { plain, tracked } = await both(
      (storage) => [new UserState(storage), new TrackedUserState(storage)],
      SCRIPT,
    );
    expect(tracked).toEqual(plain);
  });

  it('does not write a state whose only difference is the eTag storage gave it', async () => {
    const storage = new CountingStorage();
    const state = new TrackedConversationState(storage);
    const first = turn();
    await state.createProperty('a').set(first, 1);
    await state.saveChanges(first);
    const second = turn();
    const loaded = await state.load(second);
    expect(typeof loaded.eTag).toBe('string');
    loaded.eTag = 'something else';
    await state.saveChanges(second);
    expect(storage.writes).toBe(1);
  });

  it('in a turn that writes the conversation state anyway, keeps every write and loses none', async () => {
    const storage = new CountingStorage();
    const conversation = new TrackedConversationState(storage);
    const user = new TrackedUserState(storage);
    const step = conversation.createProperty<number>('step');
    const first = turn();
    await step.set(first, 1);
    await conversation.saveChanges(first);
    expect(storage.writes).toBe(1);

    const queued = turn();
    queued.turnState.set(WRITTEN_ANYWAY, true);
    await Promise.all([conversation.load(queued), user.load(queued)]);
    await step.set(queued, 2);
    await conversation.saveChanges(queued, true);
    expect(storage.writes).toBe(2);
    // Not told unchanged any more: a later save of the same turn writes (never one too few).
    await conversation.saveChanges(queued);
    expect(storage.writes).toBe(3);
    // The user state is still told unchanged: no write.
    await user.saveChanges(queued);
    expect(storage.writes).toBe(3);
    expect(await storage.items([KEYS[0]])).toEqual({ [KEYS[0]]: { step: 2 } });

    // Without the mark, an unchanged conversation state is not written.
    const plain = turn();
    await conversation.load(plain);
    await conversation.saveChanges(plain);
    expect(storage.writes).toBe(3);
  });
});

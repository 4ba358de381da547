import {
  AutoSaveStateMiddleware,
  ConversationState,
  MemoryStorage,
  MessageFactory,
  TestAdapter,
  type Storage,
  type StoreItems,
} from 'botbuilder';
import {
  Dialog,
  DialogSet,
  TextPrompt,
  WaterfallDialog,
  type DialogState,
  type PromptValidatorContext,
  type WaterfallStep,
} from 'botbuilder-dialogs';
import { RedisStorage } from '../../src/storage/redisStorage';
import { redisTargets } from '../support/redisTargets';

/*
 * botbuilder-js's own storage base tests (libraries/botbuilder-core/tests/storageBaseTests.js),
 * case for case and in the two variants its memoryStorage.test.js runs them in (an empty store,
 * and one holding an item written before, without an eTag), with one store shared by the cases
 * of a variant as there. They run on MemoryStorage, the reference, and on RedisStorage on a
 * single node and on a cluster. The odd-key and null-key cases go further than botbuilder's,
 * always to what MemoryStorage does. The project's own rules on top (MemoryStorage's exact
 * conflict message, partial writes, concurrent writers, TTL) are in storage.contract.test.ts.
 */

interface StorageUnderTest {
  storage: Storage;
  cleanup(): Promise<void>;
}

/** Items as MemoryStorage's constructor takes them: raw JSON by key, here without an eTag. */
type RawItems = Record<string, string>;

const PRE_EXISTING: RawItems = { test: JSON.stringify({ counter: 12 }) };

const REDIS = redisTargets();

const stores: [string, (raw: RawItems) => Promise<StorageUnderTest>][] = [
  [
    'MemoryStorage',
    async (raw) => ({ storage: new MemoryStorage({ ...raw }), cleanup: async () => undefined }),
  ],
  ...REDIS.map(({ name, connect }): [string, (raw: RawItems) => Promise<StorageUnderTest>] => [
    `RedisStorage on ${name}`,
    async (raw) => {
      const redis = await connect();
      for (const [key, json] of Object.entries(raw)) {
        await redis.redis.set(redis.keys.storageItem(key), json);
      }
      return { storage: new RedisStorage(redis.redis, redis.keys), cleanup: redis.cleanup };
    },
  ]),
];

const variants: [string, RawItems][] = [
  ['empty', {}],
  ['pre-existing', PRE_EXISTING],
];

/** What a caller typed loosely (plain JavaScript, a cast) may pass where keys are required. */
const MISSING_KEYS = [null, undefined] as unknown as string[][];
const MISSING_CHANGES = [null, undefined] as unknown as StoreItems[];

/** Keys no store may mangle: Redis glob and hash-tag characters, separators, odd text, length. */
const ODD_KEYS: [string, string][] = [
  ['botbuilder’s crazy key', '!@#$%^&*()~/\\><,.?\';"`~'],
  ['a hash tag', 'line/{conversations}/U1'],
  ['an empty hash tag', 'a{}b'],
  ['only braces', '}{'],
  ['colons', 'state:line:conversations:U1'],
  ['a glob star', '*'],
  ['glob characters', 'a?[bc]*\\'],
  ['spaces', ' two  spaces and a tab\t'],
  ['line breaks and a NUL', 'line\nbreak\r\0nul'],
  ['Japanese, an emoji and a combining accent', '証明書の発行/学生 🎓 e\u0301'],
  ['the empty string', ''],
  ['a very long key', 'k'.repeat(10_000)],
  ['a very long Unicode key', '証明書'.repeat(2_000)],
];

describe.each(stores)('botbuilder storage base tests: %s', (_name, create) => {
  describe.each(variants)('%s', (variant, raw) => {
    let subject: StorageUnderTest;
    let storage: Storage;

    beforeAll(async () => {
      subject = await create(raw);
      storage = subject.storage;
    });
    afterAll(() => subject.cleanup());

    it('returns an empty object when reading an unknown key', async () => {
      const result = await storage.read(['unknown']);
      expect(result).not.toBeNull();
      expect(Object.keys(result)).toHaveLength(0);
    });

    it('rejects null and undefined keys when reading, and reads no keys as nothing', async () => {
      for (const keys of MISSING_KEYS) {
        await expect(storage.read(keys)).rejects.toThrow(
          new ReferenceError('Keys are required when reading.'),
        );
        await expect(storage.read(keys)).rejects.toBeInstanceOf(ReferenceError);
      }
      expect(await storage.read([])).toEqual({});
    });

    it('rejects null and undefined changes when writing', async () => {
      for (const changes of MISSING_CHANGES) {
        await expect(storage.write(changes)).rejects.toThrow(
          new ReferenceError('Changes are required when writing.'),
        );
        await expect(storage.write(changes)).rejects.toBeInstanceOf(ReferenceError);
      }
    });

    it('does not throw when writing no items', async () => {
      await expect(storage.write([] as unknown as StoreItems)).resolves.toBeUndefined();
      await expect(storage.write({})).resolves.toBeUndefined();
    });

    it('creates an object', async () => {
      const storeItems = { createPoco: { id: 1 }, createPocoStoreItem: { id: 2 } };
      await storage.write(storeItems);
      const read = await storage.read(Object.keys(storeItems));
      expect(read.createPoco.id).toBe(1);
      expect(read.createPocoStoreItem.id).toBe(2);
      expect(read.createPoco.eTag).toEqual(expect.any(String));
      expect(read.createPocoStoreItem.eTag).toEqual(expect.any(String));
    });

    it.each(ODD_KEYS)('handles crazy keys: %s', async (_label, key) => {
      await storage.write({ [key]: { id: 1 } });
      const read = await storage.read([key]);
      expect(Object.keys(read)).toEqual([key]);
      expect(read[key].id).toBe(1);
      await storage.write({ [key]: { ...read[key], id: 2 } });
      expect((await storage.read([key]))[key].id).toBe(2);
      await storage.delete([key]);
      expect(await storage.read([key])).toEqual({});
    });

    it('keeps keys apart that differ only in case, Unicode form, braces or glob matching', async () => {
      const keys = ['Key', 'key', 'caf\u00e9', 'cafe\u0301', '{key}', 'ke*', 'k?y'];
      await storage.write(Object.fromEntries(keys.map((key, id) => [key, { id }])));
      const read = await storage.read(keys);
      expect(keys.map((key) => read[key].id)).toEqual(keys.map((_key, id) => id));
      // A glob key names itself only: reading or deleting it touches none of the keys it matches.
      expect(Object.keys(await storage.read(['ke*']))).toEqual(['ke*']);
      await storage.delete(['ke*', 'k?y', '*']);
      const left = await storage.read(keys);
      expect(Object.keys(left).sort()).toEqual(
        ['Key', 'key', 'caf\u00e9', 'cafe\u0301', '{key}'].sort(),
      );
      await storage.delete(keys);
    });

    it('updates an object: a stale eTag is refused, no eTag and "*" overwrite', async () => {
      await storage.write({
        pocoItem: { id: 1, count: 1 },
        pocoStoreItem: { id: 1, count: 1 },
      });
      const loaded = await storage.read(['pocoItem', 'pocoStoreItem']);
      const updatePocoItem = loaded.pocoItem;
      delete updatePocoItem.eTag; // a plain object carries no eTag
      const updatePocoStoreItem = loaded.pocoStoreItem;
      expect(updatePocoStoreItem.eTag).toEqual(expect.any(String));

      // The second write works: no eTag, and the current eTag.
      updatePocoItem.count++;
      updatePocoStoreItem.count++;
      await storage.write(loaded);
      const reloaded = await storage.read(Object.keys(loaded));
      expect(reloaded.pocoItem.eTag).toEqual(expect.any(String));
      expect(reloaded.pocoStoreItem.eTag).not.toBe(updatePocoStoreItem.eTag);
      expect(reloaded.pocoItem.count).toBe(2);
      expect(reloaded.pocoStoreItem.count).toBe(2);

      // Without an eTag the last write wins; with the old eTag it is refused.
      updatePocoItem.count = 123;
      await expect(storage.write({ pocoItem: updatePocoItem })).resolves.toBeUndefined();
      updatePocoStoreItem.count = 123;
      await expect(storage.write({ pocoStoreItem: updatePocoStoreItem })).rejects.toThrow(
        'Storage: error writing "pocoStoreItem" due to eTag conflict.',
      );
      const reloaded2 = await storage.read(['pocoItem', 'pocoStoreItem']);
      const reloadedPocoItem2 = reloaded2.pocoItem;
      delete reloadedPocoItem2.eTag;
      const reloadedPocoStoreItem2 = reloaded2.pocoStoreItem;
      expect(reloadedPocoItem2.count).toBe(123);
      expect(reloadedPocoStoreItem2.count).toBe(2);

      // The wildcard eTag overwrites whatever is stored.
      reloadedPocoItem2.count = 100;
      reloadedPocoStoreItem2.count = 100;
      reloadedPocoStoreItem2.eTag = '*';
      await storage.write({ pocoItem: reloadedPocoItem2, pocoStoreItem: reloadedPocoStoreItem2 });
      const reloaded3 = await storage.read(['pocoItem', 'pocoStoreItem']);
      expect(reloaded3.pocoItem.count).toBe(100);
      expect(reloaded3.pocoStoreItem.count).toBe(100);
      const final = await storage.read(['pocoItem', 'pocoStoreItem']);
      expect(final.pocoItem.count).toBe(100);
      expect(final.pocoStoreItem.count).toBe(100);
    });

    it('deletes an object', async () => {
      await storage.write({ delete1: { id: 1, count: 1 } });
      const read = await storage.read(['delete1']);
      expect(read.delete1.eTag).toEqual(expect.any(String));
      expect(read.delete1.count).toBe(1);
      await storage.delete(['delete1']);
      expect((await storage.read(['delete1'])).delete1).toBeUndefined();
    });

    it('does not throw when deleting an unknown object', async () => {
      await expect(storage.delete(['unknown_key'])).resolves.toBeUndefined();
    });

    it('rejects null and undefined keys when deleting, and deletes nothing for no keys', async () => {
      await storage.write({ kept: { id: 1 } });
      for (const keys of MISSING_KEYS) {
        // Any error: MemoryStorage's is the TypeError of calling `forEach` on nothing.
        await expect(storage.delete(keys)).rejects.toBeInstanceOf(Error);
      }
      await expect(storage.delete([])).resolves.toBeUndefined();
      expect((await storage.read(['kept'])).kept.id).toBe(1);
    });

    it('performs batch operations', async () => {
      await storage.write({ batch1: { count: 10 }, batch2: { count: 20 }, batch3: { count: 30 } });
      const result = await storage.read(['batch1', 'batch2', 'batch3']);
      expect([result.batch1.count, result.batch2.count, result.batch3.count]).toEqual([10, 20, 30]);
      for (const item of [result.batch1, result.batch2, result.batch3]) {
        expect(item.eTag).toEqual(expect.any(String));
      }
      await storage.delete(['batch1', 'batch2', 'batch3']);
      const after = await storage.read(['batch1', 'batch2', 'batch3']);
      expect([after.batch1, after.batch2, after.batch3]).toEqual([undefined, undefined, undefined]);
    });

    it('proceeds through a waterfall dialog', async () => {
      const conversationState = new ConversationState(storage);
      const dialogs = new DialogSet(conversationState.createProperty<DialogState>('dialogState'));
      const storageKeys = new Set<string | undefined>();
      const adapter = new TestAdapter(async (turnContext) => {
        storageKeys.add(conversationState.getStorageKey(turnContext));
        const dc = await dialogs.createContext(turnContext);
        await dc.continueDialog();
        if (!turnContext.responded) await dc.beginDialog('waterfallDialog');
      }).use(new AutoSaveStateMiddleware(conversationState));

      dialogs.add(
        new TextPrompt('textPrompt', async (prompt: PromptValidatorContext<string>) => {
          if ((prompt.recognized.value ?? '').length > 3) {
            await prompt.context.sendActivity(
              MessageFactory.text(`You got it at the ${prompt.attemptCount}th try!`),
            );
            return true;
          }
          await prompt.context.sendActivity(
            MessageFactory.text(
              `Please send a name that is longer than 3 characters. ${prompt.attemptCount}`,
            ),
          );
          return false;
        }),
      );
      const stepIndexes: unknown[] = [];
      const steps: WaterfallStep[] = [
        async (step) => {
          stepIndexes.push(step.activeDialog?.state.stepIndex);
          await step.context.sendActivity('step1');
          return Dialog.EndOfTurn;
        },
        async (step) => {
          stepIndexes.push(step.activeDialog?.state.stepIndex);
          return step.prompt('textPrompt', {
            prompt: MessageFactory.text('Please type your name.'),
          });
        },
        async (step) => {
          stepIndexes.push(step.activeDialog?.state.stepIndex);
          await step.context.sendActivity('step3');
          return Dialog.EndOfTurn;
        },
      ];
      dialogs.add(new WaterfallDialog('waterfallDialog', steps));

      await adapter
        .send('hello')
        .assertReply('step1')
        .send('hello')
        .assertReply('Please type your name.')
        .send('hi')
        .assertReply('Please send a name that is longer than 3 characters. 1')
        .send('hi')
        .assertReply('Please send a name that is longer than 3 characters. 2')
        .send('hi')
        .assertReply('Please send a name that is longer than 3 characters. 3')
        .send('Kyle')
        .assertReply('You got it at the 4th try!')
        .assertReply('step3')
        .startTest();

      expect(stepIndexes).toEqual([0, 1, 2]);
      // Every turn went through this store: the dialog's state is in it, at its last step.
      expect(storageKeys.size).toBe(1);
      const [key] = [...storageKeys] as string[];
      const saved = (await storage.read([key]))[key];
      expect(saved.eTag).toEqual(expect.any(String));
      expect(saved.dialogState.dialogStack).toEqual([
        expect.objectContaining({ id: 'waterfallDialog' }),
      ]);
      expect(saved.dialogState.dialogStack[0].state.stepIndex).toBe(2);
    });

    if (variant === 'pre-existing') {
      it('still has the item written before, untouched by every case', async () => {
        const { test } = await storage.read(['test']);
        expect(test).toEqual({ counter: 12 });
      });
    }
  });
});

import type { webhook } from '@line/bot-sdk';
import { turnQueueId } from '../../src/turns/redisTurnScripts';
import { useLineAppOnRedis } from '../support/appHarness';

jest.setTimeout(60_000);

const CHANGED = '言語を日本語に切り替えました。';
const UNCHANGED = 'すでに日本語で表示しています。';

/**
 * A turn whose instance died after the bot committed it (state saved) and before the queue heard
 * it had finished is run again by the recovery sweep. These tests leave the queue as such an
 * instance leaves it — the turn's entry back at the head, under the id the bot committed — and
 * check that the turn is not run again: its saved outbox is what goes out, and only if it did not
 * reach the student already.
 */
describe('a committed turn run again after its instance died', () => {
  const user = 'U00000000000000000000000committed';

  const line = useLineAppOnRedis();
  beforeEach(() => line.lineApi.setProfile(user, { displayName: 'Hanako', language: 'en' }));

  /** The student switches to Japanese: answered 「言語を日本語に切り替えました。」 and a prompt. */
  async function switchToJapanese(): Promise<{ event: webhook.MessageEvent; answer: string[] }> {
    const event = line.events.text(user, '日本語');
    expect((await line.service.post([event])).status).toBe(200);
    await line.lineApi.waitForMessages(user, 1);
    await line.service.app.queue.idle();
    const answer = texts();
    expect(answer[0]).toBe(CHANGED);
    return { event, answer };
  }

  function texts(): string[] {
    return line.lineApi.messagesTo(user).map((message) => String(message.text));
  }

  /** What the bot saved with the conversation state as the last committed turn. */
  async function committedTurn(): Promise<{ id: string; outbox: { text?: string }[] }> {
    const stored = await line.redis.redis.get(
      line.redis.keys.storageItem(`line/conversations/${user}/`),
    );
    const state = JSON.parse(stored ?? '{}') as {
      committedTurn?: { id: string; outbox: { text?: string }[] };
    };
    if (!state.committedTurn) throw new Error('no committed turn in the conversation state');
    return state.committedTurn;
  }

  /** Puts `payload` back at the head of the student's queue under `id`, as a crash leaves it. */
  async function leaveInQueue(id: string, payload: webhook.Event): Promise<void> {
    const queueId = turnQueueId(`line:${user}`);
    const queue = line.redis.keys.turnQueue(queueId);
    await line.redis.redis.rpush(queue, JSON.stringify({ id, turn: { channel: 'line', payload } }));
    await line.redis.redis.sadd(line.redis.keys.activeTurnQueues(), queueId);
    // The recovery sweep (every second) runs it and pops it.
    const deadline = Date.now() + 15_000;
    while ((await line.redis.redis.llen(queue)) > 0) {
      if (Date.now() > deadline) throw new Error('the sweep did not run the turn left behind');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await line.service.app.queue.idle();
  }

  it('saves its id and its outbox with the conversation state', async () => {
    const { answer } = await switchToJapanese();
    const committed = await committedTurn();
    expect(committed.id).toMatch(/^[0-9a-f]{16}$/);
    expect(committed.outbox.map((message) => message.text)).toEqual(answer);
  });

  it('writes the user state only when the turn changed it (issue 17: no write for a help turn)', async () => {
    await switchToJapanese();
    const userKey = line.redis.keys.storageItem(`line/users/${user}/`);
    const afterSwitch = await line.redis.redis.get(userKey);
    const switched = await committedTurn();
    expect(JSON.parse(afterSwitch ?? '{}')).toMatchObject({ appliedTurn: switched.id });

    const help = line.events.text(user, 'ヘルプ');
    expect((await line.service.post([help])).status).toBe(200);
    await line.lineApi.waitForMessages(user, texts().length + 1);
    await line.service.app.queue.idle();
    const helped = (await committedTurn()) as { id: string; user?: unknown };
    expect(helped.id).not.toBe(switched.id);
    // Committed without a copy of the user state, which stays as the switch left it (same eTag).
    expect(helped.user).toBeUndefined();
    expect(await line.redis.redis.get(userKey)).toBe(afterSwitch);
  });

  it('does not run the dialogs again, and shows nothing twice when its reply had arrived', async () => {
    const { event, answer } = await switchToJapanese();
    const { id } = await committedTurn();

    // The dying instance's reply arrived: the same token again is refused as spent.
    await leaveInQueue(id, event);
    expect(texts()).toEqual(answer);
    expect(line.lineApi.countsOf('reply')).toEqual({ 200: 1, 400: 1 });
    expect(line.lineApi.callsTo('push')).toEqual([]);
  });

  it('sends the saved outbox, not a second run, when its reply never went out', async () => {
    const { event, answer } = await switchToJapanese();
    const { id } = await committedTurn();

    // As if the instance died before replying: its token is still unused.
    const unsent = { ...event, replyToken: line.lineApi.mintReplyToken(user) };
    await leaveInQueue(id, unsent);
    // The saved answer, not 「すでに日本語で表示しています。」 from running the switch again.
    expect(texts()).toEqual([...answer, ...answer]);
    expect(line.lineApi.callsTo('push')).toEqual([]);
  });

  it('redoes the user state write that its instance died before', async () => {
    const { event, answer } = await switchToJapanese();
    const { id } = await committedTurn();
    // The conversation state (the commit) was written; the user state, with the new language,
    // was not: it still says English, marked with the turn before.
    const userKey = line.redis.keys.storageItem(`line/users/${user}/`);
    const written = JSON.parse((await line.redis.redis.get(userKey)) ?? '{}') as {
      chatProfile?: { language?: string };
      appliedTurn?: string;
    };
    expect(written).toMatchObject({ chatProfile: { language: 'ja' }, appliedTurn: id });
    const lost = { ...written, chatProfile: { language: 'en' }, appliedTurn: 'an-earlier-turn' };
    await line.redis.redis.set(userKey, JSON.stringify(lost));

    await leaveInQueue(id, event);
    expect(texts()).toEqual(answer);
    const redone = JSON.parse((await line.redis.redis.get(userKey)) ?? '{}') as typeof written;
    expect(redone).toMatchObject({ chatProfile: { language: 'ja' }, appliedTurn: id });
    // The student's next turn is answered in the language the answer said it switched to.
    expect((await line.service.post([line.events.text(user, 'help')])).status).toBe(200);
    await line.lineApi.waitForMessages(user, answer.length + 1);
    await line.service.app.queue.idle();
    expect(texts()[answer.length]).toMatch(/[ぁ-んァ-ン]/);
  });

  it('runs a turn that was not committed as any other', async () => {
    const { event, answer } = await switchToJapanese();
    const fresh = { ...event, replyToken: line.lineApi.mintReplyToken(user) };
    // Another id: the instance died before this turn's state was saved.
    await leaveInQueue('0123456789abcdef', fresh);
    expect(texts().slice(answer.length)[0]).toBe(UNCHANGED);
  });
});

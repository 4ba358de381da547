import { useLineAppOnRedis } from '../support/appHarness';

jest.setTimeout(60_000);

/**
 * LINE failing for longer than a turn's own quick retries: the committed turn stays at the head
 * of its queue and its saved answer is sent again after growing waits (1 s, 2 s, … at most
 * 30 s), by push with the same retry keys, until LINE takes it; the student's next turn waits
 * behind it, so the answers arrive in order and each once.
 */
describe('an answer LINE does not take at once', () => {
  const user = 'U0000000000000000000000000retries';

  const line = useLineAppOnRedis();
  beforeEach(() => line.lineApi.setProfile(user, { displayName: 'Hanako', language: 'en' }));

  function texts(): string[] {
    return line.lineApi.messagesTo(user).map((message) => String(message.text));
  }

  it('is pushed once LINE recovers, with the same retry key, and the next turn follows it', async () => {
    // The reply fails three times (then the turn pushes), and the first seven pushes fail:
    // the five tries of the turn itself, then two of its first retry a second later.
    line.lineApi.failNext('reply', { status: 500, times: 3 });
    line.lineApi.failNext('push', { status: 503, times: 7 });
    expect((await line.service.post([line.events.text(user, 'help')])).status).toBe(200);
    expect((await line.service.post([line.events.text(user, '日本語')])).status).toBe(200);

    await line.lineApi.waitForDelivery(user, 2, 20_000);
    await line.service.app.queue.idle();
    const said = texts();
    expect(said.join('\n')).toContain('06-6809-4327');
    // The help answer once, then the language switch's answer, once.
    expect(said.filter((text) => text.includes('06-6809-4327'))).toHaveLength(1);
    expect(said.indexOf('言語を日本語に切り替えました。')).toBeGreaterThan(0);
    expect(said.filter((text) => text === '言語を日本語に切り替えました。')).toHaveLength(1);

    const pushes = line.lineApi.callsTo('push');
    expect(pushes.map((call) => call.status)).toEqual([...Array(7).fill(503), 200]);
    // Every try of the help answer carried the same retry key: LINE could drop a repeat.
    expect(new Set(pushes.map((call) => call.retryKey)).size).toBe(1);
    // The retry did not try the spent-or-failed reply token again; the next turn replied.
    expect(line.lineApi.callsTo('reply').map((call) => call.status)).toEqual([500, 500, 500, 200]);
  });

  it('is not sent twice when LINE took a push but answered it with an error', async () => {
    line.lineApi.failNext('reply', { status: 500, times: 3 });
    // The turn's last push try is delivered by LINE, which still answers 500: the turn retries
    // a second later, and LINE refuses the repeat (409), which counts as delivered.
    line.lineApi.failNext('push', { status: 503, times: 4 });
    line.lineApi.failNext('push', { status: 500, acceptFirst: true });
    expect((await line.service.post([line.events.text(user, 'help')])).status).toBe(200);
    await line.lineApi.waitForDelivery(user, 1, 20_000);
    await line.service.app.queue.idle();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(texts().filter((text) => text.includes('06-6809-4327'))).toHaveLength(1);
    expect(line.lineApi.callsTo('push').map((call) => call.status)).toEqual([
      ...Array(4).fill(503),
      500,
      409,
    ]);
  });
});

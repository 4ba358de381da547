import { randomUUID } from 'node:crypto';
import type { Texts } from '../../src/i18n/i18n';
import { startService, type ServiceHarness } from '../support/appHarness';
import { FakeConnector } from '../support/fakeConnector';
import { seedLinkedLineStudent } from '../support/linkedLineStudent';
import { OutsideServer } from '../support/outsideServer';
import { redisKeysMentioning } from '../support/redisMentions';
import { lineUserId } from '../support/staffFixtures';
import { postActivity, teamsActivity } from '../support/teamsClient';
import { loadTexts } from '../support/texts';

jest.setTimeout(60_000);

/**
 * Issue 10, item 3: `/api/messages` is the Bot Framework endpoint, unauthenticated without an
 * app id. Each test is an attacker's request to the whole service (real Redis, mail over SMTP)
 * and what it gets now: 4xx, no turn, nothing stored, no request leaving the service.
 */
describe('/api/messages cannot be used to act on other channels or other servers', () => {
  let texts: Texts;
  let connector: FakeConnector;
  let outside: OutsideServer;
  let service: ServiceHarness;
  let messagesUrl: string;

  beforeAll(async () => {
    texts = await loadTexts();
  });
  beforeEach(async () => {
    connector = await FakeConnector.start();
    outside = await OutsideServer.start();
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await service.close();
    await outside.close();
    await connector.close();
  });

  async function start(env: Record<string, string> = {}): Promise<void> {
    service = await startService(env);
    messagesUrl = `${service.base}/api/messages`;
  }

  /** An Activity claiming to come from the LINE user `lineUser`, in their 1:1 chat. */
  const posingAsLine = (lineUser: string, fields: Record<string, unknown>) =>
    teamsActivity(connector, {
      type: 'message',
      channelId: 'line',
      from: { id: lineUser, name: '' },
      conversation: { id: lineUser, conversationType: 'personal', isGroup: false },
      ...fields,
    });

  const keysAbout = (needle: string) =>
    redisKeysMentioning(service.redis.redis, service.redis.prefix, needle);

  describe('without an app id (Emulator mode)', () => {
    beforeEach(() => start());

    it('refuses an Activity posing as a LINE user asking to log in or for their orders', async () => {
      const [en, ja] = [texts.t('en'), texts.t('ja')];
      const victim = lineUserId();
      const attempts = [
        posingAsLine(victim, { text: 'login' }),
        posingAsLine(victim, { text: ja('menu.login') }),
        posingAsLine(victim, { text: en('menu.orders') }),
        posingAsLine(victim, { text: ja('menu.orders') }),
        // The account-link event LINE sends after its own nonce check, forged.
        posingAsLine(victim, {
          type: 'event',
          name: 'accountLink',
          value: { result: 'ok', nonce: 'A'.repeat(43) },
        }),
      ];
      for (const activity of attempts) {
        const response = await postActivity(messagesUrl, activity);
        expect(response.status).toBe(403);
        expect(await response.json()).toEqual({ error: 'channel_not_served' });
      }
      await service.app.queue.idle();
      expect(connector.calls).toEqual([]);
      // No conversation, no login request, no binding: nothing at all about that LINE id.
      expect(await keysAbout(victim)).toEqual([]);
    });

    it("does not read a linked LINE student's orders back with expectReplies", async () => {
      const en = texts.t('en');
      const student = await seedLinkedLineStudent(service.redis.redis, service.redis.keys, 'en');
      const storedBefore = (await keysAbout(student.lineUserId)).sort();
      for (const text of [en('menu.orders'), 'My orders', 'menu']) {
        const response = await postActivity(
          messagesUrl,
          posingAsLine(student.lineUserId, { text, deliveryMode: 'expectReplies' }),
        );
        expect(response.status).toBe(403);
        const body = await response.text();
        expect(JSON.parse(body)).toEqual({ error: 'channel_not_served' });
        for (const secret of [
          student.orderId,
          student.reservationNumber,
          student.email,
          student.studentId,
        ]) {
          expect(body).not.toContain(secret);
        }
      }
      await service.app.queue.idle();
      expect(connector.calls).toEqual([]);
      // No dialog state or anything else was added for the student's LINE id.
      expect((await keysAbout(student.lineUserId)).sort()).toEqual(storedBefore);
    });

    it('posts nothing to a serviceUrl off this machine', async () => {
      const offMachine = outside.outsideUrl;
      const host = offMachine ? new URL(offMachine).host : `192.0.2.1:${outside.port}`;
      const conversationId = `a:${randomUUID()}`;
      const attempts = [
        ...(offMachine ? [offMachine] : []),
        `http://localhost@${host}/`,
        `http://127.0.0.1.${host}/`,
        'http://example.invalid/',
      ];
      for (const serviceUrl of attempts) {
        const response = await postActivity(
          messagesUrl,
          teamsActivity(connector, {
            type: 'message',
            text: 'help',
            serviceUrl,
            conversation: { id: conversationId, conversationType: 'personal' },
          }),
        );
        expect([serviceUrl, response.status]).toEqual([serviceUrl, 403]);
        expect(await response.json()).toEqual({ error: 'service_url_not_allowed' });
      }
      await service.app.queue.idle();
      expect(outside.received).toEqual([]);
      expect(await keysAbout(conversationId)).toEqual([]);

      // The control: the same server named by loopback (the Emulator's case) gets the answer.
      const allowed = await postActivity(
        messagesUrl,
        teamsActivity(connector, {
          type: 'message',
          text: 'help',
          serviceUrl: outside.loopbackUrl,
        }),
      );
      expect(allowed.status).toBe(200);
      expect(outside.received.length).toBeGreaterThan(0);
    });

    it('serves the Bot Framework Emulator', async () => {
      const en = texts.t('en');
      const response = await postActivity(
        messagesUrl,
        teamsActivity(connector, {
          type: 'conversationUpdate',
          channelId: 'emulator',
          membersAdded: [{ id: '29:student' }],
        }),
      );
      expect(response.status).toBe(200);
      expect(connector.calls.map((call) => call.body.text)).toEqual([
        `${en('welcome')}\n\n${en('menu.prompt')}`,
      ]);
    });
  });

  describe('with an app id', () => {
    beforeEach(() => start({ MicrosoftAppId: randomUUID(), MicrosoftAppPassword: 'secret' }));

    it('refuses the Emulator and other channels with 403, and Teams without a token with 401', async () => {
      // botbuilder reports refused tokens on the console; keep the test output readable.
      jest.spyOn(console, 'error').mockImplementation(() => undefined);
      const victim = lineUserId();
      const emulator = await postActivity(
        messagesUrl,
        teamsActivity(connector, { type: 'message', channelId: 'emulator', text: 'help' }),
      );
      expect(emulator.status).toBe(403);
      const line = await postActivity(messagesUrl, posingAsLine(victim, { text: 'login' }));
      expect(line.status).toBe(403);
      const teams = await postActivity(
        messagesUrl,
        teamsActivity(connector, { type: 'message', text: 'help' }),
      );
      expect(teams.status).toBe(401);
      await service.app.queue.idle();
      expect(connector.calls).toEqual([]);
      expect(await keysAbout(victim)).toEqual([]);
    });
  });
});

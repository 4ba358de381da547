import type { Texts } from '../../src/i18n/i18n';
import { LINE_SECRET, startLineApp, type LineAppHarness } from '../support/appHarness';
import { FakeLineApi, urisIn } from '../support/fakeLineApi';
import { freePort } from '../support/freePort';
import { openForm, submitForm } from '../support/formClient';
import { LineEvents, postLineWebhook, webhookBody } from '../support/lineWebhook';
import { keysMatching, type TestRedis } from '../support/redis';
import { redisTargets, type RedisTarget } from '../support/redisTargets';
import { startRoundRobinProxy, type RoundRobinProxy } from '../support/roundRobinProxy';
import { startSmtpServer, type TestSmtpServer } from '../support/smtpServer';
import { loadTexts } from '../support/texts';

jest.setTimeout(60_000);

const ACCOUNT_LINK_URL = 'https://access.line.example/dialog/bot/accountLink';

/**
 * The LINE account-link journey (README, "Connecting LINE"): signed webhooks in, the local LINE API
 * out, the login page in between, LINE's redirect with the nonce, the `accountLink` event, then
 * email registration with the mail over SMTP — on real Redis.
 */
const [single, cluster] = redisTargets();
/** One instance on the single node; two behind a round-robin proxy on the 3-master cluster. */
const topologies: [string, RedisTarget, number][] = [
  ['one instance on redis', single, 1],
  ['two instances on redis cluster', cluster, 2],
];

describe.each(topologies)('LINE account link and email registration (%s)', (_, target, count) => {
  let texts: Texts;
  let lineApi: FakeLineApi;
  let redis: TestRedis;
  let smtp: TestSmtpServer;
  let instances: LineAppHarness[];
  let proxy: RoundRobinProxy | undefined;
  /** LINE's view of the service: one webhook URL (the proxy's, with two instances). */
  let service: { post: LineAppHarness['post'] };
  let base: string;
  let events: LineEvents;
  let users = 0;
  const newUser = () => `U${String(++users).padStart(32, 'f')}`;
  const textsTo = (user: string) =>
    lineApi.messagesTo(user).map((m) => (m.type === 'text' ? String(m.text) : `[${m.altText}]`));

  beforeAll(async () => {
    texts = await loadTexts();
  });
  beforeEach(async () => {
    lineApi = await FakeLineApi.start();
    redis = await target.connect();
    smtp = await startSmtpServer();
    const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
    const urls = ports.map((port) => `http://127.0.0.1:${port}`);
    proxy = count > 1 ? await startRoundRobinProxy(urls) : undefined;
    base = proxy?.url ?? urls[0];
    instances = [];
    for (const port of ports) {
      instances.push(
        await startLineApp(lineApi, {
          port,
          env: {
            ...redis.env,
            PUBLIC_URL: base,
            SMTP_URL: smtp.url,
            LINE_ACCOUNT_LINK_URL: ACCOUNT_LINK_URL,
          },
        }),
      );
    }
    service = {
      post: (posted, options = {}) =>
        postLineWebhook(`${base}/api/line`, webhookBody(posted), {
          secret: options.secret ?? LINE_SECRET,
        }),
    };
    events = new LineEvents(lineApi);
  });
  afterEach(async () => {
    await proxy?.close();
    for (const instance of instances) await instance.close();
    await lineApi.close();
    await smtp.close();
    await redis.cleanup();
  });

  /** Waits until no instance has a turn running or queued. */
  async function idle(): Promise<void> {
    for (const instance of instances) await instance.app.queue.idle();
  }

  /** Follows, asks to log in, logs in on the page; returns LINE's redirect parameters. */
  async function logIn(user: string): Promise<{ linkToken: string; nonce: string }> {
    await service.post([events.follow(user)]);
    await lineApi.waitForMessages(user, 2);
    await service.post([events.text(user, 'ログイン')]);
    const messages = await lineApi.waitForMessages(user, 3);
    const [issued] = lineApi.callsTo('linkToken').slice(-1);
    expect(issued.path).toBe(`/v2/bot/user/${user}/linkToken`);
    const [loginUrl] = urisIn(messages[2]);
    expect(loginUrl.startsWith(`${base}/auth/login?request=`)).toBe(true);

    const answer = await submitForm(base, await openForm(loginUrl), {
      studentId: 'a0123456',
      password: 'demo1234',
    });
    expect(answer.status).toBe(303);
    const location = new URL(answer.location ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(ACCOUNT_LINK_URL);
    const linkToken = location.searchParams.get('linkToken') ?? '';
    const nonce = location.searchParams.get('nonce') ?? '';
    expect(linkToken).toBe(JSON.parse(JSON.stringify(issued)).status === 200 ? linkToken : '');
    expect(Buffer.from(nonce, 'base64url').length).toBeGreaterThanOrEqual(16);
    return { linkToken, nonce };
  }

  it('links the LINE account with the nonce, then registers the address', async () => {
    const ja = texts.t('ja');
    const user = newUser();
    const { nonce } = await logIn(user);
    // Nothing is bound until LINE sends the accountLink event.
    await service.post([events.text(user, 'メニュー')]);
    await lineApi.waitForMessages(user, 4);
    expect(textsTo(user)[3]).toBe(ja('menu.prompt'));

    await service.post([events.accountLink(user, 'ok', nonce)]);
    await lineApi.waitForMessages(user, 7);
    expect(textsTo(user).slice(4, 7)).toEqual([
      `${ja('login.done', { name: '京大 太郎', studentId: 'a0123456' })}\n${ja('login.unlinkHint')}`,
      ja('email.firstLogin'),
      ja('email.askAddress'),
    ]);

    await service.post([events.text(user, 'taro@example.ac.jp')]);
    await lineApi.waitForMessages(user, 8);
    await service.post([events.text(user, 'taro@example.ac.jp')]);
    await lineApi.waitForMessages(user, 10);
    const [mail] = await smtp.waitForMails(1);
    const url = /(http:\/\/\S+\/auth\/email\/confirm\?token=[\w-]+)/.exec(
      mail.parsed.text ?? '',
    )?.[1];
    expect((await submitForm(base, await openForm(url ?? ''))).status).toBe(303);

    // The confirmation reaches LINE as a push: there is no reply token for it.
    await lineApi.waitForMessages(user, 12);
    const pushes = lineApi.callsTo('push');
    expect(pushes).toHaveLength(1);
    expect(pushes[0].retryKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(pushes[0].body.messages[0].text).toBe(
      ja('email.completed', { address: 'taro@example.ac.jp' }),
    );
    const menuLabels = pushes[0].body.messages[1].quickReply.items.map(
      (item: { action: { label: string } }) => item.action.label,
    );
    expect(menuLabels).toContain(ja('menu.settings'));
  });

  it('binds nothing for a failed link, a forged, reused or foreign nonce', async () => {
    const ja = texts.t('ja');
    const user = newUser();
    const { nonce } = await logIn(user);

    await service.post([events.accountLink(user, 'failed', nonce)]);
    await service.post([events.accountLink(user, 'ok', 'A'.repeat(43))]);
    // A nonce issued to this user but presented by another LINE user binds nobody…
    const intruder = newUser();
    await service.post([events.accountLink(intruder, 'ok', nonce)]);
    await idle();
    expect(textsTo(intruder)[0]).toBe(ja('login.invalidLink'));
    // …and is spent: the rightful user cannot use it afterwards either.
    await service.post([events.accountLink(user, 'ok', nonce)]);
    await idle();

    const answers = textsTo(user).slice(3);
    expect(answers).toContain(ja('login.failed'));
    expect(answers.filter((text) => text === ja('login.invalidLink'))).toHaveLength(2);
    expect(
      answers.some((text) =>
        text.startsWith(ja('login.done', { name: '京大 太郎', studentId: 'a0123456' })),
      ),
    ).toBe(false);
    const bound = await keysMatching(redis.redis, `${redis.prefix}*account*`);
    for (const key of bound)
      expect(await redis.redis.get(key).catch(() => null)).not.toContain(user);
  });

  it('orders on LINE, pays cash with Smart Pit and prints at Lawson with the pushed number', async () => {
    const ja = texts.t('ja');
    const user = newUser();
    const { nonce } = await logIn(user);
    await service.post([events.accountLink(user, 'ok', nonce)]);
    await lineApi.waitForMessages(user, 6);
    await service.post([events.text(user, 'taro@example.ac.jp')]);
    await lineApi.waitForMessages(user, 7);
    await service.post([events.text(user, 'taro@example.ac.jp')]);
    await lineApi.waitForMessages(user, 9);
    const [mail] = await smtp.waitForMails(1);
    const url = /(http:\/\/\S+\/auth\/email\/confirm\?token=[\w-]+)/.exec(
      mail.parsed.text ?? '',
    )?.[1];
    await submitForm(base, await openForm(url ?? ''));
    await lineApi.waitForMessages(user, 11);

    const say = async (text: string, total: number) => {
      await service.post([events.text(user, text)]);
      return lineApi.waitForMessages(user, total);
    };
    await say(ja('menu.apply'), 12);
    await say('在学証明書', 13);
    await say(ja('order.languageJa'), 14);
    await say('2', 15);
    await say(ja('order.noMore'), 16);
    const afterStore = await say('ファミリーマート / ローソン', 18);
    expect(afterStore[16].type).toBe('flex');
    const afterConfirm = await say(ja('order.confirm'), 19);
    const methods = (afterConfirm[18].quickReply as { items: { action: { label: string } }[] })
      .items;
    expect(methods.map((item) => item.action.label)).toEqual([
      ja('order.method.paypal'),
      ja('order.method.smartpit'),
    ]);
    const afterPay = await say(ja('order.method.smartpit'), 21);
    // The Smart Pit number is the card's big text: 13 digits.
    const smartPit = JSON.stringify(afterPay[19]).match(/"(\d{13})"/)?.[1] ?? '';
    expect(smartPit).toMatch(/^\d{13}$/);

    // Cash at the cashier (the demo cashier page stands in for the store without a secret).
    const cashier = await openForm(`${base}/pay/smartpit/${smartPit}`);
    expect((await submitForm(base, cashier)).status).toBe(200);
    const pushed = await lineApi.waitForMessages(user, 25);
    const number = JSON.stringify(pushed.slice(21)).match(/"([A-Z0-9]{10})"/)?.[1] ?? '';
    expect(number).toMatch(/^[A-Z0-9]{10}$/);
    expect(lineApi.callsTo('push').length).toBeGreaterThanOrEqual(2);

    // A 10-character Network Print number is refused at 7-Eleven, accepted at Lawson.
    const seven = await submitForm(base, await openForm(`${base}/store/seven-eleven`), { number });
    expect(seven.status).toBe(400);
    const lawson = await submitForm(base, await openForm(`${base}/store/lawson`), { number });
    expect(lawson.status).toBe(200);
    const last = await lineApi.waitForMessages(user, 27);
    const orderId = JSON.stringify(afterPay[19]).match(/注文 ([A-Z0-9]{10})/)?.[1] ?? '';
    expect(last[25].text).toBe(ja('order.printed', { orderId }));
  });
});

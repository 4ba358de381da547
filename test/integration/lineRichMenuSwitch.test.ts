import type { Texts } from '../../src/i18n/i18n';
import {
  everyRichMenu,
  richMenuAlias,
  richMenuCells,
} from '../../src/channels/line/richMenus/richMenuLayout';
import { LINE_SECRET, startService, type ServiceHarness } from '../support/appHarness';
import { capturedLogger } from '../support/capturedLogger';
import { FakeLineApi, urisIn } from '../support/fakeLineApi';
import type { FakeRichMenus } from '../support/fakeLineRichMenus';
import { openForm, submitForm } from '../support/formClient';
import { LineEvents, postLineWebhook, webhookBody } from '../support/lineWebhook';
import { loadTexts } from '../support/texts';

jest.setTimeout(60_000);

const ACCOUNT_LINK_URL = 'https://access.line.example/dialog/bot/accountLink';
const ADDRESS = 'taro@example.ac.jp';

/**
 * The menus `npm run line:richmenu` leaves (see lineRichMenuScript.test.ts), put straight into
 * the local LINE API: four menus with images and aliases, the Japanese guest menu the default.
 */
function installMenus(menus: FakeRichMenus): void {
  for (const { kind, language } of everyRichMenu()) {
    const richMenuId = `richmenu-${kind}${language}${'0'.repeat(24)}`;
    const request = { size: { width: 2500, height: 1686 }, areas: richMenuCells(kind, language) };
    const image = { contentType: 'image/png', bytes: Buffer.alloc(1) };
    menus.menus.set(richMenuId, { richMenuId, request, image });
    menus.aliases.set(richMenuAlias(kind, language), richMenuId);
  }
  menus.defaultMenu = menus.aliases.get(richMenuAlias('guest', 'ja'));
}

/**
 * Each student's LINE rich menu (README, "Connecting LINE"): the default guest menu until the
 * account link, the member menu in the student's language after it and after a language switch,
 * the guest menu again after unlinking; a failed LINE call costs the student nothing. And the
 * menus' taps: a postback with a menu word runs what the word does.
 */
describe('LINE rich menu per student', () => {
  let texts: Texts;
  let lineApi: FakeLineApi;
  let events: LineEvents;
  let service: ServiceHarness;
  let log: ReturnType<typeof capturedLogger>;
  let users = 0;
  const newUser = () => `U${String(++users).padStart(32, 'd')}`;

  beforeAll(async () => {
    texts = await loadTexts();
  });
  beforeEach(async () => {
    lineApi = await FakeLineApi.start();
    installMenus(lineApi.richMenus);
    events = new LineEvents(lineApi);
    log = capturedLogger();
    service = await startService(
      {
        LINE_CHANNEL_SECRET: LINE_SECRET,
        LINE_CHANNEL_ACCESS_TOKEN: lineApi.accessToken,
        LINE_API_BASE_URL: lineApi.baseUrl,
        LINE_ACCOUNT_LINK_URL: ACCOUNT_LINK_URL,
      },
      { logger: log.logger },
    );
  });
  afterEach(async () => {
    await service.close();
    await lineApi.richMenus.close();
    await lineApi.close();
  });

  /** Sends the events and waits until every turn has run. */
  async function send(...lineEvents: unknown[]): Promise<void> {
    await postLineWebhook(`${service.base}/api/line`, webhookBody(lineEvents), {
      secret: LINE_SECRET,
    });
    await service.app.queue.idle();
  }

  const textsTo = (user: string) =>
    lineApi.messagesTo(user).map((m) => (m.type === 'text' ? String(m.text) : `[${m.altText}]`));
  const lastText = (user: string) => textsTo(user).slice(-1)[0];
  /** Everything said to the user, each login link's one-time request id left out. */
  const answers = (user: string) =>
    JSON.stringify(lineApi.messagesTo(user)).replace(/request=[\w-]+/g, 'request=…');
  /** The rich menu linked to the user (undefined: none, LINE shows the default). */
  const linked = (user: string) => {
    const id = lineApi.richMenus.userMenus.get(user);
    return [...lineApi.richMenus.aliases].find(([, menu]) => menu === id)?.[0];
  };

  /** Follows, asks to log in, logs in on the page, and LINE sends the account link. */
  async function linkAccount(user: string): Promise<void> {
    await send(events.follow(user));
    await send(events.text(user, 'ログイン'));
    const [loginUrl] = urisIn(lineApi.messagesTo(user).slice(-1)[0]);
    const answer = await submitForm(service.base, await openForm(loginUrl), {
      studentId: 'a0123456',
      password: 'demo1234',
    });
    const nonce = new URL(answer.location ?? '').searchParams.get('nonce') ?? '';
    await send(events.accountLink(user, 'ok', nonce));
  }

  /** Registers the address the login asks for: typed twice, confirmed from the mail. */
  async function registerAddress(user: string): Promise<void> {
    await send(events.text(user, ADDRESS));
    await send(events.text(user, ADDRESS));
    const [mail] = await service.smtp.waitForMails(1);
    const url = /(http:\/\/\S+\/auth\/email\/confirm\?token=[\w-]+)/.exec(
      mail.parsed.text ?? '',
    )?.[1];
    await submitForm(service.base, await openForm(url ?? ''));
    await service.app.queue.idle();
  }

  it('guest by default, member after the link, English after "English", guest after unlinking', async () => {
    const en = texts.t('en');
    const user = newUser();
    await send(events.follow(user));
    expect(linked(user)).toBeUndefined();
    expect(lineApi.richMenus.aliasSeenBy(user)).toBe('certbot-guest-ja');

    await linkAccount(user);
    expect(linked(user)).toBe('certbot-member-ja');

    await registerAddress(user);
    await send(events.text(user, 'English'));
    expect(textsTo(user).slice(-2)).toEqual([en('language.changed'), en('menu.prompt')]);
    expect(linked(user)).toBe('certbot-member-en');

    // Unlinking from the member menu's Settings tap: the guest menu, in English.
    await send(events.postback(user, 'settings'));
    await send(events.text(user, en('settings.unlink')));
    await send(events.text(user, en('settings.yes')));
    expect(textsTo(user)).toContain(en('settings.unlinked'));
    expect(linked(user)).toBe('certbot-guest-en');

    // Back to Japanese as a guest: the default menu again, with no menu of the user's own.
    await send(events.text(user, '日本語'));
    expect(linked(user)).toBeUndefined();
    expect(lineApi.richMenus.aliasSeenBy(user)).toBe('certbot-guest-ja');
  });

  it('gives a guest the guest menu of their language, and the default for Japanese', async () => {
    const user = newUser();
    lineApi.setProfile(user, { language: 'en' });
    await send(events.follow(user));
    expect(linked(user)).toBe('certbot-guest-en');
    await send(events.text(user, '日本語'));
    expect(linked(user)).toBeUndefined();
    const unlinks = lineApi.richMenus.calls.filter((c) => c.method === 'DELETE');
    expect(unlinks.map((c) => c.path)).toEqual([`/v2/bot/user/${user}/richmenu`]);
  });

  it('without menus set up, asks LINE for an alias and says so once a minute, not every turn', async () => {
    lineApi.richMenus.aliases.clear();
    lineApi.richMenus.menus.clear();
    const en = texts.t('en');
    const [first, second] = [newUser(), newUser()];
    for (const user of [first, second]) {
      lineApi.setProfile(user, { language: 'en' });
      await send(events.follow(user));
      await send(events.text(user, '日本語'));
      await send(events.text(user, 'English'));
      expect(textsTo(user)).toContain(en('language.changed'));
      expect(linked(user)).toBeUndefined();
    }
    const lookups = lineApi.richMenus.calls.filter((c) => c.path.includes('/richmenu/alias/'));
    expect(lookups.map((c) => c.path)).toEqual(['/v2/bot/richmenu/alias/certbot-guest-en']);
    const said = log.lines.filter((line) => line.includes('alias not found'));
    expect(said).toHaveLength(1);
    expect(log.lines.join('')).not.toContain('LINE rich menu not changed');
  });

  it('answers the student when LINE refuses the link, and links on the next change', async () => {
    const ja = texts.t('ja');
    const en = texts.t('en');
    const user = newUser();
    lineApi.richMenus.failNextLinks(500);
    await linkAccount(user);
    expect(textsTo(user)).toContain(
      `${ja('login.done', { name: '京大 太郎', studentId: 'a0123456' })}\n${ja('login.unlinkHint')}`,
    );
    expect(lastText(user)).toBe(ja('email.askAddress'));
    expect(linked(user)).toBeUndefined();
    expect(log.lines.join('')).toContain('LINE rich menu not changed');

    await send(events.text(user, 'English'));
    expect(lastText(user)).toBe(en('email.askAddress'));
    expect(linked(user)).toBe('certbot-member-en');
  });

  it('runs what the words run for a tap, and says it did not understand other data', async () => {
    const ja = texts.t('ja');
    const en = texts.t('en');
    const [tapper, typist] = [newUser(), newUser()];
    await send(events.follow(tapper), events.follow(typist));
    const taps: [string, string][] = [
      ['apply', ja('menu.apply')],
      ['cancel', 'キャンセル'],
      ['help', 'ヘルプ'],
      ['manual', 'マニュアル'],
    ];
    for (const [data, words] of taps) {
      await send(events.postback(tapper, data));
      await send(events.text(typist, words));
      expect(answers(tapper)).toEqual(answers(typist));
    }

    await send(events.postback(tapper, 'no-such-menu-word'));
    expect(lastText(tapper)).toBe(ja('menu.retry'));
    await send(events.postback(tapper, 'english'));
    expect(textsTo(tapper).slice(-2)).toEqual([en('language.changed'), en('menu.prompt')]);
    expect(linked(tapper)).toBe('certbot-guest-en');
    await send(events.postback(tapper, 'x'.repeat(300)));
    expect(lastText(tapper)).toBe(en('menu.retry'));
    await send(events.postback(tapper, `{"data":"${'y'.repeat(5000)}"}`));
    expect(lastText(tapper)).toBe(en('menu.retry'));
  });
});

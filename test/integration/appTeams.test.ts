import { createApp, type App } from '../../src/app';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../../src/channels/teams/adaptiveCard';
import { loadConfig } from '../../src/config/config';
import type { Texts } from '../../src/i18n/i18n';
import { FakeConnector } from '../support/fakeConnector';
import { openForm, submitForm } from '../support/formClient';
import { startService, type ServiceHarness } from '../support/appHarness';
import { postActivity, teamsActivity } from '../support/teamsClient';
import { loadTexts } from '../support/texts';

/**
 * The service on Bot Framework (Teams, or the Emulator with no app id): Activities posted to
 * `/api/messages`, replies received by a local server implementing the connector endpoints.
 * (The whole Teams journey — login in Teams, proactive messages — is issue 5's next step.)
 */
describe('the service on Bot Framework without an app id', () => {
  let texts: Texts;
  let connector: FakeConnector;
  let app: App;
  let url: string;

  beforeAll(async () => {
    texts = await loadTexts();
  });
  beforeEach(async () => {
    connector = await FakeConnector.start();
    app = await createApp(loadConfig({ LOG_LEVEL: 'silent' }));
    url = `${await app.listen(0, '127.0.0.1')}/api/messages`;
  });
  afterEach(async () => {
    await app.close();
    await connector.close();
  });

  const activity = (fields: Record<string, unknown>) => teamsActivity(connector, fields);
  const post = (body: unknown) => postActivity(url, body);

  it('greets in the Activity locale, answers help, and renders the manual as an Adaptive Card', async () => {
    const en = texts.t('en');
    const greeting = await post(
      activity({ type: 'conversationUpdate', membersAdded: [{ id: '29:student' }] }),
    );
    expect(greeting.status).toBe(200);
    // The welcome and the menu, two sendActivity calls of the turn, arrive as one message.
    expect(connector.calls.map((call) => call.body.text)).toEqual([
      `${en('welcome')}\n\n${en('menu.prompt')}`,
    ]);
    expect(
      connector.calls[0].body.suggestedActions.actions.map((a: { title: string }) => a.title),
    ).toContain(en('menu.apply'));

    await post(activity({ type: 'message', text: 'manual' }));
    // A card is not merged with the text after it, which Teams would show above it.
    expect(connector.calls).toHaveLength(3);
    expect(connector.calls[2].body.text).toBe(en('menu.prompt'));
    const manual = connector.calls[1].body.attachments[0];
    expect(manual.contentType).toBe(ADAPTIVE_CARD_CONTENT_TYPE);
    expect(manual.content.version).toBe('1.5');
    expect(JSON.stringify(manual.content)).toContain(en('manual.title'));
    expect(manual.content.actions[0]).toEqual(
      expect.objectContaining({ type: 'Action.OpenUrl', url: 'http://localhost:3978/manual' }),
    );
  });

  it('reads a card submit as a typed answer and answers a malformed one', async () => {
    const ja = texts.t('ja');
    await post(activity({ type: 'message', text: 'hi', locale: 'ja-JP' }));
    await post(activity({ type: 'message', value: { text: 'help' }, locale: 'ja-JP' }));
    expect(connector.calls[1].body.text).toContain(
      ja('help.callCenter', { phone: '06-6809-4327' }),
    );
    const before = connector.calls.length;
    const answer = await post(activity({ type: 'message', value: [1, 2, 3], locale: 'ja-JP' }));
    expect(answer.status).toBe(200);
    expect(connector.calls[before].body.text).toBe(ja('menu.retry'));
  });

  it('logs in from Teams and continues the conversation proactively', async () => {
    const en = texts.t('en');
    await post(activity({ type: 'message', text: 'login' }));
    const card = connector.calls.at(-1)?.body.attachments[0].content;
    const loginUrl = card.actions[0].url as string;
    expect(loginUrl).toMatch(/\/auth\/login\?request=[\w-]+&lng=en$/);
    const base = url.replace('/api/messages', '');
    const answer = await submitForm(
      base,
      await openForm(loginUrl.replace('http://localhost:3978', base)),
      { studentId: 'a0123456', password: 'demo1234' },
    );
    expect(answer.status).toBe(200);
    await app.queue.idle();
    const texts2 = connector.calls.slice(-3).map((call) => call.body.text);
    expect(texts2).toEqual([
      `${en('login.done', { name: 'Taro Kyodai', studentId: 'a0123456' })}\n${en('login.unlinkHint')}`,
      en('email.firstLogin'),
      en('email.askAddress'),
    ]);
    // Proactive messages are new activities in the conversation, not replies.
    expect(connector.calls.at(-1)?.conversationId).toBe('a:conversation-1');
  });
});

describe('the service on Bot Framework, on Redis', () => {
  let texts: Texts;
  let connector: FakeConnector;
  let service: ServiceHarness;

  beforeAll(async () => {
    texts = await loadTexts();
  });
  beforeEach(async () => {
    connector = await FakeConnector.start();
    service = await startService();
  });
  afterEach(async () => {
    await service.close();
    await connector.close();
  });

  const activity = (fields: Record<string, unknown>) => teamsActivity(connector, fields);
  const post = (body: unknown) => postActivity(`${service.base}/api/messages`, body);

  it('handles ten messages of one conversation sent at the same moment, all, in order', async () => {
    const en = texts.t('en');
    await post(activity({ type: 'message', text: 'hi' }));
    const before = connector.calls.length;
    const words = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? '日本語' : 'English'));
    const answers = await Promise.all(
      words.map((text) => post(activity({ type: 'message', text }))),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    // Each answer's paragraphs: a switch is answered with the menu after it, in one message.
    const said = connector.calls
      .slice(before)
      .flatMap((call) => String(call.body.text ?? '').split('\n\n'));
    // Every switch answered (with the menu after it), none apologised for a lost update.
    const switches = said.filter((text) =>
      [en('language.changed'), texts.t('ja')('language.changed')].includes(text),
    );
    expect(switches).toHaveLength(10);
    expect(said.join('\n')).not.toContain(en('error.sorry'));
    expect(said.join('\n')).not.toContain(texts.t('ja')('error.sorry'));
  });
});

import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { ActivityTypes, MessageFactory, type TurnContext } from 'botbuilder';
import { OpenIdMetadata } from 'botframework-connector/lib/auth/openIdMetadata';
import restify, { type Server } from 'restify';
import { cardAttachment } from '../../src/channels/card';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../../src/channels/teams/adaptiveCard';
import { createTeamsAdapter } from '../../src/channels/teams/teamsAdapter';
import type { TeamsCloudAdapter } from '../../src/channels/teams/teamsCloudAdapter';
import { createTeamsRoute } from '../../src/channels/teams/teamsRoute';
import { FakeConnector } from '../support/fakeConnector';
import { capturedLogger } from '../support/capturedLogger';
import { OutsideServer } from '../support/outsideServer';

/** Every log line of the suite, to prove no message text ever reaches the logs. */
const { logger, lines: logLines } = capturedLogger();

/** What the echo bot saw: the text of each turn it ran. */
let seen: (string | undefined)[];

/** Answers each message with its text and a neutral card offering a reply and a link. */
async function echo(context: TurnContext): Promise<void> {
  seen.push(context.activity.text);
  if (context.activity.type !== ActivityTypes.Message) return;
  await context.sendActivity(MessageFactory.text(`echo ${context.activity.text ?? '(no text)'}`));
  await context.sendActivity({
    type: ActivityTypes.Message,
    attachments: [
      cardAttachment({
        title: 'Menu',
        hero: 'L3QP5ZYC',
        buttons: [
          { kind: 'reply', label: 'Order', value: 'order' },
          { kind: 'link', label: 'Manual', url: 'https://example.org/manual' },
        ],
      }),
    ],
  });
}

let connector: FakeConnector;
let servers: Server[];

/** Serves the route with `adapter`; `appId` must be the one the adapter was created with. */
async function serve(
  adapter: TeamsCloudAdapter,
  appId?: string,
  logic: (context: TurnContext) => Promise<void> = echo,
): Promise<string> {
  const server = restify.createServer({ handleUncaughtExceptions: false });
  server.post('/api/messages', createTeamsRoute(adapter, logic, { logger, appId }));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
}

function messageActivity(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl: connector.serviceUrl,
    from: { id: '29:student', aadObjectId: randomUUID(), name: 'Student' },
    recipient: { id: '28:bot', name: 'Bot' },
    conversation: { id: 'a:conversation-1', conversationType: 'personal' },
    locale: 'en-US',
    text: 'hello there',
    ...fields,
  };
}

function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

beforeEach(async () => {
  seen = [];
  servers = [];
  logLines.length = 0;
  connector = await FakeConnector.start();
});

afterEach(async () => {
  jest.restoreAllMocks();
  for (const server of servers) {
    server.server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  await connector.close();
});

describe('POST /api/messages without an app id (Emulator mode)', () => {
  it('runs the bot and replies through the connector with text and an Adaptive Card', async () => {
    const url = await serve(createTeamsAdapter({}, logger));
    const activity = messageActivity();
    const response = await post(url, activity);
    expect(response.status).toBe(200);
    expect(seen).toEqual(['hello there']);

    // The text and the card, sent by two sendActivity calls, arrive as one message.
    expect(connector.calls).toHaveLength(1);
    const [card] = connector.calls;
    expect(card.conversationId).toBe('a:conversation-1');
    expect(card.replyToId).toBe(activity.id);
    expect(card.body.text).toBe('echo hello there');
    expect(card.body.attachments).toHaveLength(1);
    expect(card.body.attachments[0].contentType).toBe(ADAPTIVE_CARD_CONTENT_TYPE);
    const content = card.body.attachments[0].content;
    expect(content.version).toBe('1.5');
    expect(content.body[1]).toMatchObject({ text: 'L3QP5ZYC', fontType: 'Monospace' });
    expect(content.actions).toEqual([
      {
        type: 'Action.Submit',
        title: 'Order',
        data: { text: 'order', msteams: { type: 'imBack', value: 'order' } },
      },
      { type: 'Action.OpenUrl', title: 'Manual', url: 'https://example.org/manual' },
    ]);
    // The message text stays out of the logs.
    expect(logLines.join('')).not.toContain('hello there');
  });

  it('reads a card submit as a typed answer and a malformed one as a message without text', async () => {
    const url = await serve(createTeamsAdapter({}, logger));
    const submit = messageActivity({ text: undefined, value: { text: 'order' } });
    expect((await post(url, submit)).status).toBe(200);
    const malformed = messageActivity({ text: undefined, value: ['order'] });
    expect((await post(url, malformed)).status).toBe(200);
    const huge = messageActivity({ text: undefined, value: { text: 'x'.repeat(5000) } });
    expect((await post(url, huge)).status).toBe(200);

    expect(seen).toEqual(['order', undefined, undefined]);
    const texts = connector.calls.map((call) => call.body.text).filter(Boolean);
    expect(texts).toEqual(['echo order', 'echo (no text)', 'echo (no text)']);
  });

  it('answers client mistakes with 4xx and never runs the bot', async () => {
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const url = await serve(createTeamsAdapter({}, logger));
    expect((await post(url, '{not json')).status).toBe(400);
    expect((await post(url, '[1,2]')).status).toBe(400);
    expect((await post(url, '"text"')).status).toBe(400);
    expect((await post(url, { text: 'no type' })).status).toBe(400);
    expect((await post(url, messageActivity({ type: 42 }))).status).toBe(400);
    expect((await post(url, messageActivity({ type: '' }))).status).toBe(400);
    expect((await post(url, messageActivity({ type: ['message'] }))).status).toBe(400);
    expect((await post(url, messageActivity({ text: 'x'.repeat(600 * 1024) }))).status).toBe(413);
    expect(seen).toEqual([]);
    expect(connector.calls).toEqual([]);
  });
});

describe('POST /api/messages runs what it checked, as CloudAdapter.process would', () => {
  it("answers an invoke with the turn's invoke response, and 501 when the turn gives none", async () => {
    // An Adaptive Card action's answer: a message shown in place of the card.
    const cardAnswer = {
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: 'done',
    };
    const url = await serve(createTeamsAdapter({}, logger), undefined, async (context) => {
      if (context.activity.name !== 'adaptiveCard/action') return;
      await context.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: { status: 200, body: cardAnswer },
      });
    });
    const answered = await post(
      url,
      messageActivity({ type: 'invoke', name: 'adaptiveCard/action', text: undefined }),
    );
    expect(answered.status).toBe(200);
    expect(await answered.json()).toEqual(cardAnswer);
    const unanswered = await post(
      url,
      messageActivity({ type: 'invoke', name: 'task/fetch', text: undefined }),
    );
    expect(unanswered.status).toBe(501);
    expect(connector.calls).toEqual([]);
  });

  it('hands the turn its timestamps as dates, keeping the text sent', async () => {
    const stamps: unknown[] = [];
    const url = await serve(createTeamsAdapter({}, logger), undefined, async (context) => {
      const activity = context.activity as typeof context.activity & { rawTimestamp?: string };
      stamps.push(activity.timestamp, activity.rawTimestamp);
    });
    const sent = '2026-12-02T06:30:00.1234567Z';
    expect((await post(url, messageActivity({ timestamp: sent }))).status).toBe(200);
    expect(stamps[0]).toBeInstanceOf(Date);
    expect((stamps[0] as Date).toISOString()).toBe('2026-12-02T06:30:00.123Z');
    expect(stamps[1]).toBe(sent);
  });

  it('answers 500 without the error when the turn fails outside the bot, and logs it', async () => {
    // A turn whose onTurnError is unset rethrows: CloudAdapter would have sent its message back.
    const adapter = createTeamsAdapter({}, logger);
    const url = await serve(adapter, undefined, async () => {
      throw new Error('secret detail from inside the turn');
    });
    const response = await post(url, messageActivity());
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({ error: 'internal' });
    expect(body).not.toContain('secret detail');
    expect(logLines.join('')).toContain('Bot Framework request failed');
  });
});

describe('POST /api/messages serves Teams only, and posts only to this machine without an app id', () => {
  it.each([
    ['line', { channelId: 'line', from: { id: `U${'a'.repeat(32)}` } }],
    ['webchat', { channelId: 'webchat' }],
    ['directline', { channelId: 'directline' }],
    ['a channel id in other case', { channelId: 'MSTEAMS' }],
    ['an empty channel id', { channelId: '' }],
    ['no channel id', { channelId: undefined }],
    ['a channel id that is not text', { channelId: ['msteams'] }],
  ])('refuses an Activity from %s with 403, running no turn', async (_name, fields) => {
    const url = await serve(createTeamsAdapter({}, logger));
    const response = await post(url, messageActivity(fields));
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: 'channel_not_served' });
    expect(seen).toEqual([]);
    expect(connector.calls).toEqual([]);
  });

  it('refuses an expectReplies read-back posing as LINE, with nothing of the turn in the answer', async () => {
    const url = await serve(createTeamsAdapter({}, logger));
    const activity = messageActivity({ channelId: 'line', deliveryMode: 'expectReplies' });
    const response = await post(url, activity);
    expect(response.status).toBe(403);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({ error: 'channel_not_served' });
    expect(body).not.toContain('echo');
    expect(seen).toEqual([]);
  });

  it('runs Emulator Activities when no app id is set', async () => {
    const url = await serve(createTeamsAdapter({}, logger));
    const response = await post(url, messageActivity({ channelId: 'emulator' }));
    expect(response.status).toBe(200);
    expect(seen).toEqual(['hello there']);
    expect(connector.calls.map((call) => call.body.text)[0]).toBe('echo hello there');
  });

  it('sends nothing to a serviceUrl off this machine, and replies to the same server on loopback', async () => {
    const outside = await OutsideServer.start();
    try {
      const url = await serve(createTeamsAdapter({}, logger));
      const offMachine = outside.outsideUrl;
      const hostAndPort = offMachine ? new URL(offMachine).host : `192.0.2.1:${outside.port}`;
      const attacks = [
        ...(offMachine ? [offMachine] : []),
        `http://localhost@${hostAndPort}/`,
        `http://127.0.0.1.${hostAndPort}/`,
        'http://example.invalid/',
        'ftp://127.0.0.1/',
        'not a url',
        undefined,
      ];
      for (const serviceUrl of attacks) {
        const response = await post(url, messageActivity({ serviceUrl }));
        expect([serviceUrl, response.status]).toEqual([serviceUrl, 403]);
        expect(await response.json()).toEqual({ error: 'service_url_not_allowed' });
      }
      expect(seen).toEqual([]);
      expect(outside.received).toEqual([]);

      // The control: the very same server, named by loopback, gets the replies.
      const allowed = await post(url, messageActivity({ serviceUrl: outside.loopbackUrl }));
      expect(allowed.status).toBe(200);
      expect(outside.received.length).toBeGreaterThan(0);
    } finally {
      await outside.close();
    }
  });
});

describe('POST /api/messages with an app id', () => {
  const settings = { appId: randomUUID(), appPassword: 'secret', appType: 'MultiTenant' };

  beforeEach(() => {
    // botbuilder reports refused requests on the console; keep the test output readable.
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });

  it.each([
    ['no Authorization header', {}],
    ['a garbage bearer token', { Authorization: 'Bearer garbage.token.value' }],
    ['a token from an unknown issuer', { Authorization: `Bearer ${unsignedJwt('https://evil')}` }],
    ['another scheme', { Authorization: 'Basic dXNlcjpwYXNz' }],
  ])('refuses %s with 401 without running the bot or fetching keys', async (_name, headers) => {
    // Key lookup is the only step that fetches OpenID metadata from the network.
    const getKey = jest.spyOn(OpenIdMetadata.prototype, 'getKey');
    const url = await serve(createTeamsAdapter(settings, logger), settings.appId);
    const response = await post(url, messageActivity(), headers);
    expect(response.status).toBe(401);
    // Which check failed is logged, never told to the caller.
    expect(await response.json()).toEqual({ error: 'unauthorized' });
    expect(logLines.join('')).toContain('Bot Framework request not authenticated');
    expect(getKey).not.toHaveBeenCalled();
    expect(seen).toEqual([]);
    expect(connector.calls).toEqual([]);
  });

  it.each([
    ['the Emulator', 'emulator'],
    ['LINE', 'line'],
    ['the web chat', 'webchat'],
  ])('refuses Activities from %s with 403 before checking any token', async (_name, channelId) => {
    const getKey = jest.spyOn(OpenIdMetadata.prototype, 'getKey');
    const url = await serve(createTeamsAdapter(settings, logger), settings.appId);
    const token = unsignedJwt('https://api.botframework.com');
    const response = await post(url, messageActivity({ channelId }), {
      Authorization: `Bearer ${token}`,
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: 'channel_not_served' });
    expect(getKey).not.toHaveBeenCalled();
    expect(seen).toEqual([]);
    expect(connector.calls).toEqual([]);
  });

  it('leaves an off-machine serviceUrl to the token checks (401 without a token)', async () => {
    const url = await serve(createTeamsAdapter(settings, logger), settings.appId);
    const response = await post(
      url,
      messageActivity({ serviceUrl: 'https://smba.example.invalid/' }),
    );
    expect(response.status).toBe(401);
    expect(seen).toEqual([]);
  });

  it('refuses a Bot Framework-issued token whose signing key is unknown with 401', async () => {
    // Stands in for the OpenID metadata endpoint, which tests must not reach.
    const getKey = jest.spyOn(OpenIdMetadata.prototype, 'getKey').mockResolvedValue(null);
    const url = await serve(createTeamsAdapter(settings, logger), settings.appId);
    const token = unsignedJwt('https://api.botframework.com');
    const response = await post(url, messageActivity(), { Authorization: `Bearer ${token}` });
    expect(response.status).toBe(401);
    expect(getKey).toHaveBeenCalledWith('k1');
    expect(seen).toEqual([]);
    expect(connector.calls).toEqual([]);
  });

  it('fails closed (500, bot not run) when the signing keys cannot be fetched', async () => {
    jest
      .spyOn(OpenIdMetadata.prototype, 'getKey')
      .mockRejectedValue(new Error('getaddrinfo ENOTFOUND login.botframework.com'));
    const url = await serve(createTeamsAdapter(settings, logger), settings.appId);
    const token = unsignedJwt('https://api.botframework.com');
    const response = await post(url, messageActivity(), { Authorization: `Bearer ${token}` });
    expect(response.status).toBe(500);
    // The caller learns nothing of the cause (CloudAdapter.process sent the error's message).
    expect(await response.text()).not.toContain('ENOTFOUND');
    expect(seen).toEqual([]);
    expect(connector.calls).toEqual([]);
  });
});

/** A structurally valid JWT with no signature, naming `issuer`. */
function unsignedJwt(issuer: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${part({ iss: issuer, aud: 'x' })}.c2ln`;
}

import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { ActivityTypes, MessageFactory, type CloudAdapter, type TurnContext } from 'botbuilder';
import { OpenIdMetadata } from 'botframework-connector/lib/auth/openIdMetadata';
import restify, { type Server } from 'restify';
import { cardAttachment } from '../../src/channels/card';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../../src/channels/teams/adaptiveCard';
import { createTeamsAdapter } from '../../src/channels/teams/teamsAdapter';
import { createTeamsRoute } from '../../src/channels/teams/teamsRoute';
import { FakeConnector } from '../support/fakeConnector';
import { capturedLogger } from '../support/capturedLogger';

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

async function serve(adapter: CloudAdapter): Promise<string> {
  const server = restify.createServer({ handleUncaughtExceptions: false });
  server.post('/api/messages', createTeamsRoute(adapter, echo, { logger }));
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

    expect(connector.calls).toHaveLength(2);
    const [text, card] = connector.calls;
    for (const call of connector.calls) {
      expect(call.conversationId).toBe('a:conversation-1');
      expect(call.replyToId).toBe(activity.id);
    }
    expect(text.body.text).toBe('echo hello there');
    expect(text.body.attachments ?? []).toEqual([]);
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
    expect((await post(url, messageActivity({ text: 'x'.repeat(600 * 1024) }))).status).toBe(413);
    expect(seen).toEqual([]);
    expect(connector.calls).toEqual([]);
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
    const url = await serve(createTeamsAdapter(settings, logger));
    const response = await post(url, messageActivity(), headers);
    expect(response.status).toBe(401);
    expect(getKey).not.toHaveBeenCalled();
    expect(seen).toEqual([]);
    expect(connector.calls).toEqual([]);
  });

  it('refuses a Bot Framework-issued token whose signing key is unknown with 401', async () => {
    // Stands in for the OpenID metadata endpoint, which tests must not reach.
    const getKey = jest.spyOn(OpenIdMetadata.prototype, 'getKey').mockResolvedValue(null);
    const url = await serve(createTeamsAdapter(settings, logger));
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
    const url = await serve(createTeamsAdapter(settings, logger));
    const token = unsignedJwt('https://api.botframework.com');
    const response = await post(url, messageActivity(), { Authorization: `Bearer ${token}` });
    expect(response.status).toBe(500);
    expect(seen).toEqual([]);
    expect(connector.calls).toEqual([]);
  });
});

/** A structurally valid JWT with no signature, naming `issuer`. */
function unsignedJwt(issuer: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${part({ iss: issuer, aud: 'x' })}.c2ln`;
}

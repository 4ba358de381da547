import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Activity } from 'botbuilder';
import { ConnectorClient, MicrosoftAppCredentials } from 'botframework-connector';
import { postActivitiesDirectly } from '../../src/channels/teams/activityPosts';
import { OutsideServer } from '../support/outsideServer';

/**
 * The connector client's activity posts without the Azure serializer (activityPosts.ts), run
 * side by side with botbuilder's own mapped operations against one local connector: the same
 * requests, answers, retries, redirects, proxy and errors.
 */
interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

type Answer = { status: number; headers?: Record<string, string>; body?: string };

// The proxy tests below name their proxy in HTTP_PROXY; nothing may be exempt from it, nor may
// a proxy of the machine's own environment come between this test and its local connector.
for (const name of [
  'NO_PROXY',
  'no_proxy',
  'HTTPS_PROXY',
  'https_proxy',
  'ALL_PROXY',
  'all_proxy',
  'HTTP_PROXY',
  'http_proxy',
]) {
  delete process.env[name];
}

/** Runs `use` with the environment variable `name` set to `value`, then puts back what it was. */
async function withEnv<T>(name: string, value: string, use: () => Promise<T>): Promise<T> {
  const saved = process.env[name];
  process.env[name] = value;
  try {
    return await use();
  } finally {
    if (saved === undefined) delete process.env[name];
    else process.env[name] = saved;
  }
}

let server: Server;
let received: Received[];
/** What the connector answers next (then 200 with an id). */
let answers: Answer[];
let base: string;

beforeEach(async () => {
  received = [];
  answers = [];
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      const answer = answers.shift() ?? { status: 200, body: `{"id":"sent-${received.length}"}` };
      res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Credentials that sign with a fixed token, as an app registration's would after login. */
class FixedToken extends MicrosoftAppCredentials {
  constructor() {
    super('app-id', 'secret');
  }
  override async getToken(): Promise<string> {
    return 't0ken';
  }
}

const kinds = [
  ['botbuilder’s mapped operations', (client: ConnectorClient) => client],
  ['direct posts', postActivitiesDirectly],
] as const;

const activity: Partial<Activity> = {
  type: 'message',
  text: 'ヘルプ: 06-6809-4327',
  from: { id: '28:bot', name: 'Bot' },
  recipient: { id: '29:student', name: 'Student' },
  conversation: {
    id: '19:abc@thread.tacv2;messageid=1',
    isGroup: true,
    conversationType: 'channel',
    name: '',
  },
  replyToId: '1700000000000',
  suggestedActions: { actions: [{ type: 'imBack', title: 'Menu', value: 'menu' }], to: [] },
};
const conversationId = activity.conversation?.id ?? '';

describe.each(kinds)('a connector client with %s', (_name, prepare) => {
  const client = (credentials = MicrosoftAppCredentials.Empty) =>
    prepare(new ConnectorClient(credentials, { baseUri: base }));

  it('replies to an activity: path, headers and body as the connector expects', async () => {
    const answer = await client(new FixedToken()).conversations.replyToActivity(
      conversationId,
      '1700000000000',
      activity,
    );
    expect(answer.id).toBe('sent-1');
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request.method).toBe('POST');
    expect(request.path).toBe(
      `/v3/conversations/${encodeURIComponent(conversationId)}/activities/1700000000000`,
    );
    expect(request.headers.authorization).toBe('Bearer t0ken');
    expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request.headers['x-ms-conversation-id']).toBe(conversationId);
    expect(request.headers['user-agent']).toContain('botframework-connector');
    expect(JSON.parse(request.body)).toEqual(activity);
  });

  it('signs each post with the token the credentials hold then: a renewed one is used at once', async () => {
    let token = 'first';
    const renewing = new (class extends MicrosoftAppCredentials {
      override async getToken(): Promise<string> {
        return token;
      }
    })('app-id', 'secret');
    const kept = client(renewing);
    await kept.conversations.sendToConversation(conversationId, activity);
    token = 'second';
    await kept.conversations.sendToConversation(conversationId, activity);
    expect(received.map((r) => r.headers.authorization)).toEqual(['Bearer first', 'Bearer second']);
  });

  it('sends to a conversation, unsigned without an app id (Emulator)', async () => {
    const answer = await client().conversations.sendToConversation(conversationId, activity);
    expect(answer.id).toBe('sent-1');
    expect(received[0].path).toBe(
      `/v3/conversations/${encodeURIComponent(conversationId)}/activities`,
    );
    expect(received[0].headers.authorization).toBeUndefined();
  });

  it('waits out a 429 with Retry-After and sends once more', async () => {
    answers.push({ status: 429, headers: { 'Retry-After': '0' }, body: '{}' });
    const answer = await client().conversations.sendToConversation(conversationId, activity);
    expect(answer.id).toBe('sent-2');
    expect(received).toHaveLength(2);
    expect(received[1].body).toBe(received[0].body);
  });

  it('sends again after a 503, the same activity', async () => {
    answers.push({ status: 503, body: '{}' });
    const answer = await client().conversations.sendToConversation(conversationId, activity);
    expect(answer.id).toBe('sent-2');
    expect(received.map((r) => r.path)).toEqual([
      `/v3/conversations/${encodeURIComponent(conversationId)}/activities`,
      `/v3/conversations/${encodeURIComponent(conversationId)}/activities`,
    ]);
    expect(received[1].body).toBe(received[0].body);
  });

  it('follows a 307 redirect with the same POST and body', async () => {
    answers.push({ status: 307, headers: { Location: `${base}moved/here` } });
    const answer = await client(new FixedToken()).conversations.sendToConversation(
      conversationId,
      activity,
    );
    expect(answer.id).toBe('sent-2');
    expect(received.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /v3/conversations/${encodeURIComponent(conversationId)}/activities`,
      'POST /moved/here',
    ]);
    expect(JSON.parse(received[1].body)).toEqual(activity);
    // The token goes only where the request was first signed for.
    expect(received[0].headers.authorization).toBe('Bearer t0ken');
    expect(received[1].headers.authorization).toBeUndefined();
  });

  it('does not follow a redirect to another origin: nothing reaches it, the post fails', async () => {
    const other = await OutsideServer.start();
    try {
      answers.push({ status: 307, headers: { Location: `${other.loopbackUrl}collect` } });
      await expect(
        client(new FixedToken()).conversations.sendToConversation(conversationId, activity),
      ).rejects.toMatchObject({ statusCode: 307 });
      expect(other.received).toEqual([]);
      expect(received).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it('goes through the proxy HTTP_PROXY names, signed, and not to the connector itself', async () => {
    const proxy = await OutsideServer.start();
    try {
      const answer = await withEnv('HTTP_PROXY', proxy.loopbackUrl, () =>
        // The proxy is read when a client is made, as botbuilder makes its clients.
        client(new FixedToken()).conversations.sendToConversation(conversationId, activity),
      );
      expect(answer.id).toBe('outside-1');
      expect(received).toHaveLength(0);
      expect(proxy.received).toHaveLength(1);
      // A proxy is asked for the absolute URL.
      expect(proxy.received[0].url).toBe(
        `${base}v3/conversations/${encodeURIComponent(conversationId)}/activities`,
      );
      expect(proxy.received[0].headers.authorization).toBe('Bearer t0ken');
      expect(JSON.parse(proxy.received[0].body)).toEqual(activity);
    } finally {
      await proxy.close();
    }
  });

  it('gives up after three retries of a 429, failing with its status', async () => {
    for (let i = 0; i < 5; i++) {
      answers.push({ status: 429, headers: { 'Retry-After': '0' }, body: '{}' });
    }
    await expect(
      client().conversations.sendToConversation(conversationId, activity),
    ).rejects.toMatchObject({ statusCode: 429 });
    expect(received).toHaveLength(4);
  });

  it('reaches an https service URL through HTTPS_PROXY by CONNECT, never directly', async () => {
    const tunnels: string[] = [];
    const proxy = createServer();
    proxy.on('connect', (req: { url?: string }, socket: Socket) => {
      tunnels.push(req.url ?? '');
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      await expect(
        withEnv('HTTPS_PROXY', proxyUrl, () =>
          // The proxy is read when a client is made, as botbuilder makes its clients.
          prepare(
            new ConnectorClient(new FixedToken(), { baseUri: base.replace('http:', 'https:') }),
          ).conversations.sendToConversation(conversationId, activity),
        ),
      ).rejects.toMatchObject({ statusCode: 403 });
      // The tunnel is asked for the connector's host and port; nothing reached the connector.
      expect(tunnels).toEqual([new URL(base).host]);
      expect(received).toHaveLength(0);
    } finally {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });

  it('throws on a refusal, with its status, and does not send again', async () => {
    answers.push({
      status: 403,
      body: JSON.stringify({ error: { code: 'BotNotInConversationRoster', message: 'no' } }),
    });
    await expect(
      client().conversations.replyToActivity(conversationId, '1', activity),
    ).rejects.toMatchObject({ statusCode: 403 });
    expect(received).toHaveLength(1);
  });
});

describe('direct posts', () => {
  it('name the connector’s error code, and read an empty or odd answer as no id', async () => {
    const client = postActivitiesDirectly(
      new ConnectorClient(MicrosoftAppCredentials.Empty, { baseUri: base.slice(0, -1) }),
    );
    answers.push({ status: 404, body: '{"error":{"code":"ConversationNotFound"}}' });
    await expect(client.conversations.sendToConversation('a:gone', activity)).rejects.toMatchObject(
      { statusCode: 404, code: 'ConversationNotFound' },
    );
    answers.push(
      { status: 200, body: '' },
      { status: 201, headers: { 'Content-Type': 'text/plain' }, body: 'not json' },
    );
    expect(await client.conversations.sendToConversation('a:1', activity)).toEqual({ id: '' });
    expect(await client.conversations.sendToConversation('a:1', activity)).toEqual({ id: '' });
    // A service URL without its trailing slash is joined all the same.
    expect(received.map((r) => r.path)).toEqual([
      '/v3/conversations/a%3Agone/activities',
      '/v3/conversations/a%3A1/activities',
      '/v3/conversations/a%3A1/activities',
    ]);
  });

  it('speaks TLS to an https service URL: a plain HTTP server there gets no activity', async () => {
    const client = postActivitiesDirectly(
      new ConnectorClient(MicrosoftAppCredentials.Empty, {
        baseUri: base.replace('http:', 'https:'),
      }),
    );
    await expect(client.conversations.sendToConversation('a:1', activity)).rejects.toThrow();
    expect(received).toHaveLength(0);
  });
});

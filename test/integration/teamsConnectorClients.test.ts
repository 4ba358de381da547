import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  ActivityTypes,
  ConfigurationBotFrameworkAuthentication,
  MessageFactory,
  type TurnContext,
} from 'botbuilder';
import {
  AuthenticationConstants,
  ClaimsIdentity,
  ConnectorClient,
  ConnectorFactory,
  MicrosoftAppCredentials,
} from 'botframework-connector';
import restify, { type Server } from 'restify';
import { CachingBotFrameworkAuthentication } from '../../src/channels/teams/cachingBotFrameworkAuthentication';
import { CachingConnectorFactory } from '../../src/channels/teams/cachingConnectorFactory';
import {
  ConnectorClientCache,
  DEFAULT_MAX_CONNECTOR_CLIENTS,
} from '../../src/channels/teams/connectorClientCache';
import { createTeamsAdapter } from '../../src/channels/teams/teamsAdapter';
import type { TeamsCloudAdapter } from '../../src/channels/teams/teamsCloudAdapter';
import { createTeamsRoute } from '../../src/channels/teams/teamsRoute';
import { capturedLogger } from '../support/capturedLogger';
import { FakeConnector } from '../support/fakeConnector';

const { logger } = capturedLogger();

/** The connector client each turn was given, in turn order. */
let turnClients: ConnectorClient[];

/**
 * Answers each message with two replies, each its own activity: the first offers a suggested
 * action, so the Teams middleware does not join the two into one (see teamsOutbox.ts).
 */
async function echo(context: TurnContext): Promise<void> {
  turnClients.push(context.turnState.get(context.adapter.ConnectorClientKey));
  if (context.activity.type !== ActivityTypes.Message) return;
  await context.sendActivity(
    MessageFactory.suggestedActions(['ok'], `echo ${context.activity.text}`),
  );
  await context.sendActivity(MessageFactory.text(`again ${context.activity.text}`));
}

describe('connector clients across Teams turns (Emulator mode, real CloudAdapter)', () => {
  let connectors: FakeConnector[];
  let server: Server;

  beforeEach(() => {
    connectors = [];
    turnClients = [];
  });

  afterEach(async () => {
    server.server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    for (const connector of connectors) await connector.close();
  });

  async function connector(): Promise<FakeConnector> {
    const started = await FakeConnector.start();
    connectors.push(started);
    return started;
  }

  async function serve(adapter: TeamsCloudAdapter): Promise<string> {
    server = restify.createServer({ handleUncaughtExceptions: false });
    server.post('/api/messages', createTeamsRoute(adapter, echo, { logger, appId: undefined }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
  }

  async function turn(url: string, to: FakeConnector, text: string): Promise<void> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: randomUUID(),
        channelId: 'msteams',
        serviceUrl: to.serviceUrl,
        from: { id: '29:student', name: 'Student' },
        recipient: { id: '28:bot', name: 'Bot' },
        conversation: { id: `a:${text}`, conversationType: 'personal' },
        text,
      }),
    });
    expect(response.status).toBe(200);
  }

  const texts = (at: FakeConnector) => at.calls.map((call) => call.body.text);

  it('serves two turns from one serviceUrl with one client', async () => {
    const clients = new ConnectorClientCache();
    const url = await serve(createTeamsAdapter({}, logger, clients));
    const teams = await connector();

    await turn(url, teams, 'first');
    await turn(url, teams, 'second');

    expect(texts(teams)).toEqual(['echo first', 'again first', 'echo second', 'again second']);
    expect(turnClients).toHaveLength(2);
    expect(turnClients[1]).toBe(turnClients[0]);
    expect(clients.size).toBe(1);
  });

  it('keeps one client per serviceUrl, and a turn replies only to its own serviceUrl', async () => {
    const clients = new ConnectorClientCache();
    const url = await serve(createTeamsAdapter({}, logger, clients));
    const [a, b] = [await connector(), await connector()];

    await turn(url, a, 'a1');
    await turn(url, b, 'b1');
    await turn(url, a, 'a2');
    await turn(url, b, 'b2');

    expect(texts(a)).toEqual(['echo a1', 'again a1', 'echo a2', 'again a2']);
    expect(texts(b)).toEqual(['echo b1', 'again b1', 'echo b2', 'again b2']);
    expect(a.calls.map((call) => call.conversationId)).toEqual(['a:a1', 'a:a1', 'a:a2', 'a:a2']);
    const [a1, b1, a2, b2] = turnClients;
    expect(a2).toBe(a1);
    expect(b2).toBe(b1);
    expect(b1).not.toBe(a1);
    expect(clients.size).toBe(2);
  });

  it('stays bounded when activities name ever new serviceUrls', async () => {
    const clients = new ConnectorClientCache(2);
    const url = await serve(createTeamsAdapter({}, logger, clients));
    const targets = [await connector(), await connector(), await connector()];
    for (const [index, target] of targets.entries()) await turn(url, target, `t${index}`);
    expect(clients.size).toBe(2);
    expect(targets.map(texts)).toEqual([0, 1, 2].map((i) => [`echo t${i}`, `again t${i}`]));
  });
});

describe('connector factories of an authenticated adapter (real botbuilder authentication)', () => {
  const appId = randomUUID();
  const audience = AuthenticationConstants.ToChannelFromBotOAuthScope;
  const serviceUrl = 'https://smba.trafficmanager.net/amer/';

  function authentication(clients: ConnectorClientCache): CachingBotFrameworkAuthentication {
    const inner = new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: appId,
      MicrosoftAppPassword: 'secret',
      MicrosoftAppType: 'MultiTenant',
    });
    return new CachingBotFrameworkAuthentication(inner, clients);
  }

  /** The claims of a channel's token for `audClaim` (the app the activity is for). */
  const claims = (audClaim: string) =>
    new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: audClaim }], true);

  const credentialsOf = (client: ConnectorClient) => client.credentials as MicrosoftAppCredentials;

  it('reuses the client for one app id, audience and serviceUrl, made with those', async () => {
    const clients = new ConnectorClientCache();
    const auth = authentication(clients);
    const first = await auth.createConnectorFactory(claims(appId)).create(serviceUrl, audience);
    const again = await auth.createConnectorFactory(claims(appId)).create(serviceUrl, audience);
    expect(again).toBe(first);
    expect(credentialsOf(first).appId).toBe(appId);
    expect(credentialsOf(first).oAuthScope).toBe(audience);
    expect(clients.size).toBe(1);
  });

  it('makes another client for another audience, with credentials for that audience', async () => {
    const clients = new ConnectorClientCache();
    const factory = authentication(clients).createConnectorFactory(claims(appId));
    const channel = await factory.create(serviceUrl, audience);
    const skill = await factory.create(serviceUrl, 'api://calling-bot');
    expect(skill).not.toBe(channel);
    expect(credentialsOf(skill).oAuthScope).toBe('api://calling-bot');
    expect(clients.size).toBe(2);
  });

  it('never lends a client to another app id, and keeps nothing for it', async () => {
    const clients = new ConnectorClientCache();
    const auth = authentication(clients);
    await auth.createConnectorFactory(claims(appId)).create(serviceUrl, audience);
    const other = auth.createConnectorFactory(claims(randomUUID()));
    await expect(other.create(serviceUrl, audience)).rejects.toThrow('Invalid appId.');
    expect(clients.size).toBe(1);
  });

  it('keeps one user-token client per app id, and none for an app id it refuses', async () => {
    const auth = authentication(new ConnectorClientCache());
    const first = await auth.createUserTokenClient(claims(appId));
    expect(await auth.createUserTokenClient(claims(appId))).toBe(first);
    const stranger = claims(randomUUID());
    await expect(auth.createUserTokenClient(stranger)).rejects.toThrow('Invalid appId.');
    // Refused again, not served from a kept failure or from the app's own client.
    await expect(auth.createUserTokenClient(stranger)).rejects.toThrow('Invalid appId.');
    expect(await auth.createUserTokenClient(claims(appId))).toBe(first);
  });
});

/** A stand-in for botbuilder's factory, recording what it was asked to make. */
class RecordingFactory extends ConnectorFactory {
  readonly made: string[] = [];
  failures = 0;

  async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    this.made.push(`${audience} ${serviceUrl}`);
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('token endpoint unreachable');
    }
    return new ConnectorClient(MicrosoftAppCredentials.Empty, { baseUri: serviceUrl });
  }
}

describe('CachingConnectorFactory', () => {
  const url = (n: number) => `http://127.0.0.1:${10000 + n}/`;

  it('does not share a client across app ids or audiences', async () => {
    const clients = new ConnectorClientCache();
    const inner = new RecordingFactory();
    const forA = new CachingConnectorFactory(inner, 'app-a', clients);
    const forB = new CachingConnectorFactory(inner, 'app-b', clients);
    const anonymous = new CachingConnectorFactory(inner, undefined, clients);

    const made = [
      await forA.create(url(1), 'aud-1'),
      await forB.create(url(1), 'aud-1'),
      await forA.create(url(1), 'aud-2'),
      await forA.create(url(1)),
      await forA.create(url(1), ''),
      await anonymous.create(url(1), 'aud-1'),
    ];
    expect(new Set(made).size).toBe(made.length);
    expect(await forA.create(url(1), 'aud-1')).toBe(made[0]);
    expect(await forB.create(url(1), 'aud-1')).toBe(made[1]);
    expect(inner.made).toHaveLength(made.length);
  });

  it('tells serviceUrls apart by their exact text', async () => {
    const factory = new CachingConnectorFactory(
      new RecordingFactory(),
      'app',
      new ConnectorClientCache(),
    );
    const slash = await factory.create('http://127.0.0.1:1/', 'aud');
    expect(await factory.create('http://127.0.0.1:1', 'aud')).not.toBe(slash);
  });

  it('keeps at most its bound, dropping the least recently used', async () => {
    const clients = new ConnectorClientCache();
    const inner = new RecordingFactory();
    const factory = new CachingConnectorFactory(inner, 'app', clients);
    const first = await factory.create(url(0), 'aud');
    for (let n = 1; n < DEFAULT_MAX_CONNECTOR_CLIENTS + 20; n += 1) {
      await factory.create(url(n), 'aud');
      // url(0) stays in use, so it is never the least recently used.
      expect(await factory.create(url(0), 'aud')).toBe(first);
    }
    expect(clients.size).toBe(DEFAULT_MAX_CONNECTOR_CLIENTS);

    inner.made.length = 0;
    await factory.create(url(1), 'aud'); // dropped long ago: made again
    await factory.create(url(DEFAULT_MAX_CONNECTOR_CLIENTS + 19), 'aud'); // the newest: kept
    expect(inner.made).toEqual([`aud ${url(1)}`]);
    expect(clients.size).toBe(DEFAULT_MAX_CONNECTOR_CLIENTS);
  });

  it('keeps no failed creation: the next request tries again', async () => {
    const clients = new ConnectorClientCache();
    const inner = new RecordingFactory();
    const factory = new CachingConnectorFactory(inner, 'app', clients);
    inner.failures = 1;

    await expect(factory.create(url(1), 'aud')).rejects.toThrow('token endpoint unreachable');
    expect(clients.size).toBe(0);
    const client = await factory.create(url(1), 'aud');
    expect(await factory.create(url(1), 'aud')).toBe(client);
    expect(inner.made).toHaveLength(2);
  });

  it('keeps no creation that throws before returning a promise', async () => {
    const clients = new ConnectorClientCache();
    let calls = 0;
    const throwing = new (class extends ConnectorFactory {
      create(): Promise<ConnectorClient> {
        calls += 1;
        throw new Error('bad settings');
      }
    })();
    const factory = new CachingConnectorFactory(throwing, 'app', clients);
    await expect(factory.create(url(1), 'aud')).rejects.toThrow('bad settings');
    await expect(factory.create(url(1), 'aud')).rejects.toThrow('bad settings');
    expect(calls).toBe(2);
    expect(clients.size).toBe(0);
  });

  it('makes one client for concurrent first requests', async () => {
    const inner = new RecordingFactory();
    const factory = new CachingConnectorFactory(inner, 'app', new ConnectorClientCache());
    const [one, two] = await Promise.all([
      factory.create(url(1), 'aud'),
      factory.create(url(1), 'aud'),
    ]);
    expect(two).toBe(one);
    expect(inner.made).toHaveLength(1);
  });
});

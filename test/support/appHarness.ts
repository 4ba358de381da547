import { createApp, type App, type AppOverrides } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { FakeLineApi } from './fakeLineApi';
import { freePort } from './freePort';
import { LineEvents, postLineWebhook, webhookBody } from './lineWebhook';
import { startRoundRobinProxy } from './roundRobinProxy';
import { TEST_REDIS_URL, testRedis, type TestRedis } from './redis';
import { startSmtpServer, type TestSmtpOptions, type TestSmtpServer } from './smtpServer';

export const LINE_SECRET = 'test-channel-secret';

export interface LineAppHarness {
  app: App;
  url: string;
  /** Signs and posts events as LINE does; resolves with LINE's view of the answer. */
  post(events: unknown[], options?: { secret?: string }): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

/**
 * The whole service as production wires it (createApp), on Redis when `redisUrl` is given, with
 * LINE pointed at the local fake LINE API.
 */
export async function startLineApp(
  lineApi: FakeLineApi,
  options: { redisUrl?: string; prefix?: string; port?: number; env?: Record<string, string> } = {},
): Promise<LineAppHarness> {
  const app = await createApp(
    loadConfig({
      LOG_LEVEL: 'silent',
      LINE_CHANNEL_SECRET: LINE_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: lineApi.accessToken,
      LINE_API_BASE_URL: lineApi.baseUrl,
      ...(options.redisUrl
        ? { REDIS_URL: options.redisUrl, REDIS_KEY_PREFIX: options.prefix ?? '' }
        : {}),
      ...options.env,
    }),
  );
  const url = await app.listen(options.port ?? 0, '127.0.0.1');
  return {
    app,
    url,
    post: (events, postOptions = {}) =>
      postLineWebhook(`${url}/api/line`, webhookBody(events), {
        secret: postOptions.secret ?? LINE_SECRET,
      }),
    close: () => app.close(),
  };
}

/** What {@link useLineAppOnRedis} gives each test. */
export interface LineAppOnRedis {
  readonly lineApi: FakeLineApi;
  readonly redis: TestRedis;
  readonly service: LineAppHarness;
  /** Events whose reply tokens the fake LINE API accepts once. */
  readonly events: LineEvents;
}

/**
 * The whole service on the shared Redis (under a key prefix of its own) with the fake LINE API,
 * fresh for each test and taken down after it. Call at the top of a `describe`; read the
 * returned object's properties inside tests and hooks registered after it.
 */
export function useLineAppOnRedis(): LineAppOnRedis {
  let current: LineAppOnRedis | undefined;
  beforeEach(async () => {
    const lineApi = await FakeLineApi.start();
    const redis = await testRedis();
    const service = await startLineApp(lineApi, { redisUrl: TEST_REDIS_URL, prefix: redis.prefix });
    current = { lineApi, redis, service, events: new LineEvents(lineApi) };
  });
  afterEach(async () => {
    const running = current;
    current = undefined;
    await running?.service.close();
    await running?.lineApi.close();
    await running?.redis.cleanup();
  });
  const get = (): LineAppOnRedis => {
    if (!current) throw new Error('useLineAppOnRedis: read inside a test or a later hook');
    return current;
  };
  return {
    get lineApi() {
      return get().lineApi;
    },
    get redis() {
      return get().redis;
    },
    get service() {
      return get().service;
    },
    get events() {
      return get().events;
    },
  };
}

export interface ServiceHarness {
  /** The (first) instance. */
  app: App;
  /** Every instance, `app` first (one unless `topology.instances` asked for more). */
  apps: App[];
  /**
   * The public base URL (also `PUBLIC_URL`, so links in chats and mails point here); with
   * several instances a round-robin proxy in front of them.
   */
  base: string;
  redis: TestRedis;
  smtp: TestSmtpServer;
  close(): Promise<void>;
}

/** Where a {@link startService} runs: which Redis, and how many instances share it. */
export interface ServiceTopology {
  /** The Redis (and key prefix) to use; the shared single node unless given. */
  connect?: () => Promise<TestRedis>;
  /** Instances behind one round-robin proxy (default 1, no proxy). */
  instances?: number;
}

/**
 * The whole service as production wires it, on real Redis (a fresh key prefix) with mail going
 * over SMTP to a server started here; `env` adds settings (PayPal, …), `overrides` a clock,
 * `smtpOptions` what the SMTP server refuses, `topology` a cluster or several instances.
 */
export async function startService(
  env: Record<string, string> = {},
  overrides: AppOverrides = {},
  smtpOptions: TestSmtpOptions = {},
  topology: ServiceTopology = {},
): Promise<ServiceHarness> {
  const redis = await (topology.connect ?? (() => testRedis()))();
  const smtp = await startSmtpServer(smtpOptions);
  const ports = await Promise.all(
    Array.from({ length: topology.instances ?? 1 }, () => freePort()),
  );
  const targets = ports.map((port) => `http://127.0.0.1:${port}`);
  const proxy = ports.length > 1 ? await startRoundRobinProxy(targets) : undefined;
  const base = proxy?.url ?? targets[0];
  const apps: App[] = [];
  for (const port of ports) {
    const app = await createApp(
      loadConfig({
        PORT: String(port),
        PUBLIC_URL: base,
        ...redis.env,
        SMTP_URL: smtp.url,
        LOG_LEVEL: 'silent',
        ...env,
      }),
      overrides,
    );
    await app.listen(port, '127.0.0.1');
    apps.push(app);
  }
  return {
    app: apps[0],
    apps,
    base,
    redis,
    smtp,
    close: async () => {
      await proxy?.close();
      for (const app of apps) await app.close();
      await smtp.close();
      await redis.cleanup();
    },
  };
}

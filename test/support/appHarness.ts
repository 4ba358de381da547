import { createApp, type App, type AppOverrides } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { FakeLineApi } from './fakeLineApi';
import { freePort } from './freePort';
import { postLineWebhook, webhookBody } from './lineWebhook';
import { testRedis, TEST_REDIS_URL, type TestRedis } from './redis';
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

export interface ServiceHarness {
  app: App;
  /** The public base URL (also `PUBLIC_URL`, so links in chats and mails point here). */
  base: string;
  redis: TestRedis;
  smtp: TestSmtpServer;
  close(): Promise<void>;
}

/**
 * The whole service as production wires it, on real Redis (a fresh key prefix) with mail going
 * over SMTP to a server started here; `env` adds settings (PayPal, …), `overrides` a clock,
 * `smtpOptions` what the SMTP server refuses.
 */
export async function startService(
  env: Record<string, string> = {},
  overrides: AppOverrides = {},
  smtpOptions: TestSmtpOptions = {},
): Promise<ServiceHarness> {
  const redis = await testRedis();
  const smtp = await startSmtpServer(smtpOptions);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const app = await createApp(
    loadConfig({
      PORT: String(port),
      PUBLIC_URL: base,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: redis.prefix,
      SMTP_URL: smtp.url,
      LOG_LEVEL: 'silent',
      ...env,
    }),
    overrides,
  );
  await app.listen(port, '127.0.0.1');
  return {
    app,
    base,
    redis,
    smtp,
    close: async () => {
      await app.close();
      await smtp.close();
      await redis.cleanup();
    },
  };
}

import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { FakeLineApi } from './fakeLineApi';
import { postLineWebhook, webhookBody } from './lineWebhook';

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

import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { serveTarget } from '../serveTarget';

/** The service as production wires it (createApp, Redis state), LINE at the local double. */
serveTarget(async (options) => {
  const app = await createApp(
    loadConfig({
      REDIS_URL: options.redisUrl,
      REDIS_KEY_PREFIX: options.redisPrefix,
      LINE_CHANNEL_SECRET: options.lineChannelSecret,
      LINE_CHANNEL_ACCESS_TOKEN: options.lineAccessToken,
      LINE_API_BASE_URL: options.lineApiBaseUrl,
      LOG_LEVEL: 'silent',
    }),
  );
  return { baseUrl: await app.listen(0, '127.0.0.1'), close: () => app.close() };
});

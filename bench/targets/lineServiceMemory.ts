import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { serveTarget } from '../serveTarget';

/**
 * The service in memory mode (no `REDIS_URL`: `MemoryStorage` state, memory queues and stores,
 * one instance only), LINE at the local double. Ignores the Redis options it is given.
 */
serveTarget(async (options) => {
  const app = await createApp(
    loadConfig({
      LINE_CHANNEL_SECRET: options.lineChannelSecret,
      LINE_CHANNEL_ACCESS_TOKEN: options.lineAccessToken,
      LINE_API_BASE_URL: options.lineApiBaseUrl,
      LOG_LEVEL: 'silent',
    }),
  );
  return { baseUrl: await app.listen(0, '127.0.0.1'), close: () => app.close() };
});

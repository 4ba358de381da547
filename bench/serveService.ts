import { createApp } from '../src/app';
import { loadConfig } from '../src/config/config';
import { serveTarget } from './serveTarget';

/**
 * The child side of a target that is the service itself, as production wires it (`createApp`),
 * LINE at the local double: with Redis state (`redis`), or in memory mode (`memory`: no
 * `REDIS_URL`, `MemoryStorage` state, memory queues and stores, one instance only, the Redis
 * options it is given ignored).
 */
export function serveService(state: 'redis' | 'memory'): void {
  serveTarget(async (options) => {
    const app = await createApp(
      loadConfig({
        ...(state === 'redis'
          ? { REDIS_URL: options.redisUrl, REDIS_KEY_PREFIX: options.redisPrefix }
          : {}),
        LINE_CHANNEL_SECRET: options.lineChannelSecret,
        LINE_CHANNEL_ACCESS_TOKEN: options.lineAccessToken,
        LINE_API_BASE_URL: options.lineApiBaseUrl,
        LOG_LEVEL: 'silent',
      }),
    );
    return { baseUrl: await app.listen(0, '127.0.0.1'), close: () => app.close() };
  });
}

import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { serveTarget } from '../serveTarget';

/**
 * The service as production wires it (createApp, Redis state) serving `/api/messages` in
 * Emulator mode: no MicrosoftAppId, replies posted to the activity's (local) `serviceUrl`.
 */
serveTarget(async (options) => {
  const app = await createApp(
    loadConfig({
      REDIS_URL: options.redisUrl,
      REDIS_KEY_PREFIX: options.redisPrefix,
      LOG_LEVEL: 'silent',
    }),
  );
  return { baseUrl: await app.listen(0, '127.0.0.1'), close: () => app.close() };
});

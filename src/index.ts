import { createApp } from './app';
import { loadConfig } from './config/config';
import { ConfigError } from './platform/errors';
import { ProductionRefusedError } from './config/errors';

/** Starts the service: configuration, the app, and a clean stop on SIGTERM / SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig(process.env, process.stdout.isTTY === true);
  const app = await createApp(config);
  await app.listen(config.port);
  app.logger.info({ port: config.port }, 'listening');
  process.stdout.write(`\nCertificate bot is running. Open the web chat: ${config.publicUrl}/\n\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.logger.error({ err }, 'unclean shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  // A bad setting is one sentence naming the variable, never a stack trace; production's
  // refusal lists every problem at once, a sentence a line.
  const message =
    err instanceof ProductionRefusedError
      ? [
          'The service refuses to start in production (NODE_ENV=production):',
          ...err.problems.map((problem) => `- ${problem}`),
        ].join('\n')
      : err instanceof ConfigError
        ? `Configuration error: ${err.message}`
        : `The service could not start: ${(err as Error).message}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});

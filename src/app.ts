import type { AddressInfo } from 'node:net';
import { MemoryStorage, type BotAdapter } from 'botbuilder';
import type Redis from 'ioredis';
import restify, { type Server } from 'restify';
import type { BotLogic } from './bot/botLogic';
import { buildBot, type BotStorage } from './bot/buildBot';
import { createTurnErrorHandler } from './bot/turnErrorHandler';
import { LineAdapter } from './channels/line/lineAdapter';
import { LineMessagingClient } from './channels/line/lineClient';
import { createLineWebhookHandler } from './channels/line/lineWebhookHandler';
import { MemoryWebChatOutbox } from './channels/webchat/memoryWebChatOutbox';
import { RedisWebChatOutbox } from './channels/webchat/redisWebChatOutbox';
import { registerWebChatRoutes } from './channels/webchat/registerWebChatRoutes';
import { WebChatAdapter } from './channels/webchat/webChatAdapter';
import type { WebChatOutbox } from './channels/webchat/webChatOutbox';
import type { Config } from './config/config';
import { checkHealth } from './http/healthRoute';
import { SECURITY_HEADERS } from './channels/webchat/securityHeaders';
import { serveAsset } from './http/assets';
import { renderManualPage } from './http/manualPage';
import { requestLanguage } from './http/requestLanguage';
import { Texts } from './i18n/i18n';
import { systemClock, type Clock } from './platform/clock';
import { createLogger, type Logger } from './platform/logger';
import { Metrics } from './platform/metrics';
import { connectRedis } from './storage/redisConnection';
import { RedisKeys } from './storage/redisKeys';
import { RedisStorage } from './storage/redisStorage';
import { MemoryTurnQueue } from './turns/memoryTurnQueue';
import { RedisTurnQueue } from './turns/redisTurnQueue';
import type { QueuedTurn, TurnQueue } from './turns/turnQueue';

/** What tests and benchmarks may replace; production uses the defaults. */
export interface AppOverrides {
  clock?: Clock;
  logger?: Logger;
  metrics?: Metrics;
}

export interface App {
  server: Server;
  logger: Logger;
  metrics: Metrics;
  queue: TurnQueue;
  redis?: Redis;
  /** Listens (port 0 picks a free one) and resolves with the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  /** Stops taking requests, lets running turns finish, closes connections. */
  close(): Promise<void>;
}

/** Channel-specific runner of a queued turn. */
type TurnProcessor = (payload: unknown, logic: BotLogic) => Promise<void>;

/**
 * The composition root: builds every port from configuration (Redis or memory), the bot, the
 * channel adapters and the HTTP routes. Nothing else in the service wires dependencies.
 */
export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const metrics = overrides.metrics ?? new Metrics();
  const clock = overrides.clock ?? systemClock;
  const texts = await Texts.load();

  const redis = config.redis ? connectRedis(config.redis.url) : undefined;
  const keys = new RedisKeys(config.redis?.keyPrefix ?? 'certbot:');
  if (!redis) {
    logger.warn('REDIS_URL is not set: state is kept in memory and is lost when the service stops');
  }
  const storage: BotStorage = redis
    ? {
        conversations: new RedisStorage(redis, keys, { ttlSeconds: config.conversationTtlSeconds }),
        users: new RedisStorage(redis, keys),
      }
    : { conversations: new MemoryStorage(), users: new MemoryStorage() };
  const bot = buildBot(storage, texts, {
    manualUrl: config.manualUrl,
    callCenterPhone: config.callCenterPhone,
  });

  const onTurnError = createTurnErrorHandler(logger, texts);
  const withErrorHandler = <T extends BotAdapter>(adapter: T): T => {
    adapter.onTurnError = onTurnError;
    return adapter;
  };

  const outbox: WebChatOutbox = redis
    ? new RedisWebChatOutbox(redis, keys, { logger })
    : new MemoryWebChatOutbox();
  const webChat = withErrorHandler(new WebChatAdapter({ outbox, logger, metrics, clock }));
  const processors: Record<string, TurnProcessor> = {
    webchat: (payload, logic) => webChat.processMessage(payload, logic),
  };
  if (config.line) {
    const client = new LineMessagingClient({
      channelAccessToken: config.line.channelAccessToken,
      apiBaseUrl: config.line.apiBaseUrl,
    });
    const line = withErrorHandler(
      new LineAdapter({ client, logger, metrics, loadingDelayMs: config.line.loadingDelayMs }),
    );
    processors.line = (payload, logic) => line.processEvent(payload as never, logic);
  }

  const runTurn = async (turn: QueuedTurn): Promise<void> => {
    const processor = processors[turn.channel];
    if (!processor) {
      logger.warn({ channel: turn.channel }, 'no adapter for a queued turn; dropped');
      return;
    }
    await processor(turn.payload, bot.run);
  };
  let queue: TurnQueue;
  if (redis) {
    const redisQueue = new RedisTurnQueue(redis, keys, runTurn, logger);
    redisQueue.start();
    queue = redisQueue;
  } else {
    queue = new MemoryTurnQueue(runTurn, logger);
  }

  const server = restify.createServer({ name: 'certificate-bot', handleUncaughtExceptions: false });
  server.on('restifyError', (req, res, err, callback) => {
    if (!err.statusCode || err.statusCode >= 500)
      logger.error({ err, path: req.path() }, 'request failed');
    return callback();
  });
  if (config.line) {
    server.post(
      '/api/line',
      createLineWebhookHandler({
        channelSecret: config.line.channelSecret,
        queue,
        metrics,
        logger,
      }),
    );
  }
  registerWebChatRoutes(server, { queue, outbox, texts, logger, metrics });
  server.get('/healthz', async (_req, res) => {
    const health = await checkHealth(redis);
    res.send(health.status === 'ok' ? 200 : 503, health);
  });
  server.get('/metrics', async (_req, res) => {
    const body = await metrics.registry.metrics();
    res.sendRaw(200, body, { 'Content-Type': metrics.registry.contentType });
  });
  server.get('/assets/:file', serveAsset);
  server.get('/manual', async (req, res) => {
    const language = requestLanguage(req.getQuery(), req.header('accept-language'));
    res.sendRaw(200, renderManualPage(texts, language, config.callCenterPhone), {
      'Content-Type': 'text/html; charset=utf-8',
      ...SECURITY_HEADERS,
    });
  });

  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    // Stop accepting first; requests already in flight (a webhook enqueuing) still complete.
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    await queue.close(config.shutdownTimeoutMs);
    // Answers the long polls of open chat pages so their connections can close.
    await outbox.close();
    server.server.closeIdleConnections();
    const force = setTimeout(() => server.server.closeAllConnections(), 2000);
    await stopped;
    clearTimeout(force);
    await redis?.quit();
  };

  return {
    server,
    logger,
    metrics,
    queue,
    redis,
    listen: (port = config.port, host?: string) =>
      new Promise<string>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address() as AddressInfo;
          resolve(`http://127.0.0.1:${address.port}`);
        });
      }),
    close: () => (closing ??= close()),
  };
}

import type { AddressInfo } from 'node:net';
import type { BotAdapter } from 'botbuilder';
import type Redis from 'ioredis';
import restify, { type Server } from 'restify';
import type { DialogServices } from '../dialogs/dialogServices';
import { createLoginCompletion } from './auth/loginCompletion';
import { registerAuthRoutes } from './auth/registerAuthRoutes';
import type { BotLogic } from './bot/botLogic';
import { buildBot } from './composition/buildBot';
import type { CertificateBot } from './bot/certificateBot';
import { createTurnErrorHandler } from './bot/turnErrorHandler';
import { lineAccountLinkUrl } from './channels/line/accountLinkUrl';
import { LineAdapter } from './channels/line/lineAdapter';
import { createLineSending } from './channels/line/lineSending';
import { createLineWebhookHandler } from './channels/line/lineWebhookHandler';
import { registerWebChatRoutes } from './channels/webchat/registerWebChatRoutes';
import { WebChatAdapter } from './channels/webchat/webChatAdapter';
import { createTeamsAdapter } from './channels/teams/teamsAdapter';
import { createTeamsRoute } from './channels/teams/teamsRoute';
import { createDeadlineSweeper, createOrderService } from './composition/orderDesk';
import { loadCatalogueFile, loadDirectory, loadStaffAccountsFile } from './composition/dataFiles';
import { createStatePorts } from './composition/ports';
import type { Config } from './config/config';
import { checkDeployment } from './config/deploymentCheck';
import { ProductionRefusedError } from './config/errors';
import { createEmailCompletion } from './email/emailCompletion';
import { EmailVerification } from './email/emailVerification';
import { LinkNotices } from './email/linkNotices';
import { registerEmailRoutes } from './email/registerEmailRoutes';
import { AddressRateLimiter } from './http/addressRateLimiter';
import { clientAddressResolver } from './http/clientAddress';
import { checkHealth } from './http/healthRoute';
import { registerOperationalRoutes } from './http/registerOperationalRoutes';
import { Texts } from './i18n/i18n';
import { createMailer } from './mail/createMailer';
import { systemClock, type Clock } from './platform/clock';
import { createLogger, type Logger } from './platform/logger';
import { Metrics } from './platform/metrics';
import type { OrderService } from './orders/orderService';
import { createPayPalClient, createPaymentGateways } from './payments/createPaymentGateways';
import { offeredCatalogue } from './payments/offeredCatalogue';
import { registerPaymentRoutes } from './payments/registerPaymentRoutes';
import { registerStoreRoutes } from './printing/registerStoreRoutes';
import { registerStaffApi } from './staff/api/registerStaffApi';
import { registerAdminDashboard } from './staff/dashboard/registerAdminDashboard';
import { createPushDelivery } from './staff/pushDelivery';
import { StaffDeskService } from './staff/staffDeskService';
import { ChatAccountLinker } from './students/chatAccountLinker';
import { ChatEventSender, PROACTIVE_CHANNEL, type ProactiveTurn } from './turns/chatEvents';
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
  /** The order service (operations and tests run its expiry sweep on demand). */
  orders: OrderService;
  /** Deadline reminders and expiry; tests sweep on demand after moving the clock. */
  reminders: { sweep(): Promise<{ reminded: number; expired: number }> };
  /** What staff do through the dashboard and the staff API. */
  staff: StaffDeskService;
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
  const logger = overrides.logger ?? createLogger(config.logLevel, undefined, config.logFormat);
  const metrics = overrides.metrics ?? new Metrics();
  const clock = overrides.clock ?? systemClock;
  const texts = await Texts.load();
  const identity = loadDirectory(config.identityDirectoryFile);
  const catalogueFile = loadCatalogueFile(config.catalogueFile);
  const staffAccounts = loadStaffAccountsFile(config.staff.accountsFile);
  // Production starts only with every real part; elsewhere each live demo part is said once.
  const deployment = checkDeployment(config, catalogueFile.paymentMethods);
  if (config.production && deployment.refusals.length > 0) {
    throw new ProductionRefusedError(deployment.refusals);
  }
  if (!config.production) for (const warning of deployment.warnings) logger.warn(warning);

  const { ports, redis } = createStatePorts(config, clock, logger);
  // Every per-address limit counts the real client: behind TRUSTED_PROXIES, their X-Forwarded-For.
  const clientAddress = clientAddressResolver(config.trustedProxies);
  const addressLimiter = new AddressRateLimiter(ports.rateLimiter, clientAddress);
  const mailer = createMailer(config.mail, logger, clock);
  const verification = new EmailVerification({
    store: ports.emailTokens,
    mailer,
    texts,
    clock,
    publicUrl: config.publicUrl,
    callCenterPhone: config.callCenterPhone,
    logger,
    metrics,
  });

  const linker = new ChatAccountLinker({
    students: ports.students,
    notifier: new LinkNotices({ mailer, texts, callCenterPhone: config.callCenterPhone, logger }),
    clock,
  });

  const onTurnError = createTurnErrorHandler(logger, texts);
  const adapters: Record<string, BotAdapter> = {};
  const processors: Record<string, TurnProcessor> = {};
  const webChat = new WebChatAdapter({ outbox: ports.webChatOutbox, logger, metrics, clock });
  adapters.webchat = webChat;
  processors.webchat = (payload, logic) => webChat.processMessage(payload, logic);
  // With LINE configured, its rate limiter is among the ports.
  const lineSending =
    config.line && ports.lineRateLimiter
      ? createLineSending(config.line, {
          limiter: ports.lineRateLimiter,
          reachability: ports.reachability,
          logger,
        })
      : undefined;
  if (config.line && lineSending) {
    const line = new LineAdapter({
      client: lineSending.client,
      logger,
      metrics,
      loadingDelayMs: config.line.loadingDelayMs,
      limiter: lineSending.limiter,
      reachability: ports.reachability,
    });
    adapters.line = line;
    processors.line = (payload, logic) => line.processEvent(payload as never, logic);
  }
  // Teams, and the Bot Framework Emulator while developing. Production serves Bot Framework only
  // with its authentication (MicrosoftAppId), never the unauthenticated Emulator mode.
  const teams =
    config.botFramework.appId || !config.production
      ? createTeamsAdapter(config.botFramework, logger)
      : undefined;
  if (teams) {
    adapters.msteams = teams;
    adapters.emulator = teams;
  }
  for (const adapter of Object.values(adapters)) adapter.onTurnError = onTurnError;
  const botAppId = config.botFramework.appId ?? '';
  // A proactive event runs as a turn of the adapter its conversation belongs to.
  processors[PROACTIVE_CHANNEL] = async (payload, logic) => {
    const { reference, event } = payload as ProactiveTurn;
    const adapter = adapters[reference.channelId ?? ''];
    if (!adapter) {
      logger.warn({ channel: reference.channelId }, 'proactive event for a channel not served');
      return;
    }
    await adapter.continueConversationAsync(botAppId, reference, async (context) => {
      context.activity.name = event.name;
      context.activity.value = event.value;
      await logic(context);
    });
  };

  // The bot is built below, once the services that need the queue exist.
  const built: { bot?: CertificateBot } = {};
  const runBot: BotLogic = (context) => {
    if (!built.bot) throw new Error('A turn arrived before the bot was built.');
    return built.bot.run(context);
  };
  const runTurn = async (turn: QueuedTurn): Promise<void> => {
    const processor = processors[turn.channel];
    if (!processor) {
      logger.warn({ channel: turn.channel }, 'no adapter for a queued turn; dropped');
      return;
    }
    await processor(turn.payload, runBot);
  };
  const queue = ports.turnQueue(runTurn);
  const chatEvents = new ChatEventSender(queue, ports.conversations, config.notifyEveryChannel);
  const paypal = createPayPalClient(config, clock);
  const gateways = createPaymentGateways(config, {
    references: ports.paymentReferences,
    clock,
    paypal,
  });
  const catalogue = offeredCatalogue(catalogueFile, gateways);
  const orderService = createOrderService({
    config,
    ports,
    catalogue,
    gateways,
    students: ports.students,
    chatEvents,
    texts,
    clock,
    logger,
  });
  const services: DialogServices = {
    students: ports.students,
    conversations: ports.conversations,
    loginRequests: ports.loginRequests,
    accountLinks: {
      consume: async (nonce) => {
        const binding = await ports.accountLinkNonces.consume(nonce);
        return (
          binding && {
            entry: binding.entry,
            lineUserId: binding.lineUserId,
            displayName: binding.displayName,
          }
        );
      },
    },
    linker,
    emailConfirmation: verification,
    catalogue,
    orders: orderService,
    publicUrl: config.publicUrl,
    clock,
  };
  built.bot = buildBot(
    ports.botStorage,
    texts,
    { manualUrl: config.manualUrl, callCenterPhone: config.callCenterPhone },
    services,
  );

  const server = restify.createServer({ name: 'certificate-bot', handleUncaughtExceptions: false });
  server.on('restifyError', (req, res, err, callback) => {
    if (!err.statusCode || err.statusCode >= 500) {
      // The route's pattern, not its path: a path can hold a Smart Pit or reservation number.
      logger.error({ err, route: req.getRoute()?.path ?? 'unrouted' }, 'request failed');
    }
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
  registerWebChatRoutes(server, {
    queue,
    outbox: ports.webChatOutbox,
    texts,
    logger,
    metrics,
    addressLimiter,
  });
  // Bot Framework answers invokes in the same HTTP response, so Teams turns run in the request.
  if (teams) {
    server.post(
      '/api/messages',
      createTeamsRoute(teams, runBot, { logger, appId: config.botFramework.appId }),
    );
  }
  registerAuthRoutes(server, {
    texts,
    logger,
    metrics,
    clock,
    identity,
    loginRequests: ports.loginRequests,
    limiter: ports.loginLimiter,
    clientAddress,
    secureCookies: config.publicUrl.startsWith('https:'),
    completeLogin: createLoginCompletion({
      linker,
      conversations: ports.conversations,
      nonces: ports.accountLinkNonces,
      chatEvents,
      lineAccountLinkUrl: (linkToken, nonce) =>
        lineAccountLinkUrl(
          config.line?.accountLinkUrl ?? 'https://access.line.me/dialog/bot/accountLink',
          linkToken,
          nonce,
        ),
    }),
  });
  registerEmailRoutes(server, {
    texts,
    logger,
    verification,
    onConfirmed: createEmailCompletion({
      students: ports.students,
      verification,
      chatEvents,
      logger,
    }),
  });
  registerPaymentRoutes(server, {
    notices: orderService,
    references: ports.paymentReferences,
    clock,
    texts,
    logger,
    metrics,
    callCenterPhone: config.callCenterPhone,
    paypal: paypal && config.paypal && { client: paypal, webhookId: config.paypal.webhookId },
    smartPitSecret: config.smartPit.callbackSecret,
  });
  registerStoreRoutes(server, {
    jobs: ports.printJobs,
    printed: orderService,
    texts,
    logger,
    clock,
    addressLimiter,
    simulator: !config.production,
  });
  // Reminders and expiry run on the shared schedule. Every instance sweeps it, at start and then
  // every REMINDER_SWEEP_INTERVAL_MS; the atomic claim gives each entry to one of them.
  const deadlines = createDeadlineSweeper({
    config,
    ports,
    orders: orderService,
    students: ports.students,
    chatEvents,
    clock,
    logger,
    metrics,
  });
  deadlines.start(config.reminders.sweepIntervalMs);
  const staffDesk = new StaffDeskService({
    orders: ports.orders,
    students: ports.students,
    conversations: ports.conversations,
    records: ports.staffRecords,
    blocked: ports.reachability,
    delivery: createPushDelivery({
      adapters: { webchat: webChat, ...(teams ? { msteams: teams } : {}) },
      botAppId,
      line: lineSending?.staffPushes,
      logger,
    }),
    render: (language, message) => texts.t(language, 'push')('staffNotice', { message }),
    clock,
    logger,
    everyChannel: config.notifyEveryChannel,
  });
  registerStaffApi(server, {
    desk: staffDesk,
    tokens: config.staff.apiTokens,
    catalogue,
    idempotency: ports.pushIdempotency,
    texts,
    logger,
  });
  registerAdminDashboard(server, {
    desk: staffDesk,
    accounts: staffAccounts,
    catalogue,
    texts,
    logger,
    sessions: ports.staffSessions,
    limiter: ports.loginLimiter,
    clientAddress,
    secureCookies: config.publicUrl.startsWith('https:'),
  });
  registerOperationalRoutes(server, {
    health: () => checkHealth(redis),
    metrics,
    texts,
    callCenterPhone: config.callCenterPhone,
    metricsToken: config.metricsToken,
  });

  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    // Stop accepting first; requests already in flight (a webhook enqueuing) still complete.
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    await deadlines.stop();
    await queue.close(config.shutdownTimeoutMs);
    // A staff push still delivering gets the same grace as the turns; its report stays "running".
    await Promise.race([staffDesk.idle(), delay(config.shutdownTimeoutMs)]);
    // Answers the long polls of open chat pages so their connections can close.
    await ports.webChatOutbox.close();
    server.server.closeIdleConnections();
    const force = setTimeout(() => server.server.closeAllConnections(), 2000);
    await stopped;
    clearTimeout(force);
    await mailer.close();
    await redis?.quit();
  };

  return {
    server,
    logger,
    metrics,
    queue,
    orders: orderService,
    reminders: deadlines,
    staff: staffDesk,
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

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

import type { AddressInfo } from 'node:net';
import type { BotAdapter } from 'botbuilder';
import type { RedisClient } from './storage/redisConnection';
import restify, { type Server } from 'restify';
import type { DialogServices } from '../dialogs/dialogServices';
import { createLoginCompletion } from './auth/loginCompletion';
import { registerAuthRoutes } from './auth/registerAuthRoutes';
import { TURN_ID, type BotLogic } from './bot/botLogic';
import { buildBot } from './composition/buildBot';
import type { CertificateBot } from './bot/certificateBot';
import { createTurnErrorHandler } from './bot/turnErrorHandler';
import { lineAccountLinkUrl } from './channels/line/accountLinkUrl';
import { LineAdapter } from './channels/line/lineAdapter';
import { createLineSending } from './channels/line/lineSending';
import { createLineWebhookHandler } from './channels/line/lineWebhookHandler';
import { LineMessageQuota } from './channels/line/lineQuota';
import { registerWebChatRoutes } from './channels/webchat/registerWebChatRoutes';
import { WebChatAdapter } from './channels/webchat/webChatAdapter';
import { createTeamsAdapter } from './channels/teams/teamsAdapter';
import { createTeamsRoute } from './channels/teams/teamsRoute';
import { createDeadlineSweeper, createOrderService } from './composition/orderDesk';
import {
  loadCatalogueFile,
  loadDirectory,
  loadStaffAccountsFile,
  loadStudentRecords,
} from './composition/dataFiles';
import { createIdentitySource } from './composition/identitySource';
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
import { redisConnected, redisHealthProbe } from './http/redisHealth';
import { registerOperationalRoutes } from './http/registerOperationalRoutes';
import { Texts } from './i18n/i18n';
import type { Language } from './i18n/language';
import { createMailer } from './mail/createMailer';
import { serviceClock, type Clock } from './platform/clock';
import { instanceId } from './platform/instanceId';
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
import { PushRunner } from './staff/pushRunner';
import { StaffDeskService } from './staff/staffDeskService';
import { ChatAccountLinker } from './students/chatAccountLinker';
import {
  ChatEventSender,
  DELIVERY_ID,
  PROACTIVE_CHANNEL,
  type ProactiveTurn,
} from './turns/chatEvents';
import { OnceOnlyDelivery } from './turns/onceOnlyDelivery';
import { DeadLetterRecorder } from './turns/deadLetterRecorder';
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
  redis?: RedisClient;
  /** Listens (port 0 picks a free one) and resolves with the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  /** Stops taking requests, lets running turns finish, closes connections. */
  close(): Promise<void>;
}

/** Channel-specific runner of a queued turn. */
type TurnProcessor = (turn: QueuedTurn, logic: BotLogic) => Promise<void>;

/**
 * The composition root: builds every port from configuration (Redis or memory), the bot, the
 * channel adapters and the HTTP routes. Nothing else in the service wires dependencies.
 */
export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const logger = overrides.logger ?? createLogger(config.logLevel, undefined, config.logFormat);
  const metrics = overrides.metrics ?? new Metrics();
  const clock = overrides.clock ?? serviceClock(config.clockStart);
  const texts = await Texts.load();
  const identity = loadDirectory(config.identityDirectoryFile);
  const catalogueFile = loadCatalogueFile(config.catalogueFile);
  const staffAccounts = loadStaffAccountsFile(config.staff.accountsFile);
  // Programme and year of a student who logged in; re-read when the registrar's file changes.
  const records = loadStudentRecords(config.studentRecordsFile, identity, logger);
  // Production starts only with every real part; elsewhere each live demo part is said once.
  const deployment = checkDeployment(config, catalogueFile.paymentMethods);
  if (config.production && deployment.refusals.length > 0) {
    throw new ProductionRefusedError(deployment.refusals);
  }
  if (!config.production) for (const warning of deployment.warnings) logger.warn(warning);
  // The effective time, so a demo or an outside test can see which clock the service runs on.
  logger.info(
    {
      now: clock.now().toISO(),
      clock: overrides.clock ? 'given' : config.clockStart ? 'CLOCK_START' : 'system',
    },
    'clock',
  );

  const { ports, redis } = createStatePorts(config, clock, logger);
  const identitySource = await createIdentitySource(config, {
    directory: identity,
    ssoStates: ports.ssoStates,
    clock,
    logger,
  });
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

  // While Redis is unreachable, turns are refused (503, Retry-After) before anything is stored,
  // and a turn that loses Redis midway is handed back to run again rather than apologised for.
  const stateAvailable = redis && redisConnected(redis);
  const onTurnError = createTurnErrorHandler(logger, texts, stateAvailable);
  const adapters: Record<string, BotAdapter> = {};
  const processors: Record<string, TurnProcessor> = {};
  const webChat = new WebChatAdapter({ outbox: ports.webChatOutbox, logger, metrics, clock });
  adapters.webchat = webChat;
  processors.webchat = (turn, logic) => webChat.processMessage(turn.payload, logic, turn.id);
  // With LINE configured, its rate limiter is among the ports.
  const lineSending =
    config.line && ports.lineRateLimiter
      ? createLineSending(config.line, {
          limiter: ports.lineRateLimiter,
          reachability: ports.reachability,
          logger,
          clock,
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
    processors.line = (turn, logic) =>
      line.processEvent(turn.payload as never, logic, {
        turnId: turn.id,
        // The reply already failed on an earlier try: only pushes (with the same retry keys).
        pushOnly: (turn.deliveryRetries ?? 0) > 0,
      });
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
  // A proactive event runs as a turn of the adapter its conversation belongs to; one with a
  // delivery id (a reminder) at most once per chat.
  const onceOnly = new OnceOnlyDelivery(ports.deliveryMarks, logger);
  processors[PROACTIVE_CHANNEL] = async (turn, logic) => {
    const { reference, event } = turn.payload as ProactiveTurn;
    const adapter = adapters[reference.channelId ?? ''];
    if (!adapter) {
      logger.warn({ channel: reference.channelId }, 'proactive event for a channel not served');
      return;
    }
    await onceOnly.run(reference, event, () =>
      adapter.continueConversationAsync(botAppId, reference, async (context) => {
        context.activity.name = event.name;
        context.activity.value = event.value;
        if (event.deliveryId) context.turnState.set(DELIVERY_ID, event.deliveryId);
        if (turn.id !== undefined) context.turnState.set(TURN_ID, turn.id);
        await logic(context);
      }),
    );
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
    await processor(turn, runBot);
  };
  const deadLetters = new DeadLetterRecorder({ store: ports.deadLetters, metrics, logger, clock });
  const queue = ports.turnQueue(runTurn, deadLetters);
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
    lineSending?.richMenus,
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
        deadLetters,
        metrics,
        logger,
        stateAvailable,
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
    stateAvailable,
  });
  // Bot Framework answers invokes in the same HTTP response, so Teams turns run in the request.
  if (teams) {
    server.post(
      '/api/messages',
      createTeamsRoute(teams, runBot, { logger, appId: config.botFramework.appId, stateAvailable }),
    );
  }
  registerAuthRoutes(server, {
    texts,
    logger,
    metrics,
    clock,
    identity: identitySource,
    records,
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
  // Staff pushes run as jobs (BullMQ on Redis): whichever instance delivers one, or takes it
  // over from a dead one, writes its instance id in the report.
  const instance = instanceId();
  logger.info({ instance }, 'instance id');
  const renderPush = (language: Language, message: string): string =>
    texts.t(language, 'push')('staffNotice', { message });
  const pushRunner = new PushRunner({
    records: ports.staffRecords,
    delivery: createPushDelivery({
      adapters: { webchat: webChat, ...(teams ? { msteams: teams } : {}) },
      botAppId,
      line: lineSending?.staffPushes,
      logger,
    }),
    conversations: ports.conversations,
    marks: ports.deliveryMarks,
    render: renderPush,
    clock,
    logger,
    instance,
  });
  const pushJobs = ports.pushJobs((pushId, plan, stopping) =>
    pushRunner.run(pushId, plan, stopping),
  );
  const staffDesk = new StaffDeskService({
    orders: ports.orders,
    students: ports.students,
    conversations: ports.conversations,
    records: ports.staffRecords,
    blocked: ports.reachability,
    ...(config.line ? { quota: new LineMessageQuota(config.line, logger) } : {}),
    jobs: pushJobs,
    render: renderPush,
    clock,
    logger,
    everyChannel: config.notifyEveryChannel,
  });
  registerStaffApi(server, {
    desk: staffDesk,
    tokens: config.staff.apiTokens,
    catalogue,
    idempotency: ports.pushIdempotency,
    deadLetters: ports.deadLetters,
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
    deadLetters: ports.deadLetters,
    limiter: ports.loginLimiter,
    clientAddress,
    secureCookies: config.publicUrl.startsWith('https:'),
  });
  registerOperationalRoutes(server, {
    health: () =>
      checkHealth({ redis: redis && redisHealthProbe(redis), jobs: () => pushJobs.health() }),
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
    // A staff push in flight stops after its batch and goes back to the queue (on Redis, for
    // another instance to carry on); in memory it gets the same grace as the turns.
    await pushJobs.close(config.shutdownTimeoutMs);
    // Answers the long polls of open chat pages so their connections can close.
    await ports.webChatOutbox.close();
    server.server.closeIdleConnections();
    const force = setTimeout(() => server.server.closeAllConnections(), 2000);
    await stopped;
    clearTimeout(force);
    await mailer.close();
    await records.close();
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

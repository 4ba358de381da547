import { MemoryStorage } from 'botbuilder';
import type { RedisClient } from '../storage/redisConnection';
import { MemoryAccountLinkNonces } from '../auth/memoryAccountLinkNonces';
import { MemoryLoginAttemptLimiter } from '../auth/memoryLoginAttemptLimiter';
import { MemoryLoginRequestStore } from '../auth/memoryLoginRequestStore';
import { RedisAccountLinkNonces } from '../auth/redisAccountLinkNonces';
import { RedisLoginAttemptLimiter } from '../auth/redisLoginAttemptLimiter';
import { RedisLoginRequestStore } from '../auth/redisLoginRequestStore';
import type { AccountLinkNonces } from '../auth/accountLinkNonces';
import type { LoginAttemptLimiter } from '../auth/loginAttemptLimiter';
import type { LoginRequestStore } from '../auth/loginRequest';
import { MemorySsoStateStore } from '../auth/memorySsoStateStore';
import { RedisSsoStateStore } from '../auth/redisSsoStateStore';
import type { SsoStateStore } from '../auth/ssoStateStore';
import type { BotStorage } from './buildBot';
import { MemoryWebChatOutbox } from '../channels/webchat/memoryWebChatOutbox';
import { RedisWebChatOutbox } from '../channels/webchat/redisWebChatOutbox';
import type { WebChatOutbox } from '../channels/webchat/webChatOutbox';
import type { LineRateLimiter, LineRates } from '../channels/line/lineRateLimiter';
import { MemoryLineRateLimiter } from '../channels/line/memoryLineRateLimiter';
import { RedisLineRateLimiter } from '../channels/line/redisLineRateLimiter';
import type { Config } from '../config/config';
import type { EmailTokenStore } from '../email/emailTokenStore';
import { MemoryEmailTokenStore } from '../email/memoryEmailTokenStore';
import { RedisEmailTokenStore } from '../email/redisEmailTokenStore';
import { MemoryOrderRepository } from '../orders/memoryOrderRepository';
import type { OrderRepository } from '../orders/orderRepository';
import { RedisOrderRepository } from '../orders/redisOrderRepository';
import { MemoryPaymentReferenceStore } from '../payments/memoryPaymentReferenceStore';
import type { PaymentReferenceStore } from '../payments/paymentReferenceStore';
import { RedisPaymentReferenceStore } from '../payments/redisPaymentReferenceStore';
import { systemClock, type Clock } from '../platform/clock';
import { MemoryPrintJobStore } from '../printing/memoryPrintJobStore';
import type { PrintJobStore } from '../printing/printJobStore';
import { RedisPrintJobStore } from '../printing/redisPrintJobStore';
import { MemoryRateLimiter } from '../rateLimits/memoryRateLimiter';
import type { RateLimiter } from '../rateLimits/rateLimiter';
import { RedisRateLimiter } from '../rateLimits/redisRateLimiter';
import type { Logger } from '../platform/logger';
import { MemoryReminderSchedule } from '../reminders/memoryReminderSchedule';
import { RedisReminderSchedule } from '../reminders/redisReminderSchedule';
import type { ReminderSchedule } from '../reminders/reminderSchedule';
import { connectRedis, isCluster } from '../storage/redisConnection';
import { RedisKeys } from '../storage/redisKeys';
import { RedisStorage } from '../storage/redisStorage';
import type { ChatReachability } from '../students/chatReachability';
import type { ConversationDirectory } from '../students/conversationDirectory';
import { MemoryChatReachability } from '../students/memoryChatReachability';
import { MemoryConversationDirectory } from '../students/memoryConversationDirectory';
import { MemoryStudentRepository } from '../students/memoryStudentRepository';
import { RedisChatReachability } from '../students/redisChatReachability';
import { RedisConversationDirectory } from '../students/redisConversationDirectory';
import { RedisStudentRepository } from '../students/redisStudentRepository';
import type { StudentRepository } from '../students/studentRepository';
import { MemoryPushIdempotency } from '../staff/api/memoryPushIdempotency';
import type { PushIdempotency } from '../staff/api/pushIdempotency';
import { RedisPushIdempotency } from '../staff/api/redisPushIdempotency';
import { MemoryStaffSessionStore } from '../staff/dashboard/memoryStaffSessionStore';
import { RedisStaffSessionStore } from '../staff/dashboard/redisStaffSessionStore';
import { staffSessionLimits, type StaffSessionStore } from '../staff/dashboard/staffSessionStore';
import { BullmqPushJobs } from '../staff/bullmqPushJobs';
import { InProcessPushJobs } from '../staff/inProcessPushJobs';
import type { PushJobRunner, PushJobs } from '../staff/pushJobs';
import { RedisStaffRecords } from '../staff/redisStaffRecords';
import { MemoryStaffRecords, type StaffRecords } from '../staff/staffRecords';
import type { DeadLetterRecorder } from '../turns/deadLetterRecorder';
import type { DeadLetters } from '../turns/deadLetters';
import type { DeliveryMarks } from '../turns/deliveryMarks';
import { MemoryDeadLetters } from '../turns/memoryDeadLetters';
import { MemoryDeliveryMarks } from '../turns/memoryDeliveryMarks';
import { MemoryTurnQueue } from '../turns/memoryTurnQueue';
import { RedisDeadLetters } from '../turns/redisDeadLetters';
import { RedisDeliveryMarks } from '../turns/redisDeliveryMarks';
import { RedisTurnQueue } from '../turns/redisTurnQueue';
import type { TurnQueue, TurnRunner } from '../turns/turnQueue';

/** Every stateful port of the service, all on Redis or all in memory. */
export interface StatePorts {
  botStorage: BotStorage;
  webChatOutbox: WebChatOutbox;
  students: StudentRepository;
  conversations: ConversationDirectory;
  /** Chat accounts that blocked the bot (LINE `unfollow`). */
  reachability: ChatReachability;
  loginRequests: LoginRequestStore;
  /** Pending single sign-ons (SAML, OIDC), used once. */
  ssoStates: SsoStateStore;
  accountLinkNonces: AccountLinkNonces;
  loginLimiter: LoginAttemptLimiter;
  /** Per-address limits of the public pages (store copier, verification, web-chat sessions). */
  rateLimiter: RateLimiter;
  emailTokens: EmailTokenStore;
  orders: OrderRepository;
  paymentReferences: PaymentReferenceStore;
  printJobs: PrintJobStore;
  /** Deadline reminders and expiry entries, claimed by every instance's sweep. */
  reminderSchedule: ReminderSchedule;
  /** Which proactive messages with a delivery id (reminders) reached which chat already. */
  deliveryMarks: DeliveryMarks;
  /** Staff pushes and the staff audit log. */
  staffRecords: StaffRecords;
  /** Staff dashboard sessions. */
  staffSessions: StaffSessionStore;
  /** The staff API's `Idempotency-Key`s of pushes. */
  pushIdempotency: PushIdempotency;
  /** LINE's rate limits, for chat answers and staff pushes alike; undefined without LINE. */
  lineRateLimiter?: LineRateLimiter;
  /** Events that could not be parsed, queued or run, for staff to look into. */
  deadLetters: DeadLetters;
  /**
   * The turn queue, once what runs a turn exists (it needs the adapters built on these ports);
   * a turn whose runner throws goes to the dead-letter list through `deadLetters` (without it,
   * it is only logged). Call it once: on Redis it starts the sweep that recovers turns of
   * crashed instances.
   */
  turnQueue(runner: TurnRunner, deadLetters?: DeadLetterRecorder): TurnQueue;
  /**
   * The staff-push job engine, once what delivers a push exists: BullMQ on Redis (on connections
   * of its own, every key under `<REDIS_KEY_PREFIX>{push-jobs}`), in-process in memory. Call it
   * once: on Redis it starts this instance's worker.
   */
  pushJobs(runner: PushJobRunner): PushJobs;
}

/** The state ports, and the one Redis connection under them when there is one. */
export interface ServiceState {
  ports: StatePorts;
  /** For the health check and for closing only: every store reaches Redis through its port. */
  redis?: RedisClient;
}

/**
 * Builds the state ports, the one place that chooses: on Redis when `REDIS_URL` is set (the
 * connection is opened here, every key under `REDIS_KEY_PREFIX`), else the embedded memory ones.
 */
export function createStatePorts(config: Config, clock: Clock, logger: Logger): ServiceState {
  if (!config.redis) return { ports: memoryPorts(config, clock, logger) };
  const redis = connectRedis(config.redis);
  const keys = new RedisKeys(config.redis.keyPrefix);
  return { ports: redisPorts(config, redis, keys, clock, logger), redis };
}

/**
 * LINE's limits (`LINE_PUSH_PER_SECOND`, `LINE_MULTICAST_PER_SECOND`), counted in real seconds
 * whatever clock the service's business rules are given; undefined without LINE.
 */
function lineRateLimiter(
  config: Config,
  make: (rates: LineRates, clock: Clock) => LineRateLimiter,
): LineRateLimiter | undefined {
  const { line } = config;
  return (
    line && make({ push: line.pushPerSecond, multicast: line.multicastPerSecond }, systemClock)
  );
}

function memoryPorts(config: Config, clock: Clock, logger: Logger): StatePorts {
  return {
    botStorage: { conversations: new MemoryStorage(), users: new MemoryStorage() },
    webChatOutbox: new MemoryWebChatOutbox({ clock }),
    students: new MemoryStudentRepository(),
    conversations: new MemoryConversationDirectory(),
    reachability: new MemoryChatReachability(),
    loginRequests: new MemoryLoginRequestStore(clock),
    ssoStates: new MemorySsoStateStore(clock),
    accountLinkNonces: new MemoryAccountLinkNonces(clock),
    loginLimiter: new MemoryLoginAttemptLimiter(clock),
    rateLimiter: new MemoryRateLimiter(clock),
    emailTokens: new MemoryEmailTokenStore(),
    orders: new MemoryOrderRepository(),
    paymentReferences: new MemoryPaymentReferenceStore(clock),
    printJobs: new MemoryPrintJobStore(clock),
    reminderSchedule: new MemoryReminderSchedule(),
    deliveryMarks: new MemoryDeliveryMarks(),
    staffRecords: new MemoryStaffRecords(),
    staffSessions: new MemoryStaffSessionStore(
      clock,
      staffSessionLimits(config.staff.sessionIdleMinutes),
    ),
    pushIdempotency: new MemoryPushIdempotency(clock),
    lineRateLimiter: lineRateLimiter(
      config,
      (rates, real) => new MemoryLineRateLimiter(rates, real),
    ),
    deadLetters: new MemoryDeadLetters(),
    turnQueue: (runner, deadLetters) => new MemoryTurnQueue(runner, logger, { deadLetters }),
    pushJobs: (runner) => new InProcessPushJobs(runner, logger),
  };
}

function redisPorts(
  config: Config,
  redis: RedisClient,
  keys: RedisKeys,
  clock: Clock,
  logger: Logger,
): StatePorts {
  return {
    botStorage: {
      conversations: new RedisStorage(redis, keys, { ttlSeconds: config.conversationTtlSeconds }),
      users: new RedisStorage(redis, keys),
    },
    webChatOutbox: new RedisWebChatOutbox(redis, keys, { logger }),
    students: new RedisStudentRepository(redis, keys),
    conversations: new RedisConversationDirectory(redis, keys),
    reachability: new RedisChatReachability(redis, keys),
    loginRequests: new RedisLoginRequestStore(redis, keys, clock),
    ssoStates: new RedisSsoStateStore(redis, keys),
    accountLinkNonces: new RedisAccountLinkNonces(redis, keys, clock),
    loginLimiter: new RedisLoginAttemptLimiter(redis, keys, clock),
    rateLimiter: new RedisRateLimiter(redis, keys, clock),
    emailTokens: new RedisEmailTokenStore(redis, keys),
    orders: new RedisOrderRepository(redis, keys),
    paymentReferences: new RedisPaymentReferenceStore(redis, keys, clock),
    printJobs: new RedisPrintJobStore(redis, keys),
    reminderSchedule: new RedisReminderSchedule(redis, keys),
    deliveryMarks: new RedisDeliveryMarks(redis, keys),
    staffRecords: new RedisStaffRecords(redis, keys),
    staffSessions: new RedisStaffSessionStore(
      redis,
      keys,
      clock,
      staffSessionLimits(config.staff.sessionIdleMinutes),
    ),
    pushIdempotency: new RedisPushIdempotency(redis, keys, clock),
    // Every instance counts against the same limits.
    lineRateLimiter: lineRateLimiter(
      config,
      (rates, real) => new RedisLineRateLimiter(redis, keys, rates, real),
    ),
    deadLetters: new RedisDeadLetters(redis, keys),
    turnQueue: (runner, deadLetters) => {
      const queue = new RedisTurnQueue(redis, keys, runner, logger, { deadLetters });
      queue.start();
      return queue;
    },
    pushJobs: (runner) =>
      new BullmqPushJobs({
        connect: () => jobConnection(redis),
        prefix: keys.pushJobsPrefix(),
        runner,
        logger,
      }),
  };
}

/**
 * A new connection like `redis` (same server or cluster, same credentials) for BullMQ, whose
 * workers need commands to wait for Redis rather than fail after a few retries. Without the
 * service's batched writes (a duplicate does not inherit them) and without auto-pipelining: Bull's
 * users reported jobs read empty or "not in the active list" with it (taskforcesh/bullmq#457,
 * OptimalBits/bull#2276), and BullMQ's blocking reads gain nothing from either.
 */
function jobConnection(redis: RedisClient): RedisClient {
  return isCluster(redis)
    ? redis.duplicate(undefined, {
        redisOptions: { ...redis.options.redisOptions, maxRetriesPerRequest: null },
      })
    : redis.duplicate({ maxRetriesPerRequest: null, enableAutoPipelining: false });
}

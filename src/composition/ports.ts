import { MemoryStorage } from 'botbuilder';
import type Redis from 'ioredis';
import { MemoryAccountLinkNonces } from '../auth/memoryAccountLinkNonces';
import { MemoryLoginAttemptLimiter } from '../auth/memoryLoginAttemptLimiter';
import { MemoryLoginRequestStore } from '../auth/memoryLoginRequestStore';
import { RedisAccountLinkNonces } from '../auth/redisAccountLinkNonces';
import { RedisLoginAttemptLimiter } from '../auth/redisLoginAttemptLimiter';
import { RedisLoginRequestStore } from '../auth/redisLoginRequestStore';
import type { AccountLinkNonces } from '../auth/accountLinkNonces';
import type { LoginAttemptLimiter } from '../auth/loginAttemptLimiter';
import type { LoginRequestStore } from '../auth/loginRequest';
import type { BotStorage } from '../bot/buildBot';
import { MemoryWebChatOutbox } from '../channels/webchat/memoryWebChatOutbox';
import { RedisWebChatOutbox } from '../channels/webchat/redisWebChatOutbox';
import type { WebChatOutbox } from '../channels/webchat/webChatOutbox';
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
import type { Clock } from '../platform/clock';
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
import type { RedisKeys } from '../storage/redisKeys';
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
import { RedisStaffRecords } from '../staff/redisStaffRecords';
import { MemoryStaffRecords, type StaffRecords } from '../staff/staffRecords';

/** Every stateful port of the service, all on Redis or all in memory. */
export interface StatePorts {
  botStorage: BotStorage;
  webChatOutbox: WebChatOutbox;
  students: StudentRepository;
  conversations: ConversationDirectory;
  /** Chat accounts that blocked the bot (LINE `unfollow`). */
  reachability: ChatReachability;
  loginRequests: LoginRequestStore;
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
  /** Staff pushes and the staff audit log. */
  staffRecords: StaffRecords;
}

/** Builds the state ports on Redis when there is a connection, else the embedded memory ones. */
export function createStatePorts(
  config: Config,
  redis: Redis | undefined,
  keys: RedisKeys,
  clock: Clock,
  logger: Logger,
): StatePorts {
  if (!redis) {
    return {
      botStorage: { conversations: new MemoryStorage(), users: new MemoryStorage() },
      webChatOutbox: new MemoryWebChatOutbox({ clock }),
      students: new MemoryStudentRepository(),
      conversations: new MemoryConversationDirectory(),
      reachability: new MemoryChatReachability(),
      loginRequests: new MemoryLoginRequestStore(clock),
      accountLinkNonces: new MemoryAccountLinkNonces(clock),
      loginLimiter: new MemoryLoginAttemptLimiter(clock),
      rateLimiter: new MemoryRateLimiter(clock),
      emailTokens: new MemoryEmailTokenStore(),
      orders: new MemoryOrderRepository(),
      paymentReferences: new MemoryPaymentReferenceStore(clock),
      printJobs: new MemoryPrintJobStore(clock),
      reminderSchedule: new MemoryReminderSchedule(),
      staffRecords: new MemoryStaffRecords(),
    };
  }
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
    accountLinkNonces: new RedisAccountLinkNonces(redis, keys, clock),
    loginLimiter: new RedisLoginAttemptLimiter(redis, keys, clock),
    rateLimiter: new RedisRateLimiter(redis, keys, clock),
    emailTokens: new RedisEmailTokenStore(redis, keys),
    orders: new RedisOrderRepository(redis, keys),
    paymentReferences: new RedisPaymentReferenceStore(redis, keys, clock),
    printJobs: new RedisPrintJobStore(redis, keys),
    reminderSchedule: new RedisReminderSchedule(redis, keys),
    staffRecords: new RedisStaffRecords(redis, keys),
  };
}

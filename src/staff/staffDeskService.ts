import { randomBytes } from 'node:crypto';
import type { ConversationReference } from 'botbuilder';
import { isoJst } from '../orders/deadlines';
import type { Order } from '../orders/order';
import type { OrderRepository } from '../orders/orderRepository';
import type { Language } from '../i18n/language';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { ConversationDirectory } from '../students/conversationDirectory';
import { accountKey, type ChatAccount, type ChatChannel, type Student } from '../students/student';
import type { StudentRepository } from '../students/studentRepository';
import { LineQuotaExceededError } from './errors';
import { NO_LINE_QUOTA, type MessageQuota } from './messageQuota';
import { searchOrders } from './orderSearch';
import { planPush } from './pushPlan';
import type { PushJobs } from './pushJobs';
import { checkLineQuota, type QuotaCheck, type QuotaTarget } from './pushQuota';
import type {
  AuditEntry,
  OrderFilter,
  OrderPage,
  PushAudience,
  PushJob,
  PushMessage,
  PushNotSent,
  PushOptions,
  PushPreview,
  StaffDesk,
} from './staffDesk';
import type { StaffRecords } from './staffRecords';

/** Which chat accounts are known to have blocked the bot (LINE `unfollow`). */
export interface BlockedAccounts {
  blockedAmong(accounts: ChatAccount[]): Promise<Set<string>>;
}

export interface StaffDeskDeps {
  orders: OrderRepository;
  students: StudentRepository;
  conversations: ConversationDirectory;
  records: StaffRecords;
  /** Delivers pushes in the background (BullMQ on Redis, in-process in memory). */
  jobs: PushJobs;
  blocked?: BlockedAccounts;
  /** LINE's monthly message quota; {@link NO_LINE_QUOTA} (the default) without LINE. */
  quota?: MessageQuota;
  /** The exact text a student reads, around the staff's message. */
  render: (language: Language, message: string) => string;
  clock: Clock;
  logger: Logger;
  /** As `NOTIFY_EVERY_CHANNEL`: every linked chat rather than the one used last. */
  everyChannel: boolean;
  newPushId?: () => string;
}

const CHANNELS: readonly ChatChannel[] = ['line', 'webchat', 'msteams'];
/** Students read from the repository at once while resolving an audience. */
const STUDENT_BATCH = 100;

interface Audience {
  students: number;
  unreachable: number;
  /** Per channel: the chats to message, and those skipped because they blocked the bot. */
  targets: Record<ChatChannel, QuotaTarget[]>;
  blocked: Record<ChatChannel, number>;
}

function perChannel<T>(make: () => T): Record<ChatChannel, T> {
  return { line: make(), webchat: make(), msteams: make() };
}

/**
 * The staff use cases over the order repository: search orders, and push a message to the
 * students of the matching orders. A push's audience is fixed when it is sent (its plan) and
 * handed to the job engine; `PushRunner` delivers it and saves the report after every batch, so
 * any instance can show the progress.
 */
export class StaffDeskService implements StaffDesk {
  constructor(private readonly deps: StaffDeskDeps) {}

  async listOrders(filter: OrderFilter, limit: number): Promise<OrderPage> {
    const orders: Order[] = [];
    for await (const order of searchOrders(this.deps.orders, filter, this.deps.clock.now())) {
      if (orders.length === limit) return { orders, truncated: true };
      orders.push(order);
    }
    return { orders, truncated: false };
  }

  getOrder(orderId: string): Promise<Order | undefined> {
    return this.deps.orders.get(orderId);
  }

  async previewPush(filter: OrderFilter, message: PushMessage): Promise<PushPreview> {
    const audience = await this.audience(filter);
    const texts = this.texts(message);
    const check = await this.checkQuota(audience, texts);
    return { audience: summary(audience), texts, ...(check ? { lineQuota: check.quota } : {}) };
  }

  async startPush(
    sentBy: string,
    filter: OrderFilter,
    message: PushMessage,
    options: PushOptions = {},
  ): Promise<PushJob> {
    const audience = await this.audience(filter);
    const check = await this.checkQuota(audience, this.texts(message));
    let notSent: PushNotSent | undefined;
    if (check?.quota.exceeded) {
      const confirmed = options.confirmLineRecipients;
      if (confirmed === undefined || confirmed > check.quota.recipientsThatFit) {
        throw new LineQuotaExceededError(check.quota, confirmed);
      }
      audience.targets.line = check.ordered.slice(0, confirmed);
      notSent = { line: check.ordered.length - confirmed, reason: 'line_quota_exceeded' };
    }
    const plan = planPush(audience.targets);
    const job: PushJob = {
      pushId: (this.deps.newPushId ?? newPushId)(),
      sentBy,
      createdAt: isoJst(this.deps.clock.now()),
      filter,
      message,
      status: 'running',
      recipients: audience.students - audience.unreachable,
      report: perChannel(() => ({ sent: 0, failed: 0, blocked: 0 })),
      batches: plan.batches.length,
      batchesDone: 0,
      ...(check ? { lineQuota: check.quota } : {}),
      ...(notSent ? { notSent } : {}),
    };
    for (const channel of CHANNELS) job.report[channel].blocked = audience.blocked[channel];
    await this.deps.records.savePush(job);
    await this.record({
      actor: sentBy,
      action: 'push',
      pushId: job.pushId,
      recipients: job.recipients,
    });
    this.deps.logger.info(
      {
        pushId: job.pushId,
        sentBy,
        recipients: job.recipients,
        batches: job.batches,
        lineQuota: job.lineQuota,
        notSent: job.notSent,
      },
      'staff push started',
    );
    await this.deps.jobs.submit(job.pushId, plan);
    return structuredClone(job);
  }

  getPush(pushId: string): Promise<PushJob | undefined> {
    return this.deps.records.getPush(pushId);
  }

  listPushes(limit: number): Promise<PushJob[]> {
    return this.deps.records.listPushes(limit);
  }

  audit(limit: number): Promise<AuditEntry[]> {
    return this.deps.records.audit(limit);
  }

  async record(entry: Omit<AuditEntry, 'at'>): Promise<void> {
    await this.deps.records.appendAudit({ at: isoJst(this.deps.clock.now()), ...entry });
  }

  /** Resolves once the pushes sent through this instance have been delivered (tests, demos). */
  idle(): Promise<void> {
    return this.deps.jobs.idle();
  }

  private texts(message: PushMessage): PushMessage {
    return { ja: this.deps.render('ja', message.ja), en: this.deps.render('en', message.en) };
  }

  /** LINE's quota beside what the audience needs of it; undefined without LINE. */
  private async checkQuota(
    audience: Audience,
    texts: PushMessage,
  ): Promise<QuotaCheck | undefined> {
    const quota = this.deps.quota ?? NO_LINE_QUOTA;
    const reading = await quota.read();
    if (!reading) return undefined;
    const costs = {
      ja: quota.messagesPerRecipient(texts.ja),
      en: quota.messagesPerRecipient(texts.en),
    };
    return checkLineQuota(reading, audience.targets.line, costs);
  }

  /** The students of the matching orders, and the chats to reach them on. */
  private async audience(filter: OrderFilter): Promise<Audience> {
    const languages = new Map<string, Language>();
    /** Per student, when they applied for their earliest matching order. */
    const since = new Map<string, string>();
    for await (const order of searchOrders(this.deps.orders, filter, this.deps.clock.now())) {
      if (!languages.has(order.studentId)) languages.set(order.studentId, order.language);
      const earliest = since.get(order.studentId);
      if (earliest === undefined || order.appliedAt < earliest) {
        since.set(order.studentId, order.appliedAt);
      }
    }
    const audience: Audience = {
      students: languages.size,
      unreachable: 0,
      targets: perChannel(() => []),
      blocked: perChannel(() => 0),
    };
    const ids = [...languages.keys()];
    for (let i = 0; i < ids.length; i += STUDENT_BATCH) {
      const students = await Promise.all(
        ids.slice(i, i + STUDENT_BATCH).map((id) => this.deps.students.get(id)),
      );
      const chats = await Promise.all(
        students.map((student) => (student ? this.chatsOf(student) : Promise.resolve([]))),
      );
      const accounts = chats.flat().map((chat) => chat.account);
      const blocked = (await this.deps.blocked?.blockedAmong(accounts)) ?? new Set<string>();
      students.forEach((student, j) => {
        if (!student || chats[j].length === 0) {
          audience.unreachable += 1;
          return;
        }
        const language = student.language ?? languages.get(student.studentId) ?? 'ja';
        for (const { account } of chats[j]) {
          if (blocked.has(accountKey(account))) audience.blocked[account.channel] += 1;
          else {
            audience.targets[account.channel].push({
              accountId: account.accountId,
              language,
              since: since.get(student.studentId) ?? '',
            });
          }
        }
      });
    }
    return audience;
  }

  /** The chats of a student a message goes to that have a conversation to continue. */
  private async chatsOf(
    student: Student,
  ): Promise<{ account: ChatAccount; reference: Partial<ConversationReference> }[]> {
    const last = student.lastAccount ?? student.accounts[0];
    const accounts = this.deps.everyChannel ? student.accounts : last ? [last] : [];
    const found = await Promise.all(
      accounts.map(async (account) => ({
        account,
        reference: await this.deps.conversations.find(account),
      })),
    );
    return found.filter(
      (chat): chat is { account: ChatAccount; reference: Partial<ConversationReference> } =>
        chat.reference !== undefined,
    );
  }
}

function summary(audience: Audience): PushAudience {
  const byChannel = perChannel(() => 0);
  let blocked = 0;
  for (const channel of CHANNELS) {
    byChannel[channel] = audience.targets[channel].length + audience.blocked[channel];
    blocked += audience.blocked[channel];
  }
  return { students: audience.students, byChannel, blocked, unreachable: audience.unreachable };
}

/** 16 hex digits: unguessable enough for a URL staff share, short enough to read out. */
function newPushId(): string {
  return randomBytes(8).toString('hex');
}

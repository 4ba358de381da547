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
import { searchOrders } from './orderSearch';
import type {
  AuditEntry,
  DeliveryCounts,
  OrderFilter,
  OrderPage,
  PushAudience,
  PushJob,
  PushMessage,
  PushPreview,
  StaffDesk,
} from './staffDesk';
import type { StaffRecords } from './staffRecords';

/** One chat a staff message goes to, in the language its student reads. */
export interface PushRecipient {
  account: ChatAccount;
  reference: Partial<ConversationReference>;
  language: Language;
}

/**
 * Sends one text per language to many chats of one channel; `createPushDelivery` implements it
 * with LINE multicast, the web-chat outbox and Teams' proactive messages.
 */
export interface PushDelivery {
  deliver(
    channel: ChatChannel,
    recipients: PushRecipient[],
    texts: PushMessage,
  ): Promise<DeliveryCounts>;
}

/** Which chat accounts are known to have blocked the bot (LINE `unfollow`). */
export interface BlockedAccounts {
  blockedAmong(accounts: ChatAccount[]): Promise<Set<string>>;
}

export interface StaffDeskDeps {
  orders: OrderRepository;
  students: StudentRepository;
  conversations: ConversationDirectory;
  records: StaffRecords;
  delivery: PushDelivery;
  blocked?: BlockedAccounts;
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
/** Recipients handed to a channel at once; the report is saved after each batch. */
const DELIVERY_BATCH = 500;

interface Audience {
  students: number;
  unreachable: number;
  /** Per channel: the chats to message, and those skipped because they blocked the bot. */
  targets: Record<ChatChannel, PushRecipient[]>;
  blocked: Record<ChatChannel, number>;
}

function perChannel<T>(make: () => T): Record<ChatChannel, T> {
  return { line: make(), webchat: make(), msteams: make() };
}

/**
 * The staff use cases over the order repository: search orders, and push a message to the
 * students of the matching orders. A push is delivered in the background by the instance that
 * accepted it; its report is saved after every batch, so any instance can show the progress.
 */
export class StaffDeskService implements StaffDesk {
  private readonly running = new Set<Promise<void>>();

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
    return { audience: summary(audience), texts: this.texts(message) };
  }

  async startPush(sentBy: string, filter: OrderFilter, message: PushMessage): Promise<PushJob> {
    const audience = await this.audience(filter);
    const job: PushJob = {
      pushId: (this.deps.newPushId ?? newPushId)(),
      sentBy,
      createdAt: isoJst(this.deps.clock.now()),
      filter,
      message,
      status: 'running',
      recipients: audience.students - audience.unreachable,
      report: perChannel(() => ({ sent: 0, failed: 0, blocked: 0 })),
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
      { pushId: job.pushId, sentBy, recipients: job.recipients },
      'staff push started',
    );
    const delivery = this.deliver(job, audience)
      .catch((err: unknown) =>
        this.deps.logger.error({ err, pushId: job.pushId }, 'staff push failed'),
      )
      .finally(() => this.running.delete(delivery));
    this.running.add(delivery);
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

  /** Resolves once the pushes this instance is delivering have finished (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private texts(message: PushMessage): PushMessage {
    return { ja: this.deps.render('ja', message.ja), en: this.deps.render('en', message.en) };
  }

  private async deliver(job: PushJob, audience: Audience): Promise<void> {
    const texts = this.texts(job.message);
    for (const channel of CHANNELS) {
      // One language at a time: every batch then becomes whole LINE multicasts of one text.
      const targets = [...audience.targets[channel]].sort((a, b) =>
        a.language < b.language ? -1 : a.language > b.language ? 1 : 0,
      );
      const batches: PushRecipient[][] = [];
      for (const recipient of targets) {
        const last = batches.at(-1);
        if (last && last.length < DELIVERY_BATCH && last[0].language === recipient.language) {
          last.push(recipient);
        } else batches.push([recipient]);
      }
      for (const batch of batches) {
        let counts: DeliveryCounts;
        try {
          counts = await this.deps.delivery.deliver(channel, batch, texts);
        } catch (err) {
          this.deps.logger.error({ err, pushId: job.pushId, channel }, 'staff push batch failed');
          counts = { sent: 0, failed: batch.length, blocked: 0 };
        }
        const report = job.report[channel];
        report.sent += counts.sent;
        report.failed += counts.failed;
        report.blocked += counts.blocked;
        await this.deps.records.savePush(job);
      }
    }
    job.status = 'done';
    job.finishedAt = isoJst(this.deps.clock.now());
    await this.deps.records.savePush(job);
    this.deps.logger.info({ pushId: job.pushId, report: job.report }, 'staff push finished');
  }

  /** The students of the matching orders, and the chats to reach them on. */
  private async audience(filter: OrderFilter): Promise<Audience> {
    const languages = new Map<string, Language>();
    for await (const order of searchOrders(this.deps.orders, filter, this.deps.clock.now())) {
      if (!languages.has(order.studentId)) languages.set(order.studentId, order.language);
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
        for (const { account, reference } of chats[j]) {
          if (blocked.has(accountKey(account))) audience.blocked[account.channel] += 1;
          else audience.targets[account.channel].push({ account, reference, language });
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

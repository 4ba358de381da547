import type { Order, OrderStatus, PrintNetwork } from '../orders/order';
import type { ChatChannel } from '../students/student';

/**
 * Which orders a staff member looks at, or pushes a message about. Every field narrows; an empty
 * filter means every order. Built from outside input by `parseOrderFilter` only.
 */
export interface OrderFilter {
  status?: OrderStatus;
  /** A catalogue certificate id (`enrollment`, …): orders with at least one such line. */
  certificateId?: string;
  /** The copier network: `netprint` (7-Eleven) or `networkprint` (FamilyMart / Lawson). */
  network?: PrintNetwork;
  /** Open orders (awaiting payment, paid, printable) whose deadline is within this many hours. */
  deadlineWithinHours?: number;
  /** One student's orders (ECS-ID / SPS-ID). */
  studentId?: string;
}

/** One page of matching orders, newest application first. */
export interface OrderPage {
  orders: Order[];
  /** True when more orders match than were returned (narrow the filter to see them). */
  truncated: boolean;
}

/** What staff write to students: both languages are required; each student reads theirs. */
export interface PushMessage {
  ja: string;
  en: string;
}

/** Per channel: how many students a push reached, could not reach, or skipped. */
export interface DeliveryCounts {
  sent: number;
  /** The platform refused or never answered (after retries). */
  failed: number;
  /** Skipped: the student blocked the bot on this channel (LINE `unfollow`). */
  blocked: number;
}

/** Who a filter reaches: distinct students with a chat to reach, by the channel they use. */
export interface PushAudience {
  /** Distinct students owning a matching order. */
  students: number;
  /** Students to be messaged, by the channel the message will go to. */
  byChannel: Record<ChatChannel, number>;
  /** Of those, already known to have blocked the bot (they will be skipped). */
  blocked: number;
  /** Students with no chat conversation to continue (never chatted, or unlinked). */
  unreachable: number;
}

export interface PushPreview {
  audience: PushAudience;
  /** The exact text a student receives, in each language (header + the staff's message). */
  texts: PushMessage;
  /** LINE's monthly message quota beside what the push needs; absent without LINE. */
  lineQuota?: PushLineQuota;
}

/** LINE's monthly message quota, and what one push needs of it. */
export interface PushLineQuota {
  /**
   * `none`: the plan has no monthly limit; `limited`; `unknown`: LINE's quota endpoints failed
   * or did not answer in time, and the push is sent unchecked.
   */
  type: 'none' | 'limited' | 'unknown';
  /** `limited` only: the month's limit, the messages counted so far, and what is left. */
  limit?: number;
  used?: number;
  remaining?: number;
  /** LINE chats the push goes to (those known to have blocked the bot are not counted). */
  recipients: number;
  /** LINE messages it needs: one per recipient per message object, as LINE counts them. */
  messagesNeeded: number;
  /** More messages needed than remain: refused unless staff confirm sending to those that fit. */
  exceeded: boolean;
  /** How many LINE recipients the remainder carries (every one unless `exceeded`). */
  recipientsThatFit: number;
}

/** How a push is sent, beyond its filter and message. */
export interface PushOptions {
  /**
   * Staff confirm sending, over LINE's quota, to this many LINE recipients (at most the
   * preview's `recipientsThatFit`); the rest are reported as not sent. Ignored while the push
   * fits the quota, and when the quota is unknown.
   */
  confirmLineRecipients?: number;
}

/** Recipients a push was not sent to, and why. */
export interface PushNotSent {
  /** LINE chats left out: LINE's monthly message quota could not carry them. */
  line: number;
  reason: 'line_quota_exceeded';
}

export type PushStatus = 'running' | 'done';

/** A takeover: another instance carried a push on from its saved cursor. */
export interface PushResume {
  /** The instance that took over (its instance id: `hostname:pid`). */
  by: string;
  /** ISO time (Asia/Tokyo). */
  at: string;
  /** The first batch it delivered; the batches before it had been delivered and counted. */
  fromBatch: number;
}

/** A staff push: what was asked, and the delivery report as it fills in. */
export interface PushJob {
  pushId: string;
  /** The staff member (`staffId`) or API token name that sent it. */
  sentBy: string;
  /** ISO time (Asia/Tokyo). */
  createdAt: string;
  filter: OrderFilter;
  message: PushMessage;
  status: PushStatus;
  /** Students the push is for (the audience's `students` minus the unreachable). */
  recipients: number;
  report: Record<ChatChannel, DeliveryCounts>;
  finishedAt?: string;
  /** Delivery batches in all (at most 500 chats of one channel and language each). */
  batches?: number;
  /** Batches delivered and counted in `report`: the cursor a takeover resumes from. */
  batchesDone?: number;
  /** The instance delivering the push (once done: the one that finished it). */
  deliveredBy?: string;
  /** Each takeover, oldest first; absent while the first instance delivers it all. */
  resumed?: PushResume[];
  /** LINE's quota when the push was sent, and what it needed; absent without LINE. */
  lineQuota?: PushLineQuota;
  /** Absent when the push went to its whole audience. */
  notSent?: PushNotSent;
}

export type AuditAction = 'login' | 'login_failed' | 'logout' | 'push';

/** One line of the staff audit log. */
export interface AuditEntry {
  /** ISO time (Asia/Tokyo). */
  at: string;
  /** The staff id, or `api:<token name>` for the staff API. */
  actor: string;
  action: AuditAction;
  /** For `push`: its id and how many students it was for. */
  pushId?: string;
  recipients?: number;
}

/**
 * What staff can do, whichever way they come in (dashboard pages, JSON API). Inputs are already
 * validated (`parseOrderFilter`, `parsePushMessage`).
 */
export interface StaffDesk {
  listOrders(filter: OrderFilter, limit: number): Promise<OrderPage>;
  getOrder(orderId: string): Promise<Order | undefined>;
  previewPush(filter: OrderFilter, message: PushMessage): Promise<PushPreview>;
  /**
   * Records the push in the audit log and hands its delivery to the job engine (BullMQ on Redis,
   * in-process in memory); resolves at once with the job (status `running`). Poll
   * {@link getPush} for the report.
   */
  /**
   * Throws `LineQuotaExceededError` when the push needs more LINE messages than the month has
   * left, unless `options` confirm sending to no more LINE recipients than fit.
   */
  startPush(
    sentBy: string,
    filter: OrderFilter,
    message: PushMessage,
    options?: PushOptions,
  ): Promise<PushJob>;
  getPush(pushId: string): Promise<PushJob | undefined>;
  /** Newest first. */
  listPushes(limit: number): Promise<PushJob[]>;
  /** Newest first. */
  audit(limit: number): Promise<AuditEntry[]>;
  record(entry: Omit<AuditEntry, 'at'>): Promise<void>;
}

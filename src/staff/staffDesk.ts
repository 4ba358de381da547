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
}

export type PushStatus = 'running' | 'done';

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
   * Records the push in the audit log and starts delivering in the background; resolves at once
   * with the job (status `running`). Poll {@link getPush} for the report.
   */
  startPush(sentBy: string, filter: OrderFilter, message: PushMessage): Promise<PushJob>;
  getPush(pushId: string): Promise<PushJob | undefined>;
  /** Newest first. */
  listPushes(limit: number): Promise<PushJob[]>;
  /** Newest first. */
  audit(limit: number): Promise<AuditEntry[]>;
  record(entry: Omit<AuditEntry, 'at'>): Promise<void>;
}

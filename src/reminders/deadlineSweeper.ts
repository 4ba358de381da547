import type { Order } from '../orders/order';
import { isoJst, isPast } from '../orders/deadlines';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import type { Student } from '../students/student';
import { CHAT_EVENTS, type ChatEvent } from '../turns/chatEvents';
import {
  deadlineEntryId,
  deadlineOf,
  EXPIRY_OFFSET,
  parseDeadlineEntry,
  remindedStatus,
  type DeadlineEntry,
} from './deadlineEntries';
import type { ReminderSchedule } from './reminderSchedule';
import { reminderOffsetId, type ReminderOffset } from './reminderTimes';

/** What one sweep did. */
export interface SweepResult {
  reminded: number;
  expired: number;
}

/** How many ids one claim takes; a sweep claims again until fewer come back. */
export const SWEEP_BATCH = 200;

/**
 * How long a claim holds an entry. Handling a batch (read the order and the student, queue one
 * turn each) takes milliseconds, so 30 s leaves room for a slow Redis; and an entry whose
 * instance died is claimed again by the first sweep after its lease ends, so with the default
 * REMINDER_SWEEP_INTERVAL_MS (15 s) within 45 s, inside the minute promised. An entry that fails
 * (Redis away, an expiry that could not be stored) is simply not completed: it comes back then.
 */
export const REMINDER_LEASE_MS = 30_000;

/** How many overdue orders without an expiry entry one start-up expires at most. */
export const OVERDUE_AT_START = 1000;

export interface DeadlineSweeperDeps {
  schedule: ReminderSchedule;
  orders: {
    get(orderId: string): Promise<Order | undefined>;
    /** Expires the order if it is still open and its deadline has come (compare-and-set). */
    expireIfDue(orderId: string): Promise<boolean>;
  };
  students: { get(studentId: string): Promise<Student | undefined> };
  chatEvents: { tell(student: Student | undefined, event: ChatEvent): Promise<void> };
  /** The configured offsets: a reminder of an offset no longer configured is dropped. */
  offsets: readonly ReminderOffset[];
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  /**
   * Expires orders past their deadline found some other way (the orders' deadline index); run
   * once after the first sweep, for orders stored before the schedule existed. Returns how many.
   */
  expireOverdue?: () => Promise<number>;
  batchSize?: number;
}

/** `retry`: not completed, so the entry is claimed again once its lease ends. */
type Outcome = 'reminded' | 'expired' | 'none' | 'retry';

/**
 * The delivery id of a reminder (`ChatEvent.deliveryId`): the same for every claim of one entry,
 * so a reminder claimed again after a crash reaches each chat once.
 */
export function reminderDeliveryId(entry: DeadlineEntry): string {
  return `reminder:${deadlineEntryId(entry.orderId, entry.kind, entry.offsetId)}`;
}

/**
 * Claims due entries from the shared schedule and acts on each after re-reading the stored
 * order (see `DeadlinePlanner` for why it must): a reminder goes to the student's chat as an
 * `orderReminder` event if the order still waits for that deadline, the deadline has not passed
 * and the student has not turned reminders off; an expiry entry expires the order through the
 * order service's compare-and-set. A claim leases its ids ({@link REMINDER_LEASE_MS}) and the
 * sweep completes them once handled (the reminder queued as a turn, which the turn queue runs at
 * least once); ids of an instance that died are claimed again after their lease. So every entry
 * is handled at least once, and the student hears it once: the reminder carries a delivery id
 * (the same on every claim) that the chat delivery honours, and expiry is a compare-and-set. A
 * reminder that came due while no instance ran is sent by the first sweep after start, unless
 * its deadline has passed meanwhile.
 */
export class DeadlineSweeper {
  private readonly batchSize: number;
  private readonly offsetIds: Set<string>;
  private running: Promise<unknown> = Promise.resolve();
  private busy = false;
  private timer?: NodeJS.Timeout;

  constructor(private readonly deps: DeadlineSweeperDeps) {
    this.batchSize = deps.batchSize ?? SWEEP_BATCH;
    this.offsetIds = new Set(deps.offsets.map(reminderOffsetId));
  }

  /**
   * Claims and handles everything due now. Sweeps of one instance run one after another: a call
   * made while one runs waits for it, then sweeps again.
   */
  sweep(): Promise<SweepResult> {
    const run = this.running.then(() => this.sweepNow());
    this.running = run.catch(() => undefined);
    return run;
  }

  /**
   * Sweeps now (then catches up with {@link DeadlineSweeperDeps.expireOverdue}) and every
   * `intervalMs` after that, skipping a tick while a sweep still runs.
   */
  start(intervalMs: number): void {
    const failed = (err: unknown) => this.deps.logger.warn({ err }, 'deadline sweep failed');
    this.timer = setInterval(() => {
      if (!this.busy) this.sweep().catch(failed);
    }, intervalMs);
    this.timer.unref();
    const first = this.sweep().then(() => this.catchUp());
    this.running = first.catch(failed);
  }

  /** Stops the timer and waits for a sweep in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async complete(ids: string[]): Promise<void> {
    try {
      await this.deps.schedule.complete(ids);
    } catch (err) {
      // They are claimed again after their lease; their delivery ids keep the student from
      // hearing them twice.
      this.deps.logger.warn({ err, count: ids.length }, 'claimed reminders not completed');
    }
  }

  private async catchUp(): Promise<void> {
    const expired = (await this.deps.expireOverdue?.()) ?? 0;
    if (expired > 0) this.deps.logger.info({ expired }, 'overdue orders without an expiry entry');
  }

  private async sweepNow(): Promise<SweepResult> {
    this.busy = true;
    try {
      const result: SweepResult = { reminded: 0, expired: 0 };
      // One instant for the whole sweep: what it leaves claimed (leased past it) stays so.
      const now = isoJst(this.deps.clock.now());
      for (;;) {
        const ids = await this.deps.schedule.claimDue(now, this.batchSize, REMINDER_LEASE_MS);
        const items = this.plan(ids);
        const outcomes = await Promise.all(items.map((item) => this.handle(item)));
        for (const outcome of outcomes) {
          if (outcome === 'reminded' || outcome === 'expired') result[outcome] += 1;
        }
        const retried = new Set(
          items.filter((_, n) => outcomes[n] === 'retry').map((item) => idOf(item)),
        );
        await this.complete(ids.filter((id) => !retried.has(id)));
        if (ids.length < this.batchSize) break;
      }
      if (result.reminded + result.expired > 0) this.deps.logger.info(result, 'deadline sweep');
      return result;
    } finally {
      this.busy = false;
    }
  }

  /**
   * Reads the claimed ids. When one batch holds several reminders of one order and deadline
   * (the service was down across both), only the latest is worth sending.
   */
  private plan(ids: string[]): (DeadlineEntry | { malformed: string })[] {
    const entries = ids.map((id) => parseDeadlineEntry(id) ?? { malformed: id });
    const latest = new Map<string, DeadlineEntry>();
    for (const entry of entries) {
      if ('malformed' in entry || entry.offsetId === EXPIRY_OFFSET) continue;
      const key = `${entry.orderId}:${entry.kind}`;
      const earlier = latest.get(key);
      if (earlier) this.skipped(earlier, 'superseded');
      latest.set(key, entry);
    }
    return entries.filter(
      (entry) =>
        'malformed' in entry ||
        entry.offsetId === EXPIRY_OFFSET ||
        latest.get(`${entry.orderId}:${entry.kind}`) === entry,
    );
  }

  private async handle(item: DeadlineEntry | { malformed: string }): Promise<Outcome> {
    if ('malformed' in item) {
      this.deps.logger.warn({ id: item.malformed }, 'unreadable reminder id dropped');
      this.deps.metrics.reminders.inc({ kind: 'unknown', outcome: 'malformed' });
      return 'none';
    }
    return item.offsetId === EXPIRY_OFFSET ? this.expire(item) : this.remind(item);
  }

  private async expire(entry: DeadlineEntry): Promise<Outcome> {
    try {
      const expired = await this.deps.orders.expireIfDue(entry.orderId);
      this.deps.metrics.expiries.inc({ outcome: expired ? 'expired' : 'nothing_to_do' });
      return expired ? 'expired' : 'none';
    } catch (err) {
      this.deps.metrics.expiries.inc({ outcome: 'failed' });
      this.deps.logger.error({ err, orderId: entry.orderId }, 'order expiry failed; retried');
      return 'retry';
    }
  }

  private async remind(entry: DeadlineEntry): Promise<Outcome> {
    try {
      const order = await this.deps.orders.get(entry.orderId);
      if (!order) return this.skipped(entry, 'unknown_order');
      const skip = this.reasonToSkip(entry, order);
      if (skip) return this.skipped(entry, skip);
      const student = await this.deps.students.get(order.studentId);
      if (!student) return this.skipped(entry, 'no_student');
      if (student.reminders === false) return this.skipped(entry, 'reminders_off');
      await this.deps.chatEvents.tell(student, {
        name: CHAT_EVENTS.orderReminder,
        value: { orderId: entry.orderId, kind: entry.kind, offsetId: entry.offsetId },
        deliveryId: reminderDeliveryId(entry),
      });
      this.deps.metrics.reminders.inc({ kind: entry.kind, outcome: 'sent' });
      this.deps.logger.info(
        { orderId: entry.orderId, kind: entry.kind, offsetId: entry.offsetId },
        'deadline reminder sent',
      );
      return 'reminded';
    } catch (err) {
      // Left claimed: tried again after its lease, until its deadline passes.
      this.deps.logger.warn({ err, orderId: entry.orderId }, 'deadline reminder failed; retried');
      this.deps.metrics.reminders.inc({ kind: entry.kind, outcome: 'failed' });
      return 'retry';
    }
  }

  /** Why a reminder is pointless now, judged on the order as stored; undefined to send it. */
  private reasonToSkip(entry: DeadlineEntry, order: Order): string | undefined {
    if (!this.offsetIds.has(entry.offsetId)) return 'offset_not_configured';
    if (order.status !== remindedStatus(entry.kind)) return 'status';
    if (isPast(deadlineOf(order, entry.kind), this.deps.clock.now())) return 'deadline_passed';
    return undefined;
  }

  private skipped(entry: DeadlineEntry, reason: string): Outcome {
    this.deps.metrics.reminders.inc({ kind: entry.kind, outcome: reason });
    return 'none';
  }
}

function idOf(item: DeadlineEntry | { malformed: string }): string {
  return 'malformed' in item
    ? item.malformed
    : deadlineEntryId(item.orderId, item.kind, item.offsetId);
}

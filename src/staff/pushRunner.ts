import type { ConversationReference } from 'botbuilder';
import type { Language } from '../i18n/language';
import { isoJst } from '../orders/deadlines';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { ConversationDirectory } from '../students/conversationDirectory';
import { accountKey, type ChatAccount, type ChatChannel } from '../students/student';
import type { DeliveryMarks } from '../turns/deliveryMarks';
import { batchKey, type PlannedBatch, type PushPlan } from './pushPlan';
import type { PushRunOutcome } from './pushJobs';
import type { DeliveryCounts, PushJob, PushMessage } from './staffDesk';
import type { StaffRecords } from './staffRecords';

/** One chat a staff message goes to, in the language its student reads. */
export interface PushRecipient {
  account: ChatAccount;
  /** Where to continue the conversation (web chat, Teams); LINE needs only the user id. */
  reference?: Partial<ConversationReference>;
  language: Language;
}

export interface DeliverOptions {
  /** Names the batch the same on every instance: LINE's retry keys derive from it. */
  key: string;
  /** Called once a proactive message (web chat, Teams) reached its chat. */
  delivered?: (recipient: PushRecipient) => Promise<void>;
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
    options: DeliverOptions,
  ): Promise<DeliveryCounts>;
}

export interface PushRunnerDeps {
  records: StaffRecords;
  delivery: PushDelivery;
  conversations: ConversationDirectory;
  /** Web-chat and Teams chats already reached, marked one by one as each message goes out. */
  marks: DeliveryMarks;
  /** The exact text a student reads, around the staff's message. */
  render: (language: Language, message: string) => string;
  clock: Clock;
  logger: Logger;
  /** This instance's id (`hostname:pid`), written in the report of what it delivers. */
  instance: string;
}

/**
 * Delivers a push batch by batch from the cursor in its record (`batchesDone`), saving the
 * report and the cursor together after each batch; whichever instance runs it. A run that finds
 * the push already begun by an instance records the takeover in the report.
 *
 * Each chat gets the push once: a batch that was in flight when its instance died is sent
 * again, and LINE drops the repeated multicast (same retry key), while web-chat and Teams chats
 * marked as reached are skipped. Only a crash between one proactive message and its mark can
 * repeat that one message.
 */
export class PushRunner {
  constructor(private readonly deps: PushRunnerDeps) {}

  async run(pushId: string, plan: PushPlan, stopping: () => boolean): Promise<PushRunOutcome> {
    const { records, logger, instance } = this.deps;
    const job = await records.getPush(pushId);
    if (!job) {
      // Trimmed from the records (PUSH_LIMIT newer pushes since): nothing left to report into.
      logger.warn({ pushId }, 'staff push job without a record; dropped');
      return 'done';
    }
    if (job.status === 'done') return 'done';
    const cursor = job.batchesDone ?? 0;
    if (job.deliveredBy !== undefined) {
      const at = isoJst(this.deps.clock.now());
      job.resumed = [...(job.resumed ?? []), { by: instance, at, fromBatch: cursor }];
      logger.warn(
        {
          pushId,
          previous: job.deliveredBy,
          instance,
          fromBatch: cursor,
          batches: plan.batches.length,
        },
        'staff push taken over',
      );
    }
    job.deliveredBy = instance;
    job.batches = plan.batches.length;
    job.batchesDone = cursor;
    await records.savePush(job);
    const texts = {
      ja: this.deps.render('ja', job.message.ja),
      en: this.deps.render('en', job.message.en),
    };
    for (let index = cursor; index < plan.batches.length; index += 1) {
      if (stopping()) {
        logger.info({ pushId, batchesDone: index }, 'staff push handed back at shutdown');
        return 'stopped';
      }
      const batch = plan.batches[index];
      const counts = await this.deliverBatch(job, index, batch, texts);
      const report = job.report[batch.channel];
      report.sent += counts.sent;
      report.failed += counts.failed;
      report.blocked += counts.blocked;
      job.batchesDone = index + 1;
      await records.savePush(job);
    }
    job.status = 'done';
    job.finishedAt = isoJst(this.deps.clock.now());
    await records.savePush(job);
    logger.info({ pushId, report: job.report, instance }, 'staff push finished');
    return 'done';
  }

  private async deliverBatch(
    job: PushJob,
    index: number,
    batch: PlannedBatch,
    texts: PushMessage,
  ): Promise<DeliveryCounts> {
    const { channel, language } = batch;
    const accounts = batch.accountIds.map((accountId): ChatAccount => ({ channel, accountId }));
    const options: DeliverOptions = { key: batchKey(job.pushId, index) };
    const counts: DeliveryCounts = { sent: 0, failed: 0, blocked: 0 };
    let recipients: PushRecipient[];
    if (channel === 'line') {
      recipients = accounts.map((account) => ({ account, language }));
    } else {
      const { marks, conversations } = this.deps;
      const markOf = (account: ChatAccount) => deliveryMark(job.pushId, account);
      const marked = await Promise.all(accounts.map((account) => marks.has(markOf(account))));
      const pending = accounts.filter((_, i) => !marked[i]);
      counts.sent = accounts.length - pending.length;
      const references = await Promise.all(pending.map((account) => conversations.find(account)));
      recipients = [];
      pending.forEach((account, i) => {
        const reference = references[i];
        if (reference) recipients.push({ account, reference, language });
        else counts.failed += 1;
      });
      options.delivered = (recipient) => marks.set(markOf(recipient.account));
    }
    if (recipients.length === 0) return counts;
    try {
      const result = await this.deps.delivery.deliver(channel, recipients, texts, options);
      counts.sent += result.sent;
      counts.failed += result.failed;
      counts.blocked += result.blocked;
    } catch (err) {
      this.deps.logger.error({ err, pushId: job.pushId, channel }, 'staff push batch failed');
      counts.failed += recipients.length;
    }
    return counts;
  }
}

/** The delivered-mark of one push in one chat (web chat, Teams). */
export function deliveryMark(pushId: string, account: ChatAccount): string {
  return `push:${pushId}:${accountKey(account)}`;
}

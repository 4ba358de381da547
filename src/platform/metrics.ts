import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of the service: turns, errors and turn latency per channel. */
export class Metrics {
  readonly registry = new Registry();

  readonly turns = new Counter({
    name: 'certbot_turns_total',
    help: 'Conversation turns processed, per channel.',
    labelNames: ['channel'] as const,
    registers: [this.registry],
  });

  readonly turnErrors = new Counter({
    name: 'certbot_turn_errors_total',
    help: 'Conversation turns that ended in an error, per channel.',
    labelNames: ['channel'] as const,
    registers: [this.registry],
  });

  readonly turnSeconds = new Histogram({
    name: 'certbot_turn_duration_seconds',
    help: 'Time from the start of a turn to its last message sent, per channel.',
    labelNames: ['channel'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly webhookRejections = new Counter({
    name: 'certbot_webhook_rejections_total',
    help: 'Webhook requests refused (bad signature, malformed body), per channel and reason.',
    labelNames: ['channel', 'reason'] as const,
    registers: [this.registry],
  });

  readonly duplicateEvents = new Counter({
    name: 'certbot_duplicate_events_total',
    help: 'Redelivered webhook events skipped because they were already taken, per channel.',
    labelNames: ['channel'] as const,
    registers: [this.registry],
  });

  readonly deadLetters = new Counter({
    name: 'certbot_dead_letters_total',
    help: 'Events put in the dead-letter list instead of run, per channel and reason (too_deep, too_large, unqueueable, failed, unreadable, undelivered).',
    labelNames: ['channel', 'reason'] as const,
    registers: [this.registry],
  });

  readonly logins = new Counter({
    name: 'certbot_logins_total',
    help: 'University logins (login page and single sign-on), per outcome (ok, failed, limited, invalid, csrf, error, not_in_records, not_student, refused).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly emailVerifications = new Counter({
    name: 'certbot_email_verifications_total',
    help: 'Email confirmation: mails sent, resends over the limit, links confirmed or refused, per event.',
    labelNames: ['event'] as const,
    registers: [this.registry],
  });

  readonly paymentNotices = new Counter({
    name: 'certbot_payment_notices_total',
    help: 'Verified payment notices passed to the order service, per method and outcome (applied, duplicate, wrong_amount, ...).',
    labelNames: ['method', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly reminders = new Counter({
    name: 'certbot_reminders_total',
    help: 'Deadline reminders claimed from the schedule, per kind (payment, print) and outcome (sent, or why it was skipped).',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly expiries = new Counter({
    name: 'certbot_order_expiries_total',
    help: 'Expiry entries claimed from the schedule, per outcome (expired, nothing_to_do, failed).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** Records one finished turn. */
  observeTurn(channel: string, seconds: number, failed: boolean): void {
    this.turns.inc({ channel });
    this.turnSeconds.observe({ channel }, seconds);
    if (failed) this.turnErrors.inc({ channel });
  }
}

import { ZONE, type Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import {
  ERROR_CHARS,
  EXCERPT_CHARS,
  type DeadLetter,
  type DeadLetterReason,
  type DeadLetters,
} from './deadLetters';
import { jsonExcerpt } from './jsonExcerpt';

/** An event being put aside, as the code that gave up on it knows it. */
export interface PoisonEvent {
  channel: string;
  reason: DeadLetterReason;
  /** The event (parsed) or the raw queue entry; only a bounded excerpt is kept. */
  event: unknown;
  /** The channel's id of the event; read from a LINE event's `webhookEventId` when not given. */
  eventId?: string;
  error?: unknown;
}

export interface DeadLetterRecorderDeps {
  store: DeadLetters;
  metrics: Pick<Metrics, 'deadLetters'>;
  logger: Logger;
  clock: Clock;
}

/**
 * Puts a poison event in the dead-letter list: the letter (time, reason, a safe excerpt, the
 * error's message), the `certbot_dead_letters_total` counter and one warning in the log, which
 * names the reason and event id only (the excerpt may hold a student's message).
 */
export class DeadLetterRecorder {
  constructor(private readonly deps: DeadLetterRecorderDeps) {}

  /**
   * False when the event id was recorded before (a redelivery). Throws when the list cannot be
   * written (Redis away): the caller decides whether that refuses the request.
   */
  async record(poison: PoisonEvent): Promise<boolean> {
    const { channel, reason } = poison;
    const eventId = poison.eventId ?? webhookEventIdOf(poison.event);
    const letter: DeadLetter = {
      at: this.deps.clock.now().setZone(ZONE).toISO({ suppressMilliseconds: true }) ?? '',
      channel,
      reason,
      ...(eventId !== undefined ? { eventId } : {}),
      excerpt:
        typeof poison.event === 'string'
          ? cut(poison.event, EXCERPT_CHARS)
          : jsonExcerpt(poison.event, EXCERPT_CHARS),
      ...(poison.error !== undefined ? { error: errorMessage(poison.error) } : {}),
    };
    const recorded = await this.deps.store.record(letter);
    if (recorded) {
      this.deps.metrics.deadLetters.inc({ channel, reason });
      this.deps.logger.warn({ channel, reason, eventId }, 'event put in the dead-letter list');
    }
    return recorded;
  }

  /**
   * {@link record} where nothing waits on the outcome (a turn dropped either way): a list that
   * cannot be written is logged, never thrown.
   */
  async recordOrLog(poison: PoisonEvent): Promise<void> {
    try {
      await this.record(poison);
    } catch (err) {
      this.deps.logger.error(
        { err, channel: poison.channel, reason: poison.reason },
        'dead letter not recorded',
      );
    }
  }
}

/** A LINE event's own id, so that staff can match a letter with LINE's records. */
function webhookEventIdOf(event: unknown): string | undefined {
  const id = (event as { webhookEventId?: unknown } | null | undefined)?.webhookEventId;
  return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : undefined;
}

/** The message only: a stack names files and lines, and is no use to staff. */
function errorMessage(err: unknown): string {
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return cut(message, ERROR_CHARS);
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

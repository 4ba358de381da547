import { validateSignature } from '@line/bot-sdk';
import type { StateAvailable } from '../../http/stateUnavailable';
import type { Logger } from '../../platform/logger';
import type { Metrics } from '../../platform/metrics';
import type { DeadLetterRecorder, PoisonEvent } from '../../turns/deadLetterRecorder';
import { eventOverLimits } from '../../turns/eventLimits';
import type { TurnQueue } from '../../turns/turnQueue';
import { lineErrorFields } from './errors';
import { lineChatOf } from './lineChat';

export interface LineWebhookDeps {
  channelSecret: string;
  queue: TurnQueue;
  /** Where an event that cannot be queued (too deep, too large, a bug) is put aside. */
  deadLetters: DeadLetterRecorder;
  metrics: Metrics;
  logger: Logger;
  /** False while Redis is unreachable: the request is then refused whole (503), LINE redelivers. */
  stateAvailable?: StateAvailable;
}

/** What to answer LINE; the body is for whoever debugs a delivery, never for a student. */
export interface WebhookResult {
  status: number;
  body:
    | { ok: true; accepted: number; duplicates: number; skipped: number; deadLettered: number }
    | { error: string };
}

/**
 * Checks a LINE webhook request and queues its events, in order, one turn each; the turns run
 * later in the queue, so LINE gets its 200 quickly. A redelivered event (same
 * `webhookEventId`) is queued once. Events that name no chat are skipped.
 *
 * A poison event (nested too deep, too large, or one whose queuing throws a bug rather than
 * Redis being away) is put in the dead-letter list, once per `webhookEventId`, and the other
 * events go on: one bad event never turns the whole webhook into a 503 that LINE redelivers
 * for ever. Only state being unreachable (queue or dead-letter list) answers 503.
 */
export async function receiveLineWebhook(
  rawBody: Buffer,
  signature: string | undefined,
  deps: LineWebhookDeps,
): Promise<WebhookResult> {
  if (!signature) return reject(deps, 401, 'missing_signature');
  if (!validateSignature(rawBody, deps.channelSecret, signature)) {
    return reject(deps, 401, 'bad_signature');
  }
  const events = parseEvents(rawBody);
  if (!events) return reject(deps, 400, 'malformed');
  if (deps.stateAvailable && !deps.stateAvailable()) {
    // Nothing is queued, so LINE's redelivery (same webhookEventIds) is taken on in full.
    deps.logger.warn('LINE webhook refused: state (Redis) unreachable');
    return { status: 503, body: { error: 'state_unavailable' } };
  }

  let accepted = 0;
  let duplicates = 0;
  let skipped = 0;
  let deadLettered = 0;
  for (const event of events) {
    const chat =
      isObject(event) && typeof event.type === 'string' ? lineChatOf(event.source) : undefined;
    if (!isObject(event) || !chat) {
      skipped++;
      deps.logger.debug(
        { eventType: isObject(event) ? String(event.type).slice(0, 40) : undefined },
        'LINE event without a chat skipped',
      );
      continue;
    }
    const outcome = await takeEvent(event, chat.queueKey, deps);
    if (outcome === 'unavailable') return { status: 503, body: { error: 'queue_unavailable' } };
    if (outcome === 'accepted') accepted++;
    else if (outcome === 'deadLettered') deadLettered++;
    else {
      duplicates++;
      deps.metrics.duplicateEvents.inc({ channel: 'line' });
      deps.logger.info(
        { webhookEventId: event.webhookEventId },
        'LINE event redelivered; already taken',
      );
    }
  }
  return { status: 200, body: { ok: true, accepted, duplicates, skipped, deadLettered } };
}

type Outcome = 'accepted' | 'duplicate' | 'deadLettered' | 'unavailable';

/** Queues one event, or puts it in the dead-letter list when it is poison. */
async function takeEvent(
  event: Record<string, unknown>,
  queueKey: string,
  deps: LineWebhookDeps,
): Promise<Outcome> {
  const id =
    typeof event.webhookEventId === 'string' && event.webhookEventId
      ? event.webhookEventId
      : undefined;
  const poison = { channel: 'line', event, eventId: id };
  const over = eventOverLimits(event);
  if (over) return deadLetter({ ...poison, reason: over }, deps);
  try {
    const queued = await deps.queue.enqueue(
      queueKey,
      { channel: 'line', payload: event },
      id ? { channel: 'line', id } : undefined,
    );
    return queued ? 'accepted' : 'duplicate';
  } catch (err) {
    if (!isEventFault(err) || (deps.stateAvailable && !deps.stateAvailable())) {
      // LINE redelivers the request; events already queued are then recognised by their id.
      deps.logger.error(lineErrorFields(err), 'LINE event could not be queued');
      return 'unavailable';
    }
    return deadLetter({ ...poison, reason: 'unqueueable', error: err }, deps);
  }
}

async function deadLetter(poison: PoisonEvent, deps: LineWebhookDeps): Promise<Outcome> {
  try {
    return (await deps.deadLetters.record(poison)) ? 'deadLettered' : 'duplicate';
  } catch (err) {
    // Nothing says it was put aside, so LINE's redelivery must bring it back.
    deps.logger.error(lineErrorFields(err), 'LINE event could not be dead-lettered');
    return 'unavailable';
  }
}

/**
 * An error that lies in the event, not in Redis: the engine's own errors (a stack overflow is a
 * RangeError). Anything else (a connection closed, a command timed out) may pass on redelivery.
 */
function isEventFault(err: unknown): boolean {
  return err instanceof RangeError || err instanceof TypeError || err instanceof SyntaxError;
}

function parseEvents(rawBody: Buffer): unknown[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return undefined;
  }
  return isObject(parsed) && Array.isArray(parsed.events) ? parsed.events : undefined;
}

function reject(deps: LineWebhookDeps, status: number, reason: string): WebhookResult {
  deps.metrics.webhookRejections.inc({ channel: 'line', reason });
  deps.logger.warn({ status, reason }, 'LINE webhook refused');
  return { status, body: { error: reason } };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import { validateSignature } from '@line/bot-sdk';
import type { Logger } from '../../platform/logger';
import type { Metrics } from '../../platform/metrics';
import type { TurnQueue } from '../../turns/turnQueue';
import { lineErrorFields } from './errors';
import { lineChatOf } from './lineChat';

export interface LineWebhookDeps {
  channelSecret: string;
  queue: TurnQueue;
  metrics: Metrics;
  logger: Logger;
}

/** What to answer LINE; the body is for whoever debugs a delivery, never for a student. */
export interface WebhookResult {
  status: number;
  body: { ok: true; accepted: number; duplicates: number; skipped: number } | { error: string };
}

/**
 * Checks a LINE webhook request and queues its events, in order, one turn each; the turns run
 * later in the queue, so LINE gets its 200 quickly. A redelivered event (same
 * `webhookEventId`) is queued once. Events that name no chat are skipped.
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

  let accepted = 0;
  let duplicates = 0;
  let skipped = 0;
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
    const id =
      typeof event.webhookEventId === 'string' && event.webhookEventId
        ? event.webhookEventId
        : undefined;
    try {
      const queued = await deps.queue.enqueue(
        chat.queueKey,
        { channel: 'line', payload: event },
        id ? { channel: 'line', id } : undefined,
      );
      if (queued) accepted++;
      else {
        duplicates++;
        deps.metrics.duplicateEvents.inc({ channel: 'line' });
        deps.logger.info({ webhookEventId: id }, 'LINE event redelivered; already queued');
      }
    } catch (err) {
      // LINE redelivers the request; events already queued are then recognised by their id.
      deps.logger.error(lineErrorFields(err), 'LINE event could not be queued');
      return { status: 503, body: { error: 'queue_unavailable' } };
    }
  }
  return { status: 200, body: { ok: true, accepted, duplicates, skipped } };
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

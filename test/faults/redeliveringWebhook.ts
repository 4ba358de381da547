import { LINE_SECRET } from '../support/appHarness';
import { postLineWebhook, webhookBody } from '../support/lineWebhook';
import { pause, settlesWithin } from './pause';

export interface RedeliveryOptions {
  /** LINE waits a little before redelivering; shorter than LINE so that a run stays short. */
  pauseMs?: number;
  /** How long one request may go unanswered before it counts as failed (LINE's own timeout). */
  timeoutMs?: number;
  /** Asked before each redelivery: true ends the attempts (the test is over). */
  stopped?: () => boolean;
}

/** How a webhook fared: how often it was sent, and what the refused tries got. */
export interface WebhookDelivery {
  accepted: boolean;
  attempts: number;
  /** The status of each refused try; 0 for a connection refused, reset or timed out. */
  refusals: number[];
}

/**
 * Sends LINE events to the service's webhook as LINE does: a request that gets no 2xx (a
 * connection refused or reset, a 5xx, no answer in time) is sent again after a pause, the same
 * events (same `webhookEventId`, same reply token) marked `deliveryContext.isRedelivery`, until
 * one is accepted.
 */
export async function deliverAsLine(
  url: string,
  events: object[],
  options: RedeliveryOptions = {},
): Promise<WebhookDelivery> {
  const { pauseMs = 1000, timeoutMs = 10_000, stopped = () => false } = options;
  const refusals: number[] = [];
  let body = webhookBody(events);
  for (;;) {
    const status = await postWithin(url, body, timeoutMs);
    if (status >= 200 && status < 300) {
      return { accepted: true, attempts: refusals.length + 1, refusals };
    }
    refusals.push(status);
    await pause(pauseMs);
    if (stopped()) return { accepted: false, attempts: refusals.length, refusals };
    body = webhookBody(
      events.map((event) => ({ ...event, deliveryContext: { isRedelivery: true } })),
    );
  }
}

/** The webhook's status, or 0 when it was refused, cut off or not answered within `timeoutMs`. */
async function postWithin(url: string, body: string, timeoutMs: number): Promise<number> {
  let status = 0;
  const post = postLineWebhook(url, body, { secret: LINE_SECRET }).then(
    (answer) => (status = answer.status),
    () => undefined,
  );
  // Past the timeout LINE counts the request as failed, whatever the service answers later.
  return (await settlesWithin(post, timeoutMs)) ? status : 0;
}

import type { Next, Request, RequestHandler, Response } from 'restify';
import { stateUnavailableHeaders } from '../../http/stateUnavailable';
import { lineErrorFields } from './errors';
import { readRawBody } from './readRawBody';
import { BodyTooLargeError } from './errors';
import { receiveLineWebhook, type LineWebhookDeps } from './lineWebhookReceiver';

/** LINE sends small JSON batches; anything near this size is not from LINE. */
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface LineWebhookHandlerDeps extends LineWebhookDeps {
  maxBodyBytes?: number;
}

/**
 * The restify handler for `POST /api/line`. Register it WITHOUT a body parser on that route:
 * it reads the raw body itself, because the signature covers the exact bytes.
 * Answers 401 (signature missing or wrong), 400 (not a webhook body), 413 (too large),
 * 503 with `Retry-After` (state unreachable: nothing, or only events LINE's redelivery is
 * recognised by, was queued) or 200 once every event is queued.
 */
export function createLineWebhookHandler(deps: LineWebhookHandlerDeps): RequestHandler {
  const limit = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  // A callback-style handler: restify recognises async ones by constructor name, which a
  // down-levelled build would lose.
  return function lineWebhook(req: Request, res: Response, next: Next): void {
    handle(req, res, deps, limit).then(
      () => next(),
      (err: unknown) => {
        deps.logger.error(lineErrorFields(err), 'LINE webhook failed');
        if (!res.headersSent) res.send(500, { error: 'internal' });
        next();
      },
    );
  };
}

async function handle(
  req: Request,
  res: Response,
  deps: LineWebhookDeps,
  limit: number,
): Promise<void> {
  let body: Buffer;
  try {
    body = await readRawBody(req, limit);
  } catch (err) {
    if (err instanceof BodyTooLargeError) {
      deps.metrics.webhookRejections.inc({ channel: 'line', reason: 'too_large' });
      res.send(413, { error: 'too_large' });
    } else {
      // The client went away mid-body; there is nobody left to answer.
      deps.logger.debug(lineErrorFields(err), 'LINE webhook body unreadable');
      if (!res.headersSent) res.send(400, { error: 'unreadable_body' });
    }
    return;
  }
  const signature = req.headers['x-line-signature'];
  const result = await receiveLineWebhook(
    body,
    typeof signature === 'string' ? signature : undefined,
    deps,
  );
  res.send(result.status, result.body, result.status === 503 ? stateUnavailableHeaders() : {});
}

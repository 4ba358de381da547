import type { Activity, InvokeResponse } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import type { Next, Request, RequestHandler, Response } from 'restify';
import type { BotLogic } from '../../bot/botLogic';
import { readBody } from '../../http/requestBody';
import { RequestBodyError } from '../../http/errors';
import { stateUnavailableHeaders, type StateAvailable } from '../../http/stateUnavailable';
import type { Logger } from '../../platform/logger';
import { KeyedSerializer } from '../../turns/keyedSerializer';
import { activityRefusal } from './activityRefusal';
import type { TeamsCloudAdapter } from './teamsCloudAdapter';

/** Bot Framework activities are small JSON documents; Teams caps messages near 100 KB. */
const DEFAULT_MAX_BODY_BYTES = 512 * 1024;

export interface TeamsRouteDeps {
  logger: Logger;
  /**
   * The Microsoft app id the adapter authenticates with (`MicrosoftAppId`), undefined in
   * Emulator mode: it decides which channels are served and where replies may be posted.
   */
  appId: string | undefined;
  maxBodyBytes?: number;
  /**
   * False while Redis is unreachable: the activity is then refused with 503 and `Retry-After`
   * before the turn runs, rather than failing inside it (which would answer 200 after an
   * apology, and the turn would be lost).
   */
  stateAvailable?: StateAvailable;
}

/**
 * The restify handler for `POST /api/messages`. Register it without a body parser: it reads
 * the body itself. Answers 400 (not a JSON activity), 413 (too large), 403 (a channel this
 * endpoint does not serve, or without an app id a `serviceUrl` off this machine; see
 * {@link activityRefusal}), 401 (Bot Framework authentication failed), 503 with `Retry-After`
 * (state unreachable) — in each case without running the bot — or what the turn returns (200,
 * or an invoke response); 500 when the turn fails outside the bot's own error handling. The 401
 * and the 500 say nothing of why (botbuilder's `process` sent the error's message): the log does.
 */
export function createTeamsRoute(
  adapter: TeamsCloudAdapter,
  logic: BotLogic,
  deps: TeamsRouteDeps,
): RequestHandler {
  const limit = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  // One conversation's turns one at a time, as the turn queue does for LINE and the web chat
  // (across instances, the eTags of the conversation state keep every update).
  const conversations = new KeyedSerializer();
  // A callback-style handler: restify recognises async ones by constructor name, which a
  // down-levelled build would lose.
  return function teamsMessages(req: Request, res: Response, next: Next): void {
    handle(req, res, adapter, logic, limit, deps, conversations).then(
      () => next(),
      (err: unknown) => {
        deps.logger.error({ errName: errorName(err) }, 'Bot Framework request failed');
        if (!res.headersSent) res.send(500, { error: 'internal' });
        next();
      },
    );
  };
}

async function handle(
  req: Request,
  res: Response,
  adapter: TeamsCloudAdapter,
  logic: BotLogic,
  limit: number,
  deps: TeamsRouteDeps,
  conversations: KeyedSerializer,
): Promise<void> {
  const { logger } = deps;
  let activity: unknown;
  try {
    activity = JSON.parse((await readBody(req, limit)).toString('utf8'));
  } catch (err) {
    if (err instanceof RequestBodyError) {
      if (!res.headersSent) res.send(err.status, { error: err.code });
      return;
    }
    res.send(400, { error: 'invalid_json' });
    return;
  }
  if (
    typeof activity !== 'object' ||
    activity === null ||
    Array.isArray(activity) ||
    typeof (activity as { type?: unknown }).type !== 'string' ||
    (activity as { type: string }).type === ''
  ) {
    res.send(400, { error: 'invalid_activity' });
    return;
  }
  const refusal = activityRefusal(activity as Record<string, unknown>, deps.appId);
  if (refusal) {
    const channel = String((activity as { channelId?: unknown }).channelId).slice(0, 40);
    logger.warn({ reason: refusal.error, channel }, 'Bot Framework activity refused');
    res.send(refusal.status, { error: refusal.error });
    return;
  }
  if (deps.stateAvailable && !deps.stateAvailable()) {
    logger.warn('Bot Framework activity refused: state (Redis) unreachable');
    res.send(503, { error: 'state_unavailable' }, stateUnavailableHeaders());
    return;
  }
  const authorization = req.headers.authorization;
  const conversationId = String(
    (activity as { conversation?: { id?: unknown } }).conversation?.id ?? '',
  );
  let invokeResponse: InvokeResponse | undefined;
  try {
    // The turn of what was checked above (CloudAdapter's own `process` would check it again).
    invokeResponse = await conversations.run(conversationId, () =>
      adapter.processParsed(
        typeof authorization === 'string' ? authorization : '',
        activity as Activity,
        logic,
      ),
    );
  } catch (err) {
    // Nothing has been answered yet: the response is this route's alone, never botbuilder's.
    if (!(err instanceof AuthenticationError)) throw err;
    // Its message (which check failed) is for the log, not for the caller.
    logger.warn({ reason: err.message.slice(0, 200) }, 'Bot Framework request not authenticated');
    res.send(401, { error: 'unauthorized' });
    return;
  }
  // 200 after a message's turn; an invoke's own status and body (a card action's answer).
  const status = invokeResponse?.status ?? 200;
  if (invokeResponse?.body !== undefined) res.send(status, invokeResponse.body);
  else res.send(status);
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}

import type { TurnContext } from 'botbuilder';
import type { StateAvailable } from '../http/stateUnavailable';
import type { Texts } from '../i18n/i18n';
import type { Logger } from '../platform/logger';
import { isStateUnreachableError } from '../storage/errors';
import { TurnHandedBackError } from '../turns/errors';
import { turnLanguage } from './turnLanguage';

/**
 * The one `onTurnError` of every adapter: logs what failed (never what the student wrote),
 * apologises in the student's language and leaves stored data as it was before the turn: state
 * is saved only at the end of a turn that succeeded.
 *
 * A turn that failed because Redis could not be reached (the error says so, or the connection
 * is down right now) is not apologised for: it throws {@link TurnHandedBackError}, the channel
 * drops what the turn had buffered, and the turn runs again once Redis is back, so the student
 * gets the real answer once instead of "something went wrong" followed by it.
 */
export function createTurnErrorHandler(
  logger: Logger,
  texts: Texts,
  stateAvailable?: StateAvailable,
) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    const { channelId, type } = context.activity;
    if (error instanceof TurnHandedBackError) throw error;
    if (isStateUnreachableError(error) || (stateAvailable && !stateAvailable())) {
      logger.warn(
        { errName: error.name, channel: channelId, activityType: type },
        'turn handed back: state unreachable',
      );
      throw new TurnHandedBackError({ cause: error });
    }
    logger.error({ err: error, channel: channelId, activityType: type }, 'turn failed');
    try {
      await context.sendActivity(texts.t(turnLanguage(context))('error.sorry'));
    } catch (sendError) {
      logger.warn({ err: sendError, channel: channelId }, 'could not send the apology');
    }
  };
}

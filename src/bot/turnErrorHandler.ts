import type { TurnContext } from 'botbuilder';
import type { Texts } from '../i18n/i18n';
import type { Logger } from '../platform/logger';
import { turnLanguage } from './turnLanguage';

/**
 * The one `onTurnError` of every adapter: logs what failed (never what the student wrote),
 * apologises in the student's language and leaves stored data as it was before the turn: state
 * is saved only at the end of a turn that succeeded.
 */
export function createTurnErrorHandler(logger: Logger, texts: Texts) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    const { channelId, type } = context.activity;
    logger.error({ err: error, channel: channelId, activityType: type }, 'turn failed');
    try {
      await context.sendActivity(texts.t(turnLanguage(context))('error.sorry'));
    } catch (sendError) {
      logger.warn({ err: sendError, channel: channelId }, 'could not send the apology');
    }
  };
}

import type { TurnContext } from 'botbuilder';
import { turnLanguage, turnT } from '../../src/bot/turnLanguage';
import type { Catalogue } from '../../src/orders/catalogue';
import type { OrderVoice } from './orderMessages';

/** The order messages' voice for this turn. */
export function orderVoice(context: TurnContext, catalogue: Catalogue): OrderVoice {
  return { t: turnT(context), language: turnLanguage(context), catalogue };
}

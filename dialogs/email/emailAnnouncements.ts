import type { TurnContext } from 'botbuilder';
import { turnT } from '../../src/bot/turnLanguage';
import { CHAT_EVENTS } from '../../src/turns/chatEvents';

/** True for the event the confirmation page sends when the student confirmed an address. */
export function isEmailConfirmedEvent(context: TurnContext): boolean {
  const { type, name } = context.activity;
  return type === 'event' && name === CHAT_EVENTS.emailConfirmed;
}

/**
 * Tells the student their address is set ("Mail address setting completed"). The address is
 * already stored: the confirmation page did that before sending the event.
 */
export async function announceEmailConfirmed(context: TurnContext): Promise<void> {
  const value = (context.activity.value ?? {}) as { address?: unknown; purpose?: unknown };
  const address = typeof value.address === 'string' ? value.address : '';
  const t = turnT(context);
  await context.sendActivity(
    t(value.purpose === 'change' ? 'email.changed' : 'email.completed', { address }),
  );
}

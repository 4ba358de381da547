import type { Middleware, TurnContext } from 'botbuilder';
import { renderTeamsActivity } from './teamsRenderer';
import { submittedValueAsText } from './submittedValueAsText';

/**
 * The Teams edge of a turn, as botbuilder middleware so that it also covers proactive turns:
 * a card submit reaches the dialogs as typed text, and every outgoing neutral card leaves as an
 * Adaptive Card. The dialogs stay channel-neutral.
 */
export class TeamsMiddleware implements Middleware {
  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const incoming = submittedValueAsText(context.activity);
    if (incoming.text && incoming !== context.activity) context.activity.text = incoming.text;
    context.onSendActivities(async (_context, activities, send) => {
      // Replaced in place: botbuilder sends this very array once the handlers have run.
      activities.splice(0, activities.length, ...activities.map(renderTeamsActivity));
      return send();
    });
    await next();
  }
}

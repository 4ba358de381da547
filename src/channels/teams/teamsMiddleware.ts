import type { Activity, Middleware, ResourceResponse, TurnContext } from 'botbuilder';
import { holdsMessages, mergeMessages } from './teamsOutbox';
import { renderTeamsActivity } from './teamsRenderer';
import { submittedValueAsText } from './submittedValueAsText';

/**
 * The Teams edge of a turn, as botbuilder middleware so that it also covers proactive turns:
 * a card submit reaches the dialogs as typed text, and every outgoing neutral card leaves as an
 * Adaptive Card. The dialogs stay channel-neutral.
 *
 * In a turn the student started, messages are held until the turn is over (as on LINE and the
 * web chat) and then sent merged ({@link mergeMessages}): usually one activity a turn. If the
 * turn fails, what it held is sent before `onTurnError` apologises, which then sends at once.
 */
export class TeamsMiddleware implements Middleware {
  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const incoming = submittedValueAsText(context.activity);
    if (incoming.text && incoming !== context.activity) context.activity.text = incoming.text;
    const held: Partial<Activity>[] = [];
    let holding = holdsMessages(context.activity);
    context.onSendActivities(async (turn, activities, send) => {
      if (holding && activities.every((activity) => activity.type === 'message')) {
        held.push(...activities);
        turn.responded = true;
        // Sent later, so no id yet: the dialogs never read one (a proactive turn does, unheld).
        return activities.map((): ResourceResponse => ({ id: '' }));
      }
      // Anything else (typing, trace, an invoke response) waits for nothing: what was held first
      // leaves first.
      if (held.length > 0) activities.unshift(...mergeMessages(held.splice(0)));
      // Replaced in place: botbuilder sends this very array once the handlers have run.
      activities.splice(0, activities.length, ...activities.map(renderTeamsActivity));
      return send();
    });
    let failed = false;
    try {
      await next();
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      holding = false;
      if (held.length > 0) {
        const sent = context.sendActivities(mergeMessages(held.splice(0)));
        // A failed turn's own error is the one onTurnError must hear about.
        await (failed ? sent.catch(() => undefined) : sent);
      }
    }
  }
}

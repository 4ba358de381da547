import type { DeadLetter } from '../../src/turns/deadLetters';
import { LINE_SECRET } from '../support/appHarness';
import { LineEvents, postLineWebhook, webhookBody } from '../support/lineWebhook';
import { printFigures, problemsOf } from './faultFigures';
import { useLoadedRig } from './faultScenario';
import { pause, settlesWithin } from './pause';
import { COMMANDS } from './studentCommands';

jest.setTimeout(240_000);

const STAFF_TOKEN = 'faults-0123456789abcdef0123456789abcdef';
const DEPTH = 5000;
/** Stands for the deep value in the events; replaced in the body's text (see `poisonBody`). */
const DEEP = '__DEEP__';

/**
 * A webhook body with `events`, each field holding {@link DEEP} replaced by an object nested
 * `DEPTH` levels deep: spliced into the text, so that this process never has to stringify a
 * value that deep itself.
 */
function poisonBody(events: object[]): string {
  const nested = `${'{"a":'.repeat(DEPTH - 1)}{"end":true}${'}'.repeat(DEPTH - 1)}`;
  return webhookBody(events).replaceAll(`"${DEEP}"`, nested);
}

/**
 * Issue 14, a poison event: one signed event nested 5,000 levels deep, between two good events
 * of one webhook, while fifty students chat. The webhook is answered 200, the good events are
 * answered, the poison one is in the dead-letter list, and its student's next turn is answered.
 */
describe('fault: a poison event between two good ones', () => {
  const scenario = useLoadedRig();

  it('a 5,000-deep event: webhook 200, both good events answered, the poison one dead-lettered', async () => {
    const { rig, load } = await scenario.start({ STAFF_API_TOKENS: `ops:${STAFF_TOKEN}` });
    await pause(3000);

    // Two students outside the loop; the first sends the poison event too.
    const [first, second] = ['U'.padEnd(33, 'a'), 'U'.padEnd(33, 'b')];
    const before = load.expectTurn(first, COMMANDS[0]);
    const after = load.expectTurn(second, COMMANDS[0]);
    const poison = { ...new LineEvents(rig.lineApi).text(first, 'deep'), extra: DEEP };
    const body = poisonBody([before.turn.event, poison, after.turn.event]);
    const sentAt = Date.now();
    const webhook = await postLineWebhook(rig.webhookUrl, body, { secret: LINE_SECRET });
    const goodAnswered = await settlesWithin(
      Promise.all([before.answered, after.answered]),
      30_000,
    );
    // The poison event's student is not blocked: the next turn is answered.
    const next = load.expectTurn(first, COMMANDS[1]);
    const nextWebhook = await postLineWebhook(rig.webhookUrl, webhookBody([next.turn.event]), {
      secret: LINE_SECRET,
    });
    const nextAnswered = await settlesWithin(next.answered, 30_000);
    await load.stop(60_000);

    const response = await fetch(`${rig.url}/admin/api/dead-letters`, {
      headers: { Authorization: `Bearer ${STAFF_TOKEN}` },
    });
    const { deadLetters } = (await response.json()) as { deadLetters: DeadLetter[] };
    const letters = deadLetters.filter((letter) => letter.eventId === poison.webhookEventId);
    const figures = load.figures();
    printFigures('poison event', figures, [
      `webhook ${webhook.status}`,
      `good events answered ${[before, after].filter((t) => t.turn.answeredAt).length} of 2`,
      `next turn answered ${nextAnswered ? 'yes' : 'no'}`,
      `dead letters ${letters.map((letter) => letter.reason).join(' ') || 'none'}`,
    ]);

    // One comparison, so that a failure shows everything that is off at once.
    expect({
      webhook: webhook.status,
      nextWebhook: nextWebhook.status,
      goodAnswered,
      nextAnswered,
      ...problemsOf(load, sentAt),
      deadLetters: letters.map((letter) => ({ channel: letter.channel, reason: letter.reason })),
    }).toEqual({
      webhook: 200,
      nextWebhook: 200,
      goodAnswered: true,
      nextAnswered: true,
      lost: [],
      doubled: [],
      wrong: [],
      unexpected: [],
      deadLetters: [{ channel: 'line', reason: 'too_deep' }],
    });
  });
});

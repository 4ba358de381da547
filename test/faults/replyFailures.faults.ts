import { describeTurn, printFigures, problemsOf } from './faultFigures';
import { useLoadedRig } from './faultScenario';
import { pause } from './pause';
import type { Turn } from './studentLoad';

jest.setTimeout(240_000);

const FAILING_MS = 15_000;

/**
 * Issue 14, LINE failing: for a while LINE answers every reply with 500 (and shows nothing)
 * while fifty students chat. Each turn whose reply failed is answered by push, once.
 */
describe('fault: LINE answers replies with 5xx under load', () => {
  const scenario = useLoadedRig();

  it('replies answered 5xx: each of those turns answered exactly once, by push', async () => {
    const { rig, load } = await scenario.start();
    const lineApi = rig.lineApi;
    await pause(3000);

    const failingFrom = Date.now();
    const lift = lineApi.failUntilLifted('reply', { status: 500 });
    await pause(FAILING_MS);
    lift();
    await pause(3000);
    await load.stop(60_000);

    // The turns LINE refused every reply of: their answer can only have come by push.
    const replies = new Map<string, number[]>();
    for (const call of lineApi.callsTo('reply')) {
      const token = String(call.body?.replyToken);
      replies.set(token, [...(replies.get(token) ?? []), call.status]);
    }
    const refusedAll = (turn: Turn) => {
      const statuses = replies.get(turn.event.replyToken ?? '') ?? [];
      return statuses.length > 0 && statuses.every((status) => status >= 500);
    };
    const hit = load.turns.filter(refusedAll);
    const notPushed = hit.filter((turn) => turn.answeredVia !== 'push');
    const figures = load.figures();
    printFigures('LINE reply 5xx', figures, [
      `replies answered 5xx ${lineApi.callsTo('reply').filter((c) => c.status >= 500).length}`,
      `turns whose reply failed ${hit.length}`,
      `of them answered by push ${hit.length - notPushed.length}`,
    ]);

    expect(hit.length).toBeGreaterThan(0);
    // One comparison, so that a failure names every student it failed at once.
    expect({
      ...problemsOf(load, failingFrom),
      notPushed: notPushed.map((turn) => describeTurn(turn, failingFrom)),
    }).toEqual({ lost: [], doubled: [], wrong: [], unexpected: [], notPushed: [] });
  });
});

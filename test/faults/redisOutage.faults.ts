import { describeTurn, printFigures, problemsOf, recoveryOf } from './faultFigures';
import { useLoadedRig } from './faultScenario';
import { pause } from './pause';

jest.setTimeout(240_000);

const OUTAGE_MS = 20_000;
/** How soon after Redis is back every waiting student must be answered. */
const RECOVERY_MS = 5000;

/**
 * Issue 14, a Redis outage: Redis is stopped for 20 s while fifty students chat, then started
 * again with its data. Webhooks meanwhile are refused and redelivered; no turn is half answered
 * (an apology, then the real answer), none is lost or said twice, and everyone waiting is
 * answered soon after Redis returns.
 */
describe('fault: Redis stops under load', () => {
  const scenario = useLoadedRig();

  it('Redis stopped 20 s: no apology then answer, nothing lost or doubled, the waiting answered within 5 s of its return', async () => {
    const { rig, load } = await scenario.start();
    await pause(5000);

    const stoppedAt = Date.now();
    await rig.redis.stop();
    await pause(OUTAGE_MS);
    await rig.redis.restart();
    const backAt = Date.now();
    const waiting = load.inFlightAt(backAt);
    await pause(5000);
    await load.stop(90_000);

    const recovery = recoveryOf(waiting, backAt, RECOVERY_MS, 'its return');
    const figures = load.figures();
    const refused = load.turns.reduce((sum, turn) => sum + (turn.webhook?.refusals.length ?? 0), 0);
    printFigures('Redis stopped 20 s', figures, [
      ...recovery.figures,
      `apologies ${figures.apologies}`,
      `apology then answer ${figures.apologyThenAnswer}`,
      `webhooks refused ${refused}`,
    ]);

    expect(waiting.length).toBeGreaterThan(0);
    // One comparison, so that a failure names every student it failed at once.
    expect({
      ...problemsOf(load, stoppedAt),
      apologyThenAnswer: load.turns
        .filter((turn) => turn.apologies > 0 && turn.answeredAt !== undefined)
        .map((turn) => describeTurn(turn, stoppedAt)),
      late: recovery.late.map((turn) => describeTurn(turn, backAt)),
    }).toEqual({
      lost: [],
      doubled: [],
      wrong: [],
      unexpected: [],
      apologyThenAnswer: [],
      late: [],
    });
  });
});

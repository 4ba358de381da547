import { describeTurn, printFigures, problemsOf, recoveryOf, seconds } from './faultFigures';
import { useLoadedRig } from './faultScenario';
import { pause } from './pause';

jest.setTimeout(240_000);

/** How soon after the restarted instance is healthy every waiting student must be answered. */
const RECOVERY_MS = 5000;
/** Replies LINE shows but does not answer before the kill. */
const HELD_REPLIES = 5;

/**
 * Issue 14, a crash: the only instance is killed (`kill -9`) while fifty students chat, and
 * started again; LINE redelivers what was refused meanwhile. Nothing is lost, nothing is said
 * twice, and nobody waits for a lock the dead instance held.
 */
describe('fault: the instance is killed under load', () => {
  const scenario = useLoadedRig();

  it('kill -9, restart and redelivery: every turn answered once, the waiting within 5 s of the restart', async () => {
    const { rig, load } = await scenario.start();
    await pause(5000);

    // Killed at the hardest moment too: LINE has shown some answers whose HTTP answer it holds
    // back, so the dying instance cannot know they were shown.
    const lineApi = rig.lineApi;
    lineApi.delayNext('reply', 60_000, HELD_REPLIES);
    await new Promise<void>((resolve) => {
      let shown = 0;
      const stop = lineApi.onAnswer((answer) => {
        if (answer.via === 'reply' && ++shown === HELD_REPLIES) resolve(stop());
      });
    });
    const killedAt = Date.now();
    await rig.killInstance();
    const healthyAt = await rig.startInstance();
    // Those sent before the crash and not yet answered, and those refused while it was down.
    const waiting = load.inFlightAt(healthyAt);
    await pause(5000);
    await load.stop(90_000);

    const recovery = recoveryOf(waiting, healthyAt, RECOVERY_MS, 'restart');
    printFigures('kill -9 under load', load.figures(), [
      `held replies ${HELD_REPLIES}`,
      `down ${seconds(healthyAt - killedAt)}`,
      ...recovery.figures,
    ]);

    expect(waiting.length).toBeGreaterThan(0);
    // One comparison, so that a failure names every student it failed at once.
    expect({
      ...problemsOf(load, killedAt),
      late: recovery.late.map((turn) => describeTurn(turn, healthyAt)),
    }).toEqual({ lost: [], doubled: [], wrong: [], unexpected: [], late: [] });
  });
});

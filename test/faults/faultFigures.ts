import type { ExtraAnswer, LoadFigures, StudentLoad, Turn } from './studentLoad';

/** Seconds with one decimal, as the figures give waits. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Prints a scenario's figures as one line of the real standard output (Jest's console would
 * wrap it), "faults: <scenario>: turns N, lost N, doubled N, longest wait X.X s" and then the
 * scenario's own figures; `.ci/run` collects these lines.
 */
export function printFigures(scenario: string, figures: LoadFigures, extras: string[] = []): void {
  const main = [
    `turns ${figures.turns}`,
    `lost ${figures.lost}`,
    `doubled ${figures.doubled}`,
    `longest wait ${seconds(figures.longestWaitMs)}`,
    // Rare enough to be news: an answer to nothing the student asked.
    ...(figures.unexpected > 0 ? [`unexpected answers ${figures.unexpected}`] : []),
    ...(figures.wrong > 0 ? [`wrong answers ${figures.wrong}`] : []),
  ];
  process.stdout.write(`faults: ${scenario}: ${[...main, ...extras].join(', ')}\n`);
}

/**
 * A turn for a failure message: whose, what, when (in seconds from `origin`, the fault), and
 * how its webhook fared when LINE had to send it more than once.
 */
export function describeTurn(turn: Turn, origin: number): string {
  const answered =
    turn.answeredAt === undefined
      ? 'unanswered'
      : `answered${turn.answeredWrongly ? ' wrongly' : ''} ${seconds(turn.answeredAt - origin)} by ${turn.answeredVia}`;
  // Set once LINE stopped sending it (accepted, or the test over); unset for turns a test sent.
  const { webhook } = turn;
  const delivery =
    webhook && (webhook.attempts > 1 || !webhook.accepted)
      ? `, its webhook refused ${webhook.refusals.length} times (last ${webhook.refusals.at(-1)})${webhook.accepted ? ' then accepted' : ''}`
      : '';
  return `${turn.student}: "${turn.command.text}" sent ${seconds(turn.sentAt - origin)}${delivery}, ${answered}`;
}

/** An answer that answered no turn, for a failure message (times as {@link describeTurn}). */
export function describeExtra(extra: ExtraAnswer, origin: number): string {
  return `${extra.student}: "${extra.kind}" at ${seconds(extra.at - origin)}`;
}

/**
 * What went wrong for every scenario, one line per turn or answer (times from `origin`, the
 * fault), so that a failing test names each student it failed; all empty when none did.
 */
export function problemsOf(
  load: StudentLoad,
  origin: number,
): { lost: string[]; doubled: string[]; wrong: string[]; unexpected: string[] } {
  return {
    lost: load.lostTurns().map((turn) => describeTurn(turn, origin)),
    doubled: load.doubledAnswers().map((extra) => describeExtra(extra, origin)),
    wrong: load.wronglyAnswered().map((turn) => describeTurn(turn, origin)),
    unexpected: load.unexpectedAnswers().map((extra) => describeExtra(extra, origin)),
  };
}

/**
 * How the turns waiting when the service recovered (at `recoveredAt`) fared: those answered
 * later than `withinMs` after it (or never), and the figures "waiting at <moment> N, answered
 * within N s of it N, longest after it X.X s" (the longest of those answered).
 */
export function recoveryOf(
  waiting: Turn[],
  recoveredAt: number,
  withinMs: number,
  moment: string,
): { late: Turn[]; figures: string[] } {
  const after = (turn: Turn) => (turn.answeredAt ?? Infinity) - recoveredAt;
  const late = waiting.filter((turn) => after(turn) > withinMs);
  const answered = waiting.filter((turn) => turn.answeredAt !== undefined);
  return {
    late,
    figures: [
      `waiting at ${moment} ${waiting.length}`,
      `answered within ${withinMs / 1000} s of it ${waiting.length - late.length}`,
      `longest after it ${seconds(Math.max(0, ...answered.map(after)))}`,
    ],
  };
}

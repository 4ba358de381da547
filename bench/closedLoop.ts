import { performance } from 'node:perf_hooks';

/** One student's turn `n` (0 = the first, not counted): resolves once the answer arrived. */
export type Turn = (student: number, n: number) => Promise<void>;

export interface ClosedLoopOptions {
  students: number;
  /** How long the counted turns run, after every student's first turn. */
  seconds: number;
  turn: Turn;
  /** Runs between the first turns and the counted ones (e.g. a Redis counter snapshot). */
  beforeCounted?: () => Promise<void>;
}

export interface ClosedLoopResult {
  turns: number;
  seconds: number;
  turnsPerSecond: number;
  p50: number;
  p99: number;
}

/**
 * Closed-loop load: each student sends a turn, waits for its answer, sends the next; students
 * run in parallel. Every student's first turn (creating its state) runs and completes first and
 * is not counted; then students keep turning until `seconds` have passed, and a turn started
 * before that finishes and counts.
 */
export async function runClosedLoop(options: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const students = Array.from({ length: options.students }, (_, student) => student);
  await Promise.all(students.map((student) => options.turn(student, 0)));
  await options.beforeCounted?.();
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  await Promise.all(
    students.map(async (student) => {
      for (let n = 1; performance.now() < deadline; n++) {
        const sent = performance.now();
        await options.turn(student, n);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  return {
    turns: latencies.length,
    seconds,
    turnsPerSecond: latencies.length / seconds,
    p50: pct(0.5),
    p99: pct(0.99),
  };
}

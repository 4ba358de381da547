/* eslint-disable no-console -- a benchmark prints its figures */
import { performance } from 'node:perf_hooks';
import Redis from 'ioredis';
import { deleteByPrefix } from '../test/support/redis';
import { BENCH_CHANNEL_SECRET, FIRST_TURN, LineLoad } from './lineLoad';
import { totalCommands } from './redisCommands';
import { startTarget } from './targetProcess';

export interface BurstOptions {
  redisUrl: string;
  /** Said beside the Redis figures: a private server, or a shared one whose other clients count. */
  where: string;
  /** How many students send their first turn at once. */
  students: number;
}

/** A reply not at the LINE API double this long after the burst counts as unanswered. */
const TIMEOUT_MS = 60_000;
/** Issue 17's aim for the burst: p99 ≤ 1 s. */
const AIM_P99_MS = 1000;

/**
 * The burst scenario (issue 17, point 2): a freshly started instance of the service (a process of
 * its own, Redis state) gets the first turn ("hi") of `students` students, each a different LINE
 * user, all at once, right after it reports that it listens. Prints how many were answered, the
 * latency (webhook POST sent → reply at the LINE API double) and the time from the process's
 * start to listening, beside issue 17's aim. Figures only.
 */
export async function burstScenario(options: BurstOptions): Promise<void> {
  const stats = new Redis(options.redisUrl);
  const redisPrefix = `bench:${process.pid}:burst:`;
  const load = await LineLoad.start(BENCH_CHANNEL_SECRET);
  const running = await startTarget('lineService', {
    redisUrl: options.redisUrl,
    redisPrefix,
    lineApiBaseUrl: load.lineApi.baseUrl,
    lineAccessToken: load.lineApi.accessToken,
    lineChannelSecret: BENCH_CHANNEL_SECRET,
  });
  const commandsBefore = await totalCommands(stats);
  const cpuBefore = await running.cpuMs();

  const cold = await burst(load, running.baseUrl, 0, options.students);
  const targetCpu = (await running.cpuMs()) - cpuBefore;
  // The INFO that took `commandsBefore` is counted by this one; leave it out.
  const commands = (await totalCommands(stats)) - commandsBefore - 1;
  // For comparison: as many other new users at once on the same instance, now warm.
  const warm = await burst(load, running.baseUrl, options.students, options.students);
  const { maxRssBytes } = await running.stop();
  await load.close();
  await deleteByPrefix(stats, redisPrefix);
  stats.disconnect();

  const { startup } = running;

  console.log('— burst —');
  console.log(
    `${options.students} students' first turn ("${FIRST_TURN}"), each a different LINE user, all POSTed at once (issued within ${cold.issuedMs.toFixed(0)} ms) to a fresh instance of the service (Redis state) right after it reported that it listens`,
  );
  console.log(
    `start       ${startup.listeningMs.toFixed(0)} ms from fork to listening (Node started and modules loaded ${startup.loadedMs.toFixed(0)} ms, createApp + listen ${(startup.listeningMs - startup.loadedMs).toFixed(0)} ms)`,
  );
  printAnswers(cold, '');
  console.log(`latency     ${latencyLine(cold)} (issue 17 aims at p99 ≤ ${AIM_P99_MS / 1000} s)`);
  console.log(
    `target      CPU ${targetCpu.toFixed(0)} ms during the burst (${(targetCpu / options.students).toFixed(2)} ms per turn), peak RSS ${(maxRssBytes / 2 ** 20).toFixed(0)} MB (over both bursts)`,
  );
  console.log(
    `redis       ${(commands / options.students).toFixed(1)} commands per first turn (INFO commandstats, ${options.where})`,
  );
  console.log(
    `warm        for comparison, ${options.students} other new users at once on the same instance afterwards: ${latencyLine(warm)}`,
  );
  printAnswers(warm, 'warm: ');
}

interface BurstResult {
  /** Per student: the latency in ms, or why there was no answer. */
  outcomes: (number | string)[];
  /** How long issuing every POST took (this process, one after another). */
  issuedMs: number;
  /** From the first POST to the last outcome. */
  lastMs: number;
}

/** The first turns of users `first` … `first + students − 1`, all sent at once. */
async function burst(
  load: LineLoad,
  baseUrl: string,
  first: number,
  students: number,
): Promise<BurstResult> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no reply within ${TIMEOUT_MS / 1000} s`), TIMEOUT_MS);
  });
  const started = performance.now();
  // Each student's POST goes out when its call runs: one after another, in this loop.
  const pending = Array.from({ length: students }, (_, n) => {
    const sent = performance.now();
    const answered = load.turn(baseUrl, first + n, FIRST_TURN).then(() => performance.now() - sent);
    return Promise.race([answered, timedOut]).catch((err: unknown) =>
      err instanceof Error ? err.message : String(err),
    );
  });
  const issuedMs = performance.now() - started;
  const outcomes = await Promise.all(pending);
  const lastMs = performance.now() - started;
  clearTimeout(timer);
  return { outcomes, issuedMs, lastMs };
}

function printAnswers(result: BurstResult, label: string): void {
  const answered = result.outcomes.filter((o) => typeof o === 'number').length;
  const failures = new Map<string, number>();
  for (const o of result.outcomes)
    if (typeof o === 'string') failures.set(o, (failures.get(o) ?? 0) + 1);
  if (label && failures.size === 0) return;
  console.log(
    `${label ? `            ${label}` : 'answered    '}${answered} of ${result.outcomes.length} (reply at the LINE API double within ${TIMEOUT_MS / 1000} s), the last after ${result.lastMs.toFixed(0)} ms`,
  );
  for (const [reason, count] of failures) console.log(`            ${count} × ${reason}`);
}

/** min, p50, p99 and max over every student: an unanswered one is slower than any answer. */
function latencyLine(result: BurstResult): string {
  const sorted = result.outcomes.map((o) => (typeof o === 'number' ? o : Infinity));
  sorted.sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : 'unanswered');
  return `min ${ms(sorted[0])}, p50 ${ms(pct(0.5))}, p99 ${ms(pct(0.99))}, max ${ms(sorted[sorted.length - 1])}`;
}

/* eslint-disable no-console -- a benchmark prints its figures */
import Redis from 'ioredis';
import { deleteByPrefix } from '../test/support/redis';
import { runClosedLoop, type ClosedLoopResult } from './closedLoop';
import { BENCH_CHANNEL_SECRET, FIRST_TURN, LineLoad } from './lineLoad';
import { countedForScriptOfTwoCalls, totalCommands } from './redisCommands';
import { startTarget } from './targetProcess';
import { TeamsLoad } from './teamsLoad';

export interface CompareOptions {
  redisUrl: string;
  /** Said beside the Redis figures: a private server, or a shared one whose other clients count. */
  where: string;
  students: number;
  /** Counted seconds per target. */
  seconds: number;
  /** Names of the targets to run (all by default). */
  targets?: string[];
}

interface Target {
  /** The file under bench/targets/ and the name BENCH_COMPARE_TARGETS takes. */
  name: string;
  label: string;
  channel: 'line' | 'teams';
  usesRedis: boolean;
}

const TARGETS: Target[] = [
  {
    name: 'floor',
    label: 'floor (restify, HMAC, GET+SET 1 KB, reply)',
    channel: 'line',
    usesRedis: true,
  },
  {
    name: 'lineService',
    label: 'service LINE turn (webhook → reply)',
    channel: 'line',
    usesRedis: true,
  },
  {
    name: 'teamsService',
    label: 'service Teams turn (/api/messages)',
    channel: 'teams',
    usesRedis: true,
  },
  {
    name: 'echoBot',
    label: 'botbuilder 4.23 echo bot (CloudAdapter)',
    channel: 'teams',
    usesRedis: false,
  },
];
const TURNS = ['help', 'menu', 'manual'];

interface Row {
  target: Target;
  result: ClosedLoopResult;
  commandsPerTurn: number;
  maxRssBytes: number;
  /** CPU ms per counted turn in the target's process and in this one (load and doubles). */
  targetCpuPerTurn: number;
  loadCpuPerTurn: number;
}

function loadCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * The compare scenario (issue 17, point 1): the same closed-loop load on four targets, one
 * after another, each in a process of its own, then the ratios. Figures only.
 */
export async function compareScenario(options: CompareOptions): Promise<void> {
  const stats = new Redis(options.redisUrl);
  const prefix = `bench:${process.pid}:compare:`;
  const targets = TARGETS.filter((t) => !options.targets || options.targets.includes(t.name));
  const inScripts = await countedForScriptOfTwoCalls(stats, `${prefix}lua-check`);

  console.log('— compare —');
  console.log(
    `${options.students} students, closed loop, "${TURNS.join('", "')}" turns, ${options.seconds} s per target after each student's uncounted first turn ("${FIRST_TURN}")`,
  );
  const rows: Row[] = [];
  for (const target of targets) {
    const row = await measure(target, options, stats, `${prefix}${target.name}:`);
    rows.push(row);
    printRow(row);
  }
  printRatios(rows);
  console.log(
    `redis: INFO commandstats deltas over the counted turns (${options.where}); commands run inside Lua scripts count (an EVAL of 2 redis.call counted ${inScripts})`,
  );
  console.log(
    'doubles: LINE API = test/support/fakeLineApi.ts (floor and service alike), connector = test/support/fakeConnector.ts; both in the load process',
  );
  await deleteByPrefix(stats, prefix);
  stats.disconnect();
}

async function measure(
  target: Target,
  options: CompareOptions,
  stats: Redis,
  redisPrefix: string,
): Promise<Row> {
  const load =
    target.channel === 'line'
      ? await LineLoad.start(BENCH_CHANNEL_SECRET)
      : await TeamsLoad.start();
  const running = await startTarget(target.name, {
    redisUrl: options.redisUrl,
    redisPrefix,
    lineApiBaseUrl: load instanceof LineLoad ? load.lineApi.baseUrl : '',
    lineAccessToken: load instanceof LineLoad ? load.lineApi.accessToken : '',
    lineChannelSecret: BENCH_CHANNEL_SECRET,
  });
  let before = 0;
  let targetCpuBefore = 0;
  let loadCpuBefore = 0;
  const result = await runClosedLoop({
    students: options.students,
    seconds: options.seconds,
    turn: (student, n) =>
      load.turn(running.baseUrl, student, n === 0 ? FIRST_TURN : TURNS[(n - 1) % TURNS.length]),
    beforeCounted: async () => {
      before = await totalCommands(stats);
      targetCpuBefore = await running.cpuMs();
      loadCpuBefore = loadCpuMs();
    },
  });
  const loadCpu = loadCpuMs() - loadCpuBefore;
  const targetCpu = (await running.cpuMs()) - targetCpuBefore;
  // The INFO that took `before` is counted by this one; leave it out.
  const commands = (await totalCommands(stats)) - before - 1;
  const { maxRssBytes } = await running.stop();
  if (load instanceof TeamsLoad && load.replies < result.turns) {
    throw new Error(`${target.name}: ${load.replies} replies for ${result.turns} turns`);
  }
  await load.close();
  await deleteByPrefix(stats, redisPrefix);
  return {
    target,
    result,
    commandsPerTurn: commands / result.turns,
    maxRssBytes,
    targetCpuPerTurn: targetCpu / result.turns,
    loadCpuPerTurn: loadCpu / result.turns,
  };
}

const COLUMNS = [
  'target',
  'turns/s',
  'p50 ms',
  'p99 ms',
  'Redis cmd/turn',
  'peak RSS MB',
  'CPU ms/turn target | load',
];
const WIDTHS = [44, 9, 8, 8, 15, 12, 27];
let headerPrinted = false;

function printRow(row: Row): void {
  if (!headerPrinted) {
    console.log(line(COLUMNS));
    headerPrinted = true;
  }
  const { result } = row;
  console.log(
    line([
      row.target.label,
      result.turnsPerSecond.toFixed(0),
      result.p50.toFixed(1),
      result.p99.toFixed(1),
      row.target.usesRedis ? row.commandsPerTurn.toFixed(1) : '–',
      (row.maxRssBytes / 2 ** 20).toFixed(0),
      `${row.targetCpuPerTurn.toFixed(2)} | ${row.loadCpuPerTurn.toFixed(2)}`,
    ]),
  );
}

function line(cells: string[]): string {
  return cells
    .map((cell, i) => (i === 0 ? cell.padEnd(WIDTHS[i]) : cell.padStart(WIDTHS[i])))
    .join(' ');
}

function printRatios(rows: Row[]): void {
  const of = (name: string) => rows.find((row) => row.target.name === name)?.result;
  const floor = of('floor');
  const lineTurn = of('lineService');
  const teams = of('teamsService');
  const echo = of('echoBot');
  if (floor && lineTurn) {
    console.log(
      `LINE / floor: ${pct(lineTurn.turnsPerSecond / floor.turnsPerSecond)} of the floor's turns/s, p50 ×${(lineTurn.p50 / floor.p50).toFixed(1)}, p99 ×${(lineTurn.p99 / floor.p99).toFixed(1)} (issue 17 aims at ≥ 40 % and p99 ≤ 50 ms)`,
    );
  }
  if (teams && echo) {
    console.log(
      `Teams / echo: ×${(teams.turnsPerSecond / echo.turnsPerSecond).toFixed(2)} the echo bot's turns/s, p50 ×${(teams.p50 / echo.p50).toFixed(1)}, p99 ×${(teams.p99 / echo.p99).toFixed(1)} (issue 17 aims at ≥ ×1.5)`,
    );
  }
}

function pct(ratio: number): string {
  return `${(ratio * 100).toFixed(0)} %`;
}

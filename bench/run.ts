/* eslint-disable no-console -- a benchmark prints its figures */
import { performance } from 'node:perf_hooks';
import Redis from 'ioredis';
import { DateTime } from 'luxon';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config/config';
import { isoJst, orderDeadlines } from '../src/orders/deadlines';
import type { Order } from '../src/orders/order';
import { ManualClock } from '../src/platform/clock';
import { entriesFor } from '../src/reminders/deadlineEntries';
import { DeadlinePlanner } from '../src/reminders/deadlinePlanner';
import { REMINDER_LEASE_MS, SWEEP_BATCH } from '../src/reminders/deadlineSweeper';
import { RedisReminderSchedule } from '../src/reminders/redisReminderSchedule';
import { DEFAULT_REMINDER_OFFSETS } from '../src/reminders/reminderTimes';
import { RedisKeys } from '../src/storage/redisKeys';
import { FakeLineApi } from '../test/support/fakeLineApi';
import { LineEvents, signLineBody, webhookBody } from '../test/support/lineWebhook';
import { deleteByPrefix } from '../test/support/redis';
import { startRedisServer, type PrivateRedis } from '../test/support/redisServer';
import { botScenario } from './botTurns';
import { redisClientScenario } from './redisClient';
import { burstScenario } from './burst';
import { compareScenario } from './compare';
import { idleScenario } from './idleConversations';
import { totalCommands } from './redisCommands';
import { BENCH_CHANNEL_SECRET } from './lineLoad';

/**
 * `npm run bench`, seven scenarios (BENCH_SCENARIO = compare | chat | reminders | burst | idle |
 * bot | redis | all, default all, which runs them in that order):
 *
 * - compare: the same closed-loop load (BENCH_COMPARE_STUDENTS students, "help" / "menu" /
 *   "manual", BENCH_COMPARE_SECONDS counted seconds) on four targets, each in a process of its
 *   own: a floor server of a LINE turn's shape, the service's LINE turn, the service's Teams
 *   turn and botbuilder's echo bot. Prints turns/s, p50, p99, Redis commands per turn and peak
 *   RSS of each, then the ratios LINE / floor and Teams / echo (see compare.ts).
 * - chat: N simulated LINE students chat with one instance of the service (Redis state, the
 *   LINE API on a local server). Each student sends its turns one after another, as a person
 *   does; students run in parallel. Prints turns/s, p50 / p99 latency (webhook POST → reply
 *   received by the LINE API) and Redis commands per turn.
 * - reminders: schedules the reminders and expiry of BENCH_ORDERS unpaid orders on the Redis
 *   schedule (as the order service does before each write), then claims everything due in
 *   batches, as one sweep does. Prints schedule time, entries, claim time, claims/s and Redis
 *   commands per claim. Claims only: no reminder message is sent.
 * - burst: a freshly started instance of the service (a process of its own, Redis state) gets
 *   the first turn ("hi") of BENCH_BURST_STUDENTS students, each a different LINE user, all at
 *   once, right after it reports that it listens. Prints how many were answered, p50 / p99 / max
 *   latency (webhook POST → reply received by the LINE API) beside issue 17's aim (p99 ≤ 1 s),
 *   the time from the process's start to listening, and, for comparison, the same burst of
 *   other new users on the now warm instance (see burst.ts).
 * - idle: the service in memory mode (no REDIS_URL, a process of its own with --expose-gc);
 *   BENCH_IDLE_CONVERSATIONS LINE users each send a first turn ("hi") and then nothing,
 *   BENCH_IDLE_CONCURRENCY at a time. Prints heap used and RSS of that process after a forced
 *   GC, before and after, the difference and the difference per conversation beside issue 17's
 *   aim (< 100 MB for 10,000; see idleConversations.ts).
 * - bot: the bot alone in this process (dialogs and state in memory, no HTTP, no Redis),
 *   BENCH_BOT_CONVERSATIONS conversations, "help" / "menu" / "manual" in BENCH_BOT_BLOCKS timed
 *   blocks of BENCH_BOT_TURNS turns. Prints CPU ms per turn (median and least of the blocks);
 *   with BENCH_BOT_AGAINST (another checkout, built), its bot runs in alternate blocks and the
 *   ratios are printed too (see botTurns.ts).
 * - redis: the Redis client's CPU per command in this process, BENCH_REDIS_LOOPS concurrent loops
 *   of SET (1.3 KB) + GET, BENCH_REDIS_BLOCKS blocks of BENCH_REDIS_COMMANDS commands through the
 *   service's connection, ioredis with auto-pipelining and plain ioredis in turn (see
 *   redisClient.ts).
 *
 * Options (environment): BENCH_STUDENTS (default 200), BENCH_TURNS (per student, default 10),
 * BENCH_ORDERS (default 100000), BENCH_COMPARE_STUDENTS (default 50), BENCH_COMPARE_SECONDS
 * (default 10), BENCH_COMPARE_TARGETS (comma-separated: floor, lineService, teamsService,
 * echoBot; default all), BENCH_BURST_STUDENTS (default 200), BENCH_IDLE_CONVERSATIONS (default
 * 10000), BENCH_IDLE_CONCURRENCY (default 50), BENCH_BOT_CONVERSATIONS (default 20),
 * BENCH_BOT_TURNS (default 600), BENCH_BOT_BLOCKS (default 10), BENCH_BOT_AGAINST (unset),
 * BENCH_REDIS_LOOPS (default 50), BENCH_REDIS_COMMANDS (default 40000), BENCH_REDIS_BLOCKS
 * (default 7), BENCH_REDIS_URL (default: a private redis-server on a free port).
 */
const SCENARIO = process.env.BENCH_SCENARIO ?? 'all';
const ORDERS = Number(process.env.BENCH_ORDERS ?? 100_000);
const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 200);
const TURNS = Number(process.env.BENCH_TURNS ?? 10);
const COMPARE_STUDENTS = Number(process.env.BENCH_COMPARE_STUDENTS ?? 50);
const COMPARE_SECONDS = Number(process.env.BENCH_COMPARE_SECONDS ?? 10);
const COMPARE_TARGETS = process.env.BENCH_COMPARE_TARGETS?.split(',').map((t) => t.trim());
const BURST_STUDENTS = Number(process.env.BENCH_BURST_STUDENTS ?? 200);
const IDLE_CONVERSATIONS = Number(process.env.BENCH_IDLE_CONVERSATIONS ?? 10_000);
const IDLE_CONCURRENCY = Number(process.env.BENCH_IDLE_CONCURRENCY ?? 50);
const BOT_CONVERSATIONS = Number(process.env.BENCH_BOT_CONVERSATIONS ?? 20);
const BOT_TURNS = Number(process.env.BENCH_BOT_TURNS ?? 600);
const BOT_BLOCKS = Number(process.env.BENCH_BOT_BLOCKS ?? 10);
const BOT_AGAINST = process.env.BENCH_BOT_AGAINST || undefined;
const REDIS_CLIENT_LOOPS = Number(process.env.BENCH_REDIS_LOOPS ?? 50);
const REDIS_CLIENT_COMMANDS = Number(process.env.BENCH_REDIS_COMMANDS ?? 40_000);
const REDIS_CLIENT_BLOCKS = Number(process.env.BENCH_REDIS_BLOCKS ?? 7);
const SCRIPT = [
  'hi',
  'help',
  'English',
  'manual',
  '???',
  '日本語',
  'menu',
  'cancel',
  'language',
  '3',
];

async function main(): Promise<void> {
  if (
    !['compare', 'chat', 'reminders', 'burst', 'idle', 'bot', 'redis', 'all'].includes(SCENARIO)
  ) {
    throw new Error(
      `BENCH_SCENARIO must be compare, chat, reminders, burst, idle, bot, redis or all, not "${SCENARIO}".`,
    );
  }
  let privateRedis: PrivateRedis | undefined;
  const redisUrl = process.env.BENCH_REDIS_URL ?? (privateRedis = await startRedisServer()).url;
  const where = privateRedis ? 'private server' : 'shared server: other clients count too';
  const runs = (scenario: string) => SCENARIO === scenario || SCENARIO === 'all';
  if (runs('compare')) {
    await compareScenario({
      redisUrl,
      where,
      students: COMPARE_STUDENTS,
      seconds: COMPARE_SECONDS,
      targets: COMPARE_TARGETS,
    });
  }
  if (runs('chat')) await chatScenario(redisUrl, where);
  if (runs('reminders')) await reminderScenario(redisUrl, where);
  if (runs('burst')) await burstScenario({ redisUrl, where, students: BURST_STUDENTS });
  if (runs('idle')) {
    await idleScenario({ conversations: IDLE_CONVERSATIONS, concurrency: IDLE_CONCURRENCY });
  }
  if (runs('bot')) {
    await botScenario({
      conversations: BOT_CONVERSATIONS,
      turnsPerBlock: BOT_TURNS,
      blocks: BOT_BLOCKS,
      against: BOT_AGAINST,
    });
  }
  if (runs('redis')) {
    await redisClientScenario({
      redisUrl,
      concurrency: REDIS_CLIENT_LOOPS,
      commandsPerBlock: REDIS_CLIENT_COMMANDS,
      blocks: REDIS_CLIENT_BLOCKS,
    });
  }
  await privateRedis?.dispose();
}

async function chatScenario(redisUrl: string, where: string): Promise<void> {
  const lineApi = await FakeLineApi.start();
  const app = await createApp(
    loadConfig({
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: `bench:${process.pid}:`,
      LINE_CHANNEL_SECRET: BENCH_CHANNEL_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: lineApi.accessToken,
      LINE_API_BASE_URL: lineApi.baseUrl,
      LOG_LEVEL: 'silent',
    }),
  );
  const base = await app.listen(0, '127.0.0.1');
  const events = new LineEvents(lineApi);
  const replied = new Map<string, () => void>();
  lineApi.onCall((call) => {
    const token = (call.body as { replyToken?: string } | undefined)?.replyToken;
    if (call.endpoint === 'reply' && token) replied.get(token)?.();
  });

  const send = async (event: { replyToken?: string }): Promise<number> => {
    const body = webhookBody([event]);
    const done = new Promise<void>((resolve) => replied.set(event.replyToken ?? '', resolve));
    const started = performance.now();
    const response = await fetch(`${base}/api/line`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-line-signature': signLineBody(body, BENCH_CHANNEL_SECRET),
      },
      body,
    });
    if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
    await done;
    replied.delete(event.replyToken ?? '');
    return performance.now() - started;
  };

  const stats = new Redis(redisUrl);
  const commandsBefore = await totalCommands(stats);
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: STUDENTS }, async (_, n) => {
      const userId = `Ubench${String(n).padStart(27, '0')}`;
      latencies.push(await send(events.follow(userId)));
      for (let turn = 1; turn < TURNS; turn++) {
        latencies.push(await send(events.text(userId, SCRIPT[turn % SCRIPT.length])));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const commands = (await totalCommands(stats)) - commandsBefore;

  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  console.log('— chat —');
  console.log(`students ${STUDENTS}, turns ${latencies.length}, ${seconds.toFixed(2)} s`);
  console.log(`throughput  ${(latencies.length / seconds).toFixed(1)} turns/s`);
  console.log(
    `latency p50 ${pct(0.5).toFixed(1)} ms, p99 ${pct(0.99).toFixed(1)} ms, max ${latencies[latencies.length - 1].toFixed(1)} ms`,
  );
  console.log(
    `redis       ${(commands / latencies.length).toFixed(1)} commands per turn (INFO commandstats, ${where})`,
  );

  stats.disconnect();
  await app.close();
  await lineApi.close();
}

/** Orders applied over a week, one every few seconds: deadlines fall on eight midnights. */
function benchOrder(n: number, start: DateTime): Order {
  const appliedMs = start.toMillis() + Math.floor((n * 7 * 86_400_000) / ORDERS);
  const day = Math.floor((appliedMs - start.toMillis()) / 86_400_000);
  const applied = start.plus({ days: day });
  return {
    orderId: `B${String(n).padStart(7, '0')}`,
    studentId: `s${String(n % 50_000).padStart(7, '0')}`,
    language: n % 2 ? 'en' : 'ja',
    lines: [{ certificateId: 'enrollment', language: 'ja', copies: 1, unitFee: 400 }],
    network: 'netprint',
    totalFee: 400,
    status: 'awaiting_payment',
    appliedAt: new Date(appliedMs).toISOString(),
    ...orderDeadlines(applied, { paymentDays: 7, printDays: 7 }),
    payment: { method: 'smartpit', reference: String(1e12 + n) },
    history: [],
    version: 2,
  };
}

async function reminderScenario(redisUrl: string, where: string): Promise<void> {
  const redis = new Redis(redisUrl);
  const keys = new RedisKeys(`bench:${process.pid}:reminders:`);
  const schedule = new RedisReminderSchedule(redis, keys);
  const start = DateTime.fromISO('2026-11-24T00:00:00+09:00');
  const planner = new DeadlinePlanner(schedule, DEFAULT_REMINDER_OFFSETS, new ManualClock(start));

  const orders = Array.from({ length: ORDERS }, (_, n) => benchOrder(n, start));
  // What the order service does before each write: the entries (luxon, CPU) and one MULTI.
  let started = performance.now();
  const chunk = 500;
  for (let first = 0; first < ORDERS; first += chunk) {
    await Promise.all(orders.slice(first, first + chunk).map((order) => planner.plan(order)));
  }
  const scheduleSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  for (const order of orders) entriesFor(order, DEFAULT_REMINDER_OFFSETS, start);
  const entriesSeconds = (performance.now() - started) / 1000;
  const entries = await redis.zcard(keys.reminders());

  // Every entry is due a month later: one sweep claims them all, batch after batch.
  const now = isoJst(start.plus({ months: 1 }));
  const commandsBefore = await totalCommands(redis);
  started = performance.now();
  let claimed = 0;
  let claims = 0;
  for (;;) {
    const ids = await schedule.claimDue(now, SWEEP_BATCH, REMINDER_LEASE_MS);
    await schedule.complete(ids);
    claimed += ids.length;
    claims += 1;
    if (ids.length < SWEEP_BATCH) break;
  }
  const claimSeconds = (performance.now() - started) / 1000;
  // The INFO call itself is counted once; leave it out.
  const commands = (await totalCommands(redis)) - commandsBefore - 1;

  console.log('— reminders —');
  console.log(
    `orders ${ORDERS}, entries ${entries} (reminders 2d + lastDay09 and the expiry of each)`,
  );
  console.log(
    `schedule    ${scheduleSeconds.toFixed(2)} s (${(ORDERS / scheduleSeconds).toFixed(0)} orders/s), of which computing the entries alone takes ${entriesSeconds.toFixed(2)} s`,
  );
  console.log(
    `sweep       claimed ${claimed} in ${claims} claims of ≤ ${SWEEP_BATCH}, ${claimSeconds.toFixed(2)} s, ${(claimed / claimSeconds).toFixed(0)} claimed entries/s`,
  );
  console.log(
    `redis       ${(commands / claimed).toFixed(2)} commands per claimed entry (INFO commandstats, ${where}; commands inside the claim script count)`,
  );
  console.log('messages    not sent: this scenario times the schedule and the claim only');

  await deleteByPrefix(redis, keys.prefix);
  redis.disconnect();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

/* eslint-disable no-console -- a benchmark prints its figures */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { BENCH_CHANNEL_SECRET, FIRST_TURN, LineLoad } from './lineLoad';
import { startTarget, type RunningTarget, type TargetMemory } from './targetProcess';

export interface IdleOptions {
  /** How many conversations (LINE users) send their first turn. */
  conversations: number;
  /** How many first turns are under way at once. */
  concurrency: number;
}

/** A turn whose reply has not arrived after this long fails the scenario. */
const TURN_TIMEOUT_MS = 30_000;
/** Lets the last turns finish what they do after their reply (state writes) before measuring. */
const SETTLE_MS = 1000;
/** Issue 17's aim: under 100 MB for 10,000 idle conversations. */
const AIM_MB = 100;
const AIM_CONVERSATIONS = 10_000;

/**
 * The idle scenario (issue 17, point 2): the service in memory mode (no `REDIS_URL`, a process
 * of its own started with `--expose-gc`), `conversations` LINE users who each send a first turn
 * ("hi") and then nothing. Prints heap used and RSS of the target's process, each after a forced
 * GC, before the conversations, after the first batch and after all, the differences and the
 * difference per conversation, beside issue 17's aim; heap total and external beside them, as
 * hints to what RSS holds besides the heap used. Figures only.
 */
export async function idleScenario(options: IdleOptions): Promise<void> {
  const load = await LineLoad.start(BENCH_CHANNEL_SECRET);
  const running = await startTarget(
    'lineServiceMemory',
    {
      redisUrl: '',
      redisPrefix: '',
      lineApiBaseUrl: load.lineApi.baseUrl,
      lineAccessToken: load.lineApi.accessToken,
      lineChannelSecret: BENCH_CHANNEL_SECRET,
    },
    { exposeGc: true },
  );
  const before = await running.memory();
  if (!before.gc) throw new Error('idle: the target has no global.gc (--expose-gc)');

  // The first batch alone, measured apart: it also pays one-off costs (code, caches, pools).
  const firstBatch = Math.min(options.concurrency, options.conversations);
  let sendingMs = await firstTurns(load, running, 0, firstBatch, options.concurrency);
  await sleep(SETTLE_MS);
  const warm = await running.memory();
  sendingMs += await firstTurns(
    load,
    running,
    firstBatch,
    options.conversations,
    options.concurrency,
  );
  await sleep(SETTLE_MS);
  const after = await running.memory();
  await running.stop();
  await load.close();

  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  const kb = (bytes: number) => (bytes / 1024).toFixed(2);
  const signed = (bytes: number) => (bytes < 0 ? `−${mb(-bytes)}` : `+${mb(bytes)}`);
  const row = (label: string, heap: string, rss: string, total = '', external = '') =>
    console.log(
      `${label.padEnd(52)} ${heap.padStart(12)} ${rss.padStart(10)} ${total.padStart(13)} ${external.padStart(11)}`.trimEnd(),
    );
  const memoryRow = (label: string, m: TargetMemory) =>
    row(label, mb(m.heapUsedBytes), mb(m.rssBytes), mb(m.heapTotalBytes), mb(m.externalBytes));
  const heap = after.heapUsedBytes - before.heapUsedBytes;
  const rss = after.rssBytes - before.rssBytes;
  const rest = options.conversations - firstBatch;
  const scaled = (bytes: number) => (bytes / options.conversations) * AIM_CONVERSATIONS;

  console.log('— idle —');
  console.log(
    `${options.conversations} conversations with a fresh instance of the service in memory mode (no REDIS_URL: MemoryStorage state), each a different LINE user who sent a first turn ("${FIRST_TURN}") and then nothing; ${options.concurrency} at a time, sent in ${(sendingMs / 1000).toFixed(1)} s`,
  );
  console.log(
    `memory of the target's process, each after a forced GC there (--expose-gc, global.gc()) and ${SETTLE_MS / 1000} s after the last reply:`,
  );
  row('', 'heap used MB', 'RSS MB', '(heap total MB', 'external MB)');
  memoryRow('before the conversations', before);
  memoryRow(`after the first ${firstBatch}`, warm);
  memoryRow(`after all ${options.conversations}`, after);
  row(
    'difference (after all − before)',
    mb(heap),
    mb(rss),
    mb(after.heapTotalBytes - before.heapTotalBytes),
    mb(after.externalBytes - before.externalBytes),
  );
  row('per conversation, KB', kb(heap / options.conversations), kb(rss / options.conversations));
  if (rest > 0) {
    row(
      `per conversation after the first ${firstBatch}, KB`,
      kb((after.heapUsedBytes - warm.heapUsedBytes) / rest),
      kb((after.rssBytes - warm.rssBytes) / rest),
    );
  }
  const scale =
    options.conversations === AIM_CONVERSATIONS
      ? ''
      : ` (the difference × ${(AIM_CONVERSATIONS / options.conversations).toFixed(1)}, scaled from ${options.conversations})`;
  console.log(
    `issue 17 aims at < ${AIM_MB} MB for 10,000 conversations: heap used ${signed(scaled(heap))} MB, RSS ${signed(scaled(rss))} MB${scale}`,
  );
}

/** First turns of users `from` … `to − 1`, `concurrency` under way at once; resolves with ms. */
async function firstTurns(
  load: LineLoad,
  running: RunningTarget,
  from: number,
  to: number,
  concurrency: number,
): Promise<number> {
  const started = performance.now();
  let next = from;
  const worker = async (): Promise<void> => {
    while (next < to) {
      const student = next++;
      await withTimeout(load.turn(running.baseUrl, student, FIRST_TURN), `user ${student}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, to - from) }, worker));
  return performance.now() - started;
}

async function withTimeout(turn: Promise<void>, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`idle: no reply for ${what} within ${TURN_TIMEOUT_MS / 1000} s`)),
      TURN_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([turn, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

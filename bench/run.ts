/* eslint-disable no-console -- a benchmark prints its figures */
import { performance } from 'node:perf_hooks';
import Redis from 'ioredis';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config/config';
import { FakeLineApi } from '../test/support/fakeLineApi';
import { LineEvents, signLineBody, webhookBody } from '../test/support/lineWebhook';
import { startRedisServer, type PrivateRedis } from '../test/support/redisServer';

/**
 * `npm run bench`: N simulated LINE students chat with one instance of the service (Redis
 * state, the LINE API on a local server). Each student sends its turns one after another, as a
 * person does; students run in parallel. Prints turns/s, p50 / p99 latency (webhook POST →
 * reply received by the LINE API) and Redis commands per turn.
 *
 * Options (environment): BENCH_STUDENTS (default 200), BENCH_TURNS (per student, default 10),
 * BENCH_REDIS_URL (default: a private redis-server on a free port).
 */
const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 200);
const TURNS = Number(process.env.BENCH_TURNS ?? 10);
const SECRET = 'bench-channel-secret';
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
  let privateRedis: PrivateRedis | undefined;
  const redisUrl = process.env.BENCH_REDIS_URL ?? (privateRedis = await startRedisServer()).url;
  const lineApi = await FakeLineApi.start();
  const app = await createApp(
    loadConfig({
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: `bench:${process.pid}:`,
      LINE_CHANNEL_SECRET: SECRET,
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
        'x-line-signature': signLineBody(body, SECRET),
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
  console.log(`students ${STUDENTS}, turns ${latencies.length}, ${seconds.toFixed(2)} s`);
  console.log(`throughput  ${(latencies.length / seconds).toFixed(1)} turns/s`);
  console.log(
    `latency p50 ${pct(0.5).toFixed(1)} ms, p99 ${pct(0.99).toFixed(1)} ms, max ${latencies[latencies.length - 1].toFixed(1)} ms`,
  );
  console.log(
    `redis       ${(commands / latencies.length).toFixed(1)} commands per turn (INFO commandstats${privateRedis ? ', private server' : ', shared server: other clients count too'})`,
  );

  stats.disconnect();
  await app.close();
  await lineApi.close();
  await privateRedis?.dispose();
}

/** Every command Redis has run so far, from INFO commandstats. */
async function totalCommands(redis: Redis): Promise<number> {
  const info = await redis.info('commandstats');
  return [...info.matchAll(/calls=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

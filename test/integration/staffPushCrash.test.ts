import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import Redis, { Cluster } from 'ioredis';
import { DateTime } from 'luxon';
import type { PushJob } from '../../src/staff/staffDesk';
import type { RedisClient } from '../../src/storage/redisConnection';
import { RedisKeys } from '../../src/storage/redisKeys';
import { LINE_SECRET } from '../support/appHarness';
import { FakeLineApi } from '../support/fakeLineApi';
import { freePort } from '../support/freePort';
import { deleteByPrefix, TEST_REDIS_URL } from '../support/redis';
import { useRedisCluster } from '../support/redisCluster';
import {
  killServiceProcess,
  startServiceProcess,
  waitFor,
  waitForStart,
  type ServiceProcess,
} from '../support/serviceProcess';
import { seedStudents, type SeedStudent } from '../support/staffFixtures';

const STUDENTS = 5_000;
/** The delivering instance is killed once this many students were reached (6 of 10 batches). */
const HALF_WAY = 3_000;
const TOKEN = randomBytes(24).toString('hex');
/** Every multicast is answered this late (LINE does the work at once, as when slow). */
const LINE_LATENCY_MS = 1_000;
/** Takeover waits for the dead instance's lock (30 s) and two stalled checks (15 s each). */
const TAKEOVER_LIMIT_MS = 150_000;

jest.setTimeout(420_000);

/** Where the two instances keep their state: one Redis server, or a cluster. */
interface Target {
  env: Record<string, string>;
  connect(): RedisClient;
}

/**
 * Issue 13's crash test: two service processes on one Redis, a staff push to 5,000 LINE
 * students through a slow LINE API, and `kill -9` of the instance delivering it half way. The
 * other instance takes the push over and finishes it: every student has the text exactly once
 * (counted at the LINE API after its retry-key deduplication) and the report says done, and
 * by whom and from which batch it was resumed.
 */
async function crashAndTakeOver(target: Target): Promise<void> {
  const prefix = `test:${randomBytes(6).toString('hex')}:`;
  const redis = target.connect();
  const line = await FakeLineApi.start();
  const services: ServiceProcess[] = [];
  try {
    const specs: SeedStudent[] = Array.from({ length: STUDENTS }, (_, i) => ({
      studentId: `c${String(i).padStart(7, '0')}`,
      channel: 'line',
      language: 'ja',
    }));
    const seeded = await seedStudents(
      redis,
      new RedisKeys(prefix),
      specs,
      DateTime.now().setZone('Asia/Tokyo'),
    );

    const ports = [await freePort(), await freePort()];
    for (const port of ports) {
      services.push(
        startServiceProcess({
          ...target.env,
          PORT: String(port),
          REDIS_KEY_PREFIX: prefix,
          LINE_CHANNEL_SECRET: LINE_SECRET,
          LINE_CHANNEL_ACCESS_TOKEN: line.accessToken,
          LINE_API_BASE_URL: line.baseUrl,
          STAFF_API_TOKENS: `crash:${TOKEN}`,
          // Stopping at once on SIGTERM would hide nothing here: the test kills with SIGKILL.
          SHUTDOWN_TIMEOUT_MS: '1000',
        }),
      );
    }
    await Promise.all(services.map((service) => waitForStart(service)));
    const api = (port: number) => new StaffApi(`http://127.0.0.1:${port}`);

    line.delayNext('multicast', LINE_LATENCY_MS, 100);
    const started = await api(ports[0]).startPush();
    expect(started.recipients).toBe(STUDENTS);

    await waitFor(
      () => line.recipientsOf('multicast').length >= HALF_WAY,
      'half the students to be reached',
      120_000,
    );
    const midway = await api(ports[0]).push(started.pushId);
    const delivering = services.findIndex(
      (service) => midway.deliveredBy === `${hostname()}:${service.child.pid}`,
    );
    expect(delivering).toBeGreaterThanOrEqual(0);
    services[delivering].child.kill('SIGKILL');
    await services[delivering].exited;
    const survivor = services[1 - delivering];
    const survivorApi = api(ports[1 - delivering]);
    expect((await survivorApi.push(started.pushId)).status).toBe('running');

    let report = midway;
    const deadline = Date.now() + TAKEOVER_LIMIT_MS;
    while (report.status !== 'done' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      report = await survivorApi.push(started.pushId);
    }

    expect(report.status).toBe('done');
    const survivorId = `${hostname()}:${survivor.child.pid}`;
    expect(report.deliveredBy).toBe(survivorId);
    expect(report.resumed).toEqual([
      { by: survivorId, at: expect.any(String), fromBatch: expect.any(Number) },
    ]);
    const resume = report.resumed?.[0];
    expect(resume?.fromBatch).toBeGreaterThanOrEqual(HALF_WAY / 500 - 1);
    expect(resume?.at).toMatch(/\+09:00$/);
    expect(report.batchesDone).toBe(10);
    expect(report.report.line).toEqual({ sent: STUDENTS, failed: 0, blocked: 0 });

    // Exactly once each, counted at LINE after its retry-key deduplication.
    const received = new Map<string, number>();
    for (const user of line.recipientsOf('multicast')) {
      received.set(user, (received.get(user) ?? 0) + 1);
    }
    expect(received.size).toBe(STUDENTS);
    expect([...received.values()].every((count) => count === 1)).toBe(true);
    for (const student of seeded) expect(received.get(student.account.accountId)).toBe(1);
    // A repeated multicast carries its first try's key, so LINE answered it 409, never 200.
    const accepted = line.callsTo('multicast').filter((call) => call.status === 200);
    expect(new Set(accepted.map((call) => call.retryKey)).size).toBe(accepted.length);
  } finally {
    await Promise.all(services.map((service) => killServiceProcess(service)));
    await line.close();
    await deleteEverything(redis, prefix);
    redis.disconnect();
  }
}

/** The staff API of one instance, as an outside client calls it. */
class StaffApi {
  constructor(private readonly base: string) {}

  async startPush(): Promise<PushJob> {
    const response = await fetch(`${this.base}/admin/api/pushes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        filter: { status: 'awaiting_payment' },
        message: { ja: '窓口は明日休みです。', en: 'The office is closed tomorrow.' },
      }),
    });
    expect(response.status).toBe(202);
    return (await response.json()) as PushJob;
  }

  async push(pushId: string): Promise<PushJob> {
    const response = await fetch(`${this.base}/admin/api/pushes/${pushId}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as PushJob;
  }
}

/** This test's keys only, on every master of a cluster. */
async function deleteEverything(redis: RedisClient, prefix: string): Promise<void> {
  const nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
  for (const node of nodes) await deleteByPrefix(node, prefix);
}

describe('a staff push survives the crash of the instance delivering it', () => {
  it('on one Redis server', async () => {
    await crashAndTakeOver({
      env: { REDIS_URL: TEST_REDIS_URL },
      connect: () => new Redis(TEST_REDIS_URL),
    });
  });

  describe('on a Redis Cluster', () => {
    const cluster = useRedisCluster();

    it('on three masters', async () => {
      const { nodes } = cluster();
      await crashAndTakeOver({
        env: { REDIS_CLUSTER_NODES: nodes.join(',') },
        connect: () =>
          new Cluster(
            nodes.map((node) => {
              const [host, port] = node.split(':');
              return { host, port: Number(port) };
            }),
          ),
      });
    });
  });
});

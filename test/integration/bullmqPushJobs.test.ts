import Redis from 'ioredis';
import { BullmqPushJobs } from '../../src/staff/bullmqPushJobs';
import type { PushJobRunner, PushRunOutcome } from '../../src/staff/pushJobs';
import type { PushPlan } from '../../src/staff/pushPlan';
import { capturedLogger } from '../support/capturedLogger';
import { testRedis, TEST_REDIS_URL, type TestRedis } from '../support/redis';
import { startRedisServer } from '../support/redisServer';
import { waitFor } from '../support/serviceProcess';

const PLAN: PushPlan = {
  batches: [{ channel: 'line', language: 'ja', accountIds: ['U1', 'U2'] }],
};

/** Runs that last until the test lets them end (or the instance stops), as a long push would. */
class HeldRuns {
  readonly calls: { pushId: string; plan: PushPlan; instance: string }[] = [];
  finished = 0;
  private released = false;

  runner(instance: string): PushJobRunner {
    return async (pushId, plan, stopping): Promise<PushRunOutcome> => {
      this.calls.push({ pushId, plan, instance });
      while (!this.released && !stopping()) await new Promise((resolve) => setTimeout(resolve, 20));
      if (stopping()) return 'stopped';
      this.finished += 1;
      return 'done';
    };
  }

  finish(): void {
    this.released = true;
  }
}

describe('staff pushes as BullMQ jobs', () => {
  let redis: TestRedis;
  const engines: BullmqPushJobs[] = [];

  beforeEach(async () => {
    redis = await testRedis();
  });
  afterEach(async () => {
    await Promise.all(engines.splice(0).map((engine) => engine.close(0)));
    await redis.cleanup();
  });

  /** Commands the engines' connections were asked to send (sent or refused at once). */
  let commands = 0;

  function engine(runner: PushJobRunner, url = TEST_REDIS_URL): BullmqPushJobs {
    const jobs = new BullmqPushJobs({
      connect: () => {
        const connection = new Redis(url, { maxRetriesPerRequest: null });
        const send = connection.sendCommand.bind(connection);
        connection.sendCommand = (...args) => {
          commands += 1;
          return send(...args);
        };
        return connection;
      },
      prefix: redis.keys.pushJobsPrefix(),
      runner,
      logger: capturedLogger().logger,
    });
    engines.push(jobs);
    return jobs;
  }

  it('runs a submitted push once, with its plan, and says so to the health check', async () => {
    const runs = new HeldRuns();
    const jobs = engine(runs.runner('a'));
    expect(await jobs.health()).toEqual({ engine: 'bullmq', ok: true });
    await jobs.submit('p1', PLAN);
    await jobs.submit('p1', PLAN);
    await waitFor(() => runs.calls.length === 1, 'the run to start');
    runs.finish();
    await jobs.idle();
    expect(runs.calls).toEqual([{ pushId: 'p1', plan: PLAN, instance: 'a' }]);
    // Every key of the queue carries the hash tag, so BullMQ's scripts work on a cluster.
    const keys = await redis.redis.keys(`${redis.keys.pushJobsPrefix()}*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((key) => key.startsWith(`${redis.prefix}{push-jobs}:staff-push:`))).toBe(
      true,
    );
  });

  it('hands a push in flight back on shutdown, and another instance carries it on', async () => {
    const runs = new HeldRuns();
    const first = engine(runs.runner('a'));
    await first.submit('p2', PLAN);
    await waitFor(() => runs.calls.length === 1, 'the first run');
    engine(runs.runner('b'));
    await first.close(10_000);
    expect(await first.health()).toEqual({ engine: 'bullmq', ok: false });
    await waitFor(() => runs.calls.length === 2, 'the second instance to take the push', 30_000);
    runs.finish();
    await waitFor(() => runs.finished === 1, 'the push to be done');
    expect(runs.calls.map((call) => [call.pushId, call.instance])).toEqual([
      ['p2', 'a'],
      ['p2', 'b'],
    ]);
  });

  it('says it is not ok while Redis is away, and still shuts down', async () => {
    const server = await startRedisServer();
    try {
      const runs = new HeldRuns();
      const jobs = engine(runs.runner('a'), server.url);
      engines.pop();
      await jobs.submit('p3', PLAN);
      await waitFor(() => runs.calls.length === 1, 'the run to start');
      await server.stop();
      expect(await jobs.health()).toEqual({ engine: 'bullmq', ok: false });
      // The worker cannot hand the push back to a stopped Redis: closing gives up after the grace.
      await jobs.close(500);
      // And nothing keeps trying afterwards: BullMQ, left alone, retries the push's failure
      // without pause for as long as the process lives (thousands of refused commands a second).
      const before = commands;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(commands - before).toBeLessThan(10);
    } finally {
      await server.dispose();
    }
  });
});

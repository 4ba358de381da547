import { Queue, WaitingError, Worker, type Job } from 'bullmq';
import type { Logger } from '../platform/logger';
import type { RedisClient } from '../storage/redisConnection';
import type { PushPlan } from './pushPlan';
import type { PushJobRunner, PushJobs, PushJobsHealth } from './pushJobs';

/** The queue's name, under the prefix (BullMQ forbids `:` in it). */
export const PUSH_QUEUE = 'staff-push';

/**
 * How long a worker's hold on a push lasts without renewal (BullMQ renews it every half of
 * this while the instance lives). Long enough that a busy event loop or a slow Redis never
 * loses it by mistake, short enough that a dead instance's push is free again soon.
 */
export const LOCK_DURATION_MS = 30_000;
/**
 * How often (across all instances, one check per interval) BullMQ looks for pushes whose holder
 * stopped renewing. A dead instance's push goes back to the queue at the first check after its
 * lock ran out: at most LOCK_DURATION_MS + STALLED_INTERVAL_MS (45 s) after the crash.
 */
export const STALLED_INTERVAL_MS = 15_000;
/** Takeovers allowed before BullMQ gives a push up as failed: a push that crashes every holder. */
const MAX_STALLED = 5;
/** Tries of a push whose run failed (Redis away mid-push), resumed from the cursor each time. */
const ATTEMPTS = 8;
/** Pushes one instance delivers at once; LINE's rate limiter is shared anyway. */
const CONCURRENCY = 2;

interface PushJobData {
  pushId: string;
  plan: PushPlan;
}

/**
 * BullMQ's worker, with a way to stop for good. While closing, BullMQ retries reporting a job's
 * outcome without any pause until its connection is closing, and a second close() is a no-op
 * while the first waits for that very job: with Redis gone at shutdown it would spin forever.
 */
class PushWorker extends Worker<PushJobData> {
  /** Marks the worker's connection closing, which ends those retries; the job keeps its lock. */
  async giveUp(): Promise<void> {
    await this.connection.close(true).catch(() => undefined);
  }
}

export interface BullmqPushJobsDeps {
  /**
   * Opens a new connection (one server or a cluster) with `maxRetriesPerRequest: null`, as
   * BullMQ's workers need; this class quits what it opened.
   */
  connect: () => RedisClient;
  /** BullMQ's key prefix; on a cluster it must carry a hash tag (`RedisKeys.pushJobsPrefix`). */
  prefix: string;
  runner: PushJobRunner;
  logger: Logger;
}

/**
 * Staff pushes as durable BullMQ jobs: any instance's worker delivers a push, and when the
 * delivering instance dies its lock runs out and another instance's worker takes the push over
 * (BullMQ's stalled-job recovery), resuming from the cursor saved after every batch.
 */
export class BullmqPushJobs implements PushJobs {
  private readonly connections: RedisClient[] = [];
  private readonly queueConnection: RedisClient;
  private readonly queue: Queue<PushJobData>;
  private readonly worker: PushWorker;
  private readonly submitted = new Set<string>();
  private stopping = false;
  /** Settled once each has finished starting (connected and checked Redis), well or not. */
  private readonly queueStarted: Promise<boolean>;
  private readonly workerStarted: Promise<boolean>;
  private workerReady = false;
  /** Resolved when close() gives up on what did not close within its grace. */
  private readonly gaveUp: Promise<void>;
  private giveUp: () => void = () => undefined;

  constructor(private readonly deps: BullmqPushJobsDeps) {
    this.queueConnection = this.open();
    this.queue = new Queue<PushJobData>(PUSH_QUEUE, {
      connection: this.queueConnection,
      prefix: deps.prefix,
      defaultJobOptions: {
        attempts: ATTEMPTS,
        backoff: { type: 'exponential', delay: 5_000 },
        // The push record keeps the report; the job (its plan) is not needed once done.
        removeOnComplete: true,
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    });
    this.worker = new PushWorker(PUSH_QUEUE, (job, token) => this.process(job, token), {
      connection: this.open(),
      prefix: deps.prefix,
      concurrency: CONCURRENCY,
      lockDuration: LOCK_DURATION_MS,
      stalledInterval: STALLED_INTERVAL_MS,
      maxStalledCount: MAX_STALLED,
    });
    this.worker.on('error', (err) => deps.logger.error({ err }, 'staff push worker error'));
    this.worker.on('failed', (job, err) =>
      deps.logger.error({ err, pushId: job?.data.pushId }, 'staff push job failed'),
    );
    this.queue.on('error', (err) => deps.logger.error({ err }, 'staff push queue error'));
    const started = (ready: Promise<unknown>): Promise<boolean> =>
      ready.then(
        () => true,
        () => false,
      );
    this.gaveUp = new Promise((resolve) => (this.giveUp = resolve));
    this.queueStarted = started(this.queue.waitUntilReady());
    this.workerStarted = started(this.worker.waitUntilReady()).then((ready) => {
      this.workerReady = ready;
      return ready;
    });
  }

  async submit(pushId: string, plan: PushPlan): Promise<void> {
    // The push id is the job id: submitting one push twice queues it once.
    await this.queue.add('push', { pushId, plan }, { jobId: jobIdOf(pushId) });
    this.submitted.add(pushId);
  }

  async idle(): Promise<void> {
    while (this.submitted.size > 0) {
      for (const pushId of [...this.submitted]) {
        const state = await this.queue.getJobState(jobIdOf(pushId));
        if (state === 'completed' || state === 'failed' || state === 'unknown') {
          this.submitted.delete(pushId);
        }
      }
      if (this.submitted.size > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** `bullmq`, ok while the queue's connection answers PING within `timeoutMs`. */
  async health(timeoutMs = 1000): Promise<PushJobsHealth> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), timeoutMs);
    });
    // Its commands wait for Redis to come back (maxRetriesPerRequest: null), so PING is raced.
    const pong = this.queueConnection.ping().catch(() => undefined);
    const ok = (await Promise.race([pong, late])) === 'PONG';
    clearTimeout(timer);
    return { engine: 'bullmq', ok };
  }

  /**
   * A push in flight stops after its batch and goes back to the queue, where another instance
   * (or this one, restarted) carries it on. Whatever is not closed after `graceMs` (a long batch,
   * Redis unreachable) is cut off: the push is then taken over once its lock runs out.
   */
  async close(graceMs: number): Promise<void> {
    this.stopping = true;
    // A started worker is closed at once, in this tick: that ends its waiting fetch, so the push
    // in flight, once handed back, goes to another instance rather than to this one again. One
    // still starting has fetched nothing; it is closed once its start has settled, because BullMQ
    // reports a start that fails after close() as an 'error' event with no listener left, which
    // becomes an unhandled rejection (taskforcesh/bullmq#3546).
    const workerClosing = this.workerReady
      ? this.worker.close()
      : this.workerStarted.then(() => this.worker.close());
    const closing = (async () => {
      await workerClosing;
      await this.queueStarted;
      await this.queue.close();
    })();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'late'>((resolve) => (timer = setTimeout(resolve, graceMs, 'late')));
    const outcome = await Promise.race([closing.then(() => 'closed' as const), grace]).catch(
      (err: unknown) => {
        this.deps.logger.warn({ err }, 'staff push jobs did not close cleanly');
        return 'failed' as const;
      },
    );
    clearTimeout(timer);
    if (outcome !== 'closed') {
      closing.catch(() => undefined);
      if (this.workerReady) await this.worker.giveUp();
      this.giveUp();
    }
    // BullMQ leaves connections it was given open; nothing of ours is pending on them now.
    for (const connection of this.connections) connection.disconnect();
  }

  private open(): RedisClient {
    const connection = this.deps.connect();
    this.connections.push(connection);
    return connection;
  }

  private async process(job: Job<PushJobData>, token: string | undefined): Promise<void> {
    const { pushId, plan } = job.data;
    try {
      // Stopping, this instance delivers nothing more: the push goes back for another one.
      const outcome = this.stopping
        ? 'stopped'
        : await this.deps.runner(pushId, plan, () => this.stopping);
      if (outcome === 'stopped') await job.moveToWait(token);
      else return;
    } catch (err) {
      if (!this.stopping) throw err; // BullMQ retries the push after its backoff
      // Stopping with Redis unreachable: the push keeps this instance's lock until it runs out,
      // then another instance takes it over. Reported now, the failure would be retried by
      // BullMQ without pause (see PushWorker), so it waits until close() has given up.
      this.deps.logger.warn(
        { err, pushId },
        'staff push left to be taken over by another instance',
      );
      await this.gaveUp;
      throw err;
    }
    throw new WaitingError();
  }
}

/** BullMQ refuses custom job ids that are integers or hold `:`; a push id may be all digits. */
function jobIdOf(pushId: string): string {
  return `push-${pushId}`;
}

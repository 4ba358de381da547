import { LINE_SECRET } from '../support/appHarness';
import { FakeLineApi } from '../support/fakeLineApi';
import { freePort } from '../support/freePort';
import { startRedisServer, type PrivateRedis } from '../support/redisServer';
import {
  killServiceProcess,
  startServiceProcess,
  waitForStart,
  type ServiceProcess,
} from '../support/serviceProcess';
import { pause } from './pause';

/**
 * The service as production runs it, in its own process, on a Redis server of its own (append
 * only, so a restart keeps every turn) and with LINE played by the local fake LINE API: the
 * parts a fault suite kills, stops and makes fail.
 */
export class LineServiceRig {
  private instance: ServiceProcess | undefined;

  private constructor(
    readonly redis: PrivateRedis,
    readonly lineApi: FakeLineApi,
    private readonly env: Record<string, string>,
    readonly url: string,
  ) {}

  /** Starts Redis, the fake LINE API and one instance, and waits until it is healthy. */
  static async start(extraEnv: Record<string, string> = {}): Promise<LineServiceRig> {
    const redis = await startRedisServer({ appendOnly: true });
    const lineApi = await FakeLineApi.start();
    const port = await freePort();
    const env = {
      PORT: String(port),
      REDIS_URL: redis.url,
      LINE_CHANNEL_SECRET: LINE_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: lineApi.accessToken,
      LINE_API_BASE_URL: lineApi.baseUrl,
      // Info: waitForStart reads the "listening" line.
      LOG_LEVEL: 'info',
      // No reminder is due in these tests; a sweep would only add Redis traffic.
      REMINDER_SWEEP_INTERVAL_MS: '3600000',
      ...extraEnv,
    };
    const rig = new LineServiceRig(redis, lineApi, env, `http://127.0.0.1:${port}`);
    try {
      await rig.startInstance();
    } catch (err) {
      await rig.close();
      throw err;
    }
    return rig;
  }

  get webhookUrl(): string {
    return `${this.url}/api/line`;
  }

  /** What the running (or last) instance wrote: for a failure message. */
  logTail(): string {
    return `${this.instance?.stdout().slice(-2000) ?? ''}${this.instance?.stderr().slice(-2000) ?? ''}`;
  }

  /** Starts an instance on the rig's port; resolves when `/healthz` answers 200 (epoch ms). */
  async startInstance(): Promise<number> {
    this.instance = startServiceProcess(this.env);
    await waitForStart(this.instance);
    return this.healthy();
  }

  /** `kill -9` of the instance: no shutdown, whatever it was doing is cut off. */
  async killInstance(): Promise<void> {
    await killServiceProcess(this.instance);
  }

  /** Resolves with the time (epoch ms) `/healthz` first answers 200. */
  async healthy(timeoutMs = 60_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ok = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(2000) }).then(
        (response) => response.status === 200,
        () => false,
      );
      if (ok) return Date.now();
      if (Date.now() > deadline) {
        throw new Error(`no healthy instance within ${timeoutMs} ms:\n${this.logTail()}`);
      }
      await pause(50);
    }
  }

  /** Stops everything, each part even when another fails to stop. */
  async close(): Promise<void> {
    await Promise.allSettled([killServiceProcess(this.instance), this.lineApi.close()]);
    await this.redis.dispose();
  }
}

import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as restify from 'restify';
import { DemoDirectory } from '../../src/auth/demoDirectory';
import type { LoginAttemptLimits } from '../../src/auth/loginAttemptLimiter';
import type { LoginOutcome, LoginRequest, LoginRequestStore } from '../../src/auth/loginRequest';
import { MemoryLoginAttemptLimiter } from '../../src/auth/memoryLoginAttemptLimiter';
import { MemoryLoginRequestStore } from '../../src/auth/memoryLoginRequestStore';
import { RedisLoginAttemptLimiter } from '../../src/auth/redisLoginAttemptLimiter';
import { RedisLoginRequestStore } from '../../src/auth/redisLoginRequestStore';
import { registerAuthRoutes } from '../../src/auth/registerAuthRoutes';
import { serveAsset } from '../../src/http/assets';
import { Texts } from '../../src/i18n/i18n';
import { ManualClock } from '../../src/platform/clock';
import { createLogger } from '../../src/platform/logger';
import { Metrics } from '../../src/platform/metrics';
import type { DirectoryEntry } from '../../src/students/student';
import type { TestRedis } from './redis';

/** The documented demo password (README). */
export const DEMO_PASSWORD = 'demo1234';
export const DEMO_DIRECTORY = join(__dirname, '..', '..', 'data', 'demo-students.json');

export interface AuthTestServer {
  url: string;
  texts: Texts;
  clock: ManualClock;
  metrics: Metrics;
  loginRequests: LoginRequestStore;
  /** Every call of `completeLogin`, in order. */
  completed: { request: LoginRequest; entry: DirectoryEntry }[];
  /** What `completeLogin` answers next (an Error is thrown). Default `{ kind: 'done' }`. */
  outcome: LoginOutcome | Error;
  /** When set, `completeLogin` waits for it: a slow answer, to act while a post is pending. */
  gate?: Promise<void>;
  /** Every log line the routes wrote (level debug and up). */
  logLines: string[];
  /** A new pending login request for a web-chat session. */
  newRequest(language?: 'ja' | 'en', linkToken?: string): Promise<LoginRequest>;
  close(): Promise<void>;
}

/**
 * A restify server with only the login routes, the bundled demo directory and a recording
 * `completeLogin`, on port 0. With `redis` the request store and the limiter are the Redis
 * ones; without, the memory ones.
 */
export async function startAuthServer(
  options: { redis?: TestRedis; limits?: LoginAttemptLimits; secureCookies?: boolean } = {},
): Promise<AuthTestServer> {
  const logLines: string[] = [];
  const logger = createLogger('debug', { write: (line: string) => void logLines.push(line) });
  const metrics = new Metrics({ defaultMetrics: false });
  const texts = await Texts.load();
  const clock = new ManualClock('2024-01-16T15:00:00+09:00');
  const limits = options.limits ?? {
    perStudentId: { max: 5, windowSeconds: 900 },
    perAddress: { max: 1000, windowSeconds: 900 },
  };
  const { redis } = options;
  const loginRequests = redis
    ? new RedisLoginRequestStore(redis.redis, redis.keys, clock)
    : new MemoryLoginRequestStore(clock);
  const limiter = redis
    ? new RedisLoginAttemptLimiter(redis.redis, redis.keys, clock, limits)
    : new MemoryLoginAttemptLimiter(clock, limits);

  const directory = new DemoDirectory(DEMO_DIRECTORY);
  const server = restify.createServer({ handleUncaughtExceptions: false });
  const state = {
    completed: [] as AuthTestServer['completed'],
    outcome: { kind: 'done' } as LoginOutcome | Error,
    gate: undefined as Promise<void> | undefined,
  };
  registerAuthRoutes(server, {
    texts,
    logger,
    metrics,
    clock,
    identity: { kind: 'password', check: directory },
    records: directory,
    loginRequests,
    limiter,
    secureCookies: options.secureCookies ?? false,
    completeLogin: async (request, entry) => {
      state.completed.push({ request, entry });
      await state.gate;
      if (state.outcome instanceof Error) throw state.outcome;
      return state.outcome;
    },
  });
  // The login page's shared styles, served by the app's operational routes in production.
  server.get('/assets/:file', serveAsset);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let session = 0;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    texts,
    clock,
    metrics,
    loginRequests,
    logLines,
    newRequest: (language: 'ja' | 'en' = 'ja', linkToken?: string) =>
      loginRequests.create({
        account: { channel: 'webchat', accountId: `session-${++session}` },
        reference: { channelId: 'webchat', conversation: { id: `conv-${session}` } as never },
        language,
        ...(linkToken ? { linkToken } : {}),
      }),
    close: async () => {
      server.server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

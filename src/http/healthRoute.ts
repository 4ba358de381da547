/** How the service keeps its state: one Redis server, a Redis Cluster, or process memory. */
export type StateMode = 'single' | 'cluster' | 'memory';

/**
 * What `/healthz` says about Redis: counts only, never a host name, port or password, since
 * the endpoint is open to whoever reaches the instance (load balancers, monitors).
 */
export interface RedisHealth {
  mode: StateMode;
  /** Masters the client knows of: 1 for a single server, the cluster's masters, 0 in memory. */
  masters: number;
  /** How many of them answered PING in time. */
  reachable: number;
}

/** What `/healthz` says about background jobs (staff pushes). */
export interface JobsHealth {
  /** `bullmq`, or `in-process` while pushes run in the instance that took them. */
  engine: string;
  ok: boolean;
}

export interface Health {
  /** `unavailable` (answered 503) when state or jobs cannot be reached. */
  status: 'ok' | 'unavailable';
  redis: RedisHealth;
  jobs: JobsHealth;
}

/** Pings the masters of the service's Redis, each within `timeoutMs` (see `redisHealth.ts`). */
export type RedisProbe = (timeoutMs: number) => Promise<RedisHealth>;

export interface HealthInputs {
  /** Undefined: state is in process memory, always reachable. */
  redis?: RedisProbe;
  /** The job engine's own check; undefined: pushes run in-process (see {@link IN_PROCESS_JOBS}). */
  jobs?: () => Promise<JobsHealth>;
  /** Each PING, and the job check, counts as failed when slower than this. */
  timeoutMs?: number;
}

/** Staff pushes delivered by the instance that took them, with no separate engine to reach. */
export const IN_PROCESS_JOBS: JobsHealth = { engine: 'in-process', ok: true };

const MEMORY: RedisHealth = { mode: 'memory', masters: 0, reachable: 0 };

/**
 * Checks what the service depends on. The status is `ok` only when every Redis master answers
 * and the job engine is fine: an instance that cannot reach part of its state would fail the
 * turns of the students kept there, so the load balancer should take it out.
 */
export async function checkHealth(inputs: HealthInputs): Promise<Health> {
  const timeoutMs = inputs.timeoutMs ?? 1000;
  const [redis, jobs] = await Promise.all([
    inputs.redis ? inputs.redis(timeoutMs) : MEMORY,
    inputs.jobs
      ? withTimeout(inputs.jobs(), timeoutMs).catch(() => ({ engine: 'unknown', ok: false }))
      : IN_PROCESS_JOBS,
  ]);
  const stateOk =
    redis.mode === 'memory' || (redis.masters > 0 && redis.reachable === redis.masters);
  return { status: stateOk && jobs.ok ? 'ok' : 'unavailable', redis, jobs };
}

/** `promise`, or a rejection once `timeoutMs` has passed. */
export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

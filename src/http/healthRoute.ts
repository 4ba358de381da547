export interface Health {
  status: 'ok' | 'degraded';
  redis: 'ok' | 'unreachable' | 'not configured';
}

/** What the health check asks of the service's Redis connection. */
export interface RedisPing {
  ping(): Promise<unknown>;
}

/** Checks what the service depends on; Redis answers PING within `timeoutMs` or counts as down. */
export async function checkHealth(redis: RedisPing | undefined, timeoutMs = 1000): Promise<Health> {
  if (!redis) return { status: 'ok', redis: 'not configured' };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
  });
  try {
    await Promise.race([redis.ping(), timeout]);
    return { status: 'ok', redis: 'ok' };
  } catch {
    return { status: 'degraded', redis: 'unreachable' };
  } finally {
    clearTimeout(timer);
  }
}

import type Redis from 'ioredis';

export interface Health {
  status: 'ok' | 'degraded';
  redis: 'ok' | 'unreachable' | 'not configured';
}

/** Checks what the service depends on; Redis answers PING within `timeoutMs` or counts as down. */
export async function checkHealth(redis: Redis | undefined, timeoutMs = 1000): Promise<Health> {
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

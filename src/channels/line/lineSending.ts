import type Redis from 'ioredis';
import type { Config } from '../../config/config';
import { systemClock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { RedisKeys } from '../../storage/redisKeys';
import type { ChatReachability } from '../../students/chatReachability';
import { LineBroadcaster } from './lineBroadcaster';
import { LineMessagingClient, type LineClient } from './lineClient';
import type { LineRateLimiter } from './lineRateLimiter';
import { MemoryLineRateLimiter } from './memoryLineRateLimiter';
import { RedisLineRateLimiter } from './redisLineRateLimiter';

/** What sends to LINE: one client and one rate limiter for chat answers and staff pushes. */
export interface LineSending {
  client: LineClient;
  limiter: LineRateLimiter;
  broadcaster: LineBroadcaster;
}

export interface LineSendingDeps {
  /** With Redis, every instance counts against the same limits. */
  redis?: Redis;
  keys: RedisKeys;
  reachability: ChatReachability;
  logger: Logger;
}

export function createLineSending(
  line: NonNullable<Config['line']>,
  deps: LineSendingDeps,
): LineSending {
  const client = new LineMessagingClient({
    channelAccessToken: line.channelAccessToken,
    apiBaseUrl: line.apiBaseUrl,
  });
  const rates = { push: line.pushPerSecond, multicast: line.multicastPerSecond };
  // LINE counts real seconds, whatever clock the service's business rules are given.
  const limiter = deps.redis
    ? new RedisLineRateLimiter(deps.redis, deps.keys, rates, systemClock)
    : new MemoryLineRateLimiter(rates, systemClock);
  const broadcaster = new LineBroadcaster({
    client,
    limiter,
    reachability: deps.reachability,
    logger: deps.logger,
  });
  return { client, limiter, broadcaster };
}

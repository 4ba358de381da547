import type { Logger } from '../../platform/logger';
import type { ChatReachability } from '../../students/chatReachability';
import {
  LineMessagingClient,
  type LineClient,
  type LineMessagingClientOptions,
} from './lineClient';
import type { LineRateLimiter } from './lineRateLimiter';
import { LineStaffPushSender } from './lineStaffPushSender';

/** What sends to LINE: one client and one rate limiter for chat answers and staff pushes. */
export interface LineSending {
  client: LineClient;
  limiter: LineRateLimiter;
  staffPushes: LineStaffPushSender;
}

export interface LineSendingDeps {
  /** Shared by every instance when the state is on Redis (see `createStatePorts`). */
  limiter: LineRateLimiter;
  reachability: ChatReachability;
  logger: Logger;
}

/** `line` is the LINE configuration (`LINE_CHANNEL_ACCESS_TOKEN`, `LINE_API_BASE_URL`). */
export function createLineSending(
  line: Pick<LineMessagingClientOptions, 'channelAccessToken' | 'apiBaseUrl'>,
  deps: LineSendingDeps,
): LineSending {
  const client = new LineMessagingClient({
    channelAccessToken: line.channelAccessToken,
    apiBaseUrl: line.apiBaseUrl,
  });
  const staffPushes = new LineStaffPushSender({
    client,
    limiter: deps.limiter,
    reachability: deps.reachability,
    logger: deps.logger,
  });
  return { client, limiter: deps.limiter, staffPushes };
}

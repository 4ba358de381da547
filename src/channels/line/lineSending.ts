import { systemClock, type Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { ChatReachability } from '../../students/chatReachability';
import {
  LineMessagingClient,
  type LineClient,
  type LineMessagingClientOptions,
} from './lineClient';
import type { LineRateLimiter } from './lineRateLimiter';
import { LineRichMenus } from './lineRichMenus';
import { LineStaffPushSender } from './lineStaffPushSender';

/**
 * What sends to LINE: one client and one rate limiter for chat answers, staff pushes and the
 * students' rich menus.
 */
export interface LineSending {
  client: LineClient;
  limiter: LineRateLimiter;
  staffPushes: LineStaffPushSender;
  /** Each student's rich menu: guest or member, in their language. */
  richMenus: LineRichMenus;
}

export interface LineSendingDeps {
  /** Shared by every instance when the state is on Redis (see `createStatePorts`). */
  limiter: LineRateLimiter;
  reachability: ChatReachability;
  logger: Logger;
  /** Times the rich-menu alias cache; the system clock unless given. */
  clock?: Clock;
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
  const richMenus = new LineRichMenus({
    client,
    limiter: deps.limiter,
    clock: deps.clock ?? systemClock,
    logger: deps.logger,
  });
  return { client, limiter: deps.limiter, staffPushes, richMenus };
}

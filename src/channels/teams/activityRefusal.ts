import { Channels } from 'botbuilder';
import { isLoopbackUrl } from './isLoopbackUrl';

/** Why `/api/messages` refused an Activity before any turn ran; `error` is the JSON answer. */
export interface ActivityRefusal {
  status: 400 | 403;
  error: 'invalid_activity' | 'channel_not_served' | 'service_url_not_allowed';
}

/** With an app id, every Activity comes through the Bot Framework Service from Teams. */
const AUTHENTICATED_CHANNELS: readonly string[] = [Channels.Msteams];
/** Without one, the Bot Framework Emulator on the developer's machine may talk to the bot too. */
const EMULATOR_MODE_CHANNELS: readonly string[] = [Channels.Msteams, Channels.Emulator];

/**
 * Decides whether `/api/messages` may run a turn for `activity`, before botbuilder sees it:
 * undefined to go on, else the 4xx to answer. The endpoint serves Teams (and the Emulator when
 * no app id is set), so an Activity naming another channel (`line`, `webchat`, …) is refused:
 * run here, it would act as that channel's user — bind their account, read their orders.
 * Without an app id nothing authenticates the caller, so the `serviceUrl` it names (where the
 * replies are posted) must be this machine's loopback; any other would let anyone make the
 * service send requests wherever they like. With an app id, botbuilder's token checks cover the
 * `serviceUrl`.
 */
export function activityRefusal(
  activity: Record<string, unknown>,
  appId: string | undefined,
): ActivityRefusal | undefined {
  if (typeof activity.type !== 'string' || activity.type === '') {
    return { status: 400, error: 'invalid_activity' };
  }
  const served = appId ? AUTHENTICATED_CHANNELS : EMULATOR_MODE_CHANNELS;
  if (typeof activity.channelId !== 'string' || !served.includes(activity.channelId)) {
    return { status: 403, error: 'channel_not_served' };
  }
  if (!appId && !isLoopbackUrl(activity.serviceUrl)) {
    return { status: 403, error: 'service_url_not_allowed' };
  }
  return undefined;
}

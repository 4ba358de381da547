import type { Logger } from '../../platform/logger';
import type { MessageQuota, QuotaReading } from '../../staff/messageQuota';
import { CAPABILITIES } from '../capabilities';
import { lineErrorFields } from './errors';
import { LineMessagingClient, type LineMessagingClientOptions } from './lineClient';
import { splitText } from './lineText';

export interface LineMessageQuotaOptions extends Pick<
  LineMessagingClientOptions,
  'channelAccessToken' | 'apiBaseUrl'
> {
  /** A staff member waits on the preview: past this, the quota is `unknown` (default 3 s). */
  timeoutMs?: number;
}

/**
 * LINE's monthly message quota over the Messaging API: `GET /v2/bot/message/quota` (the
 * month's limit, or none) and `GET /v2/bot/message/quota/consumption` (messages counted so far),
 * asked together. Any failure or a late answer reads as `unknown`, never as an error: a push
 * must not be blocked because LINE could not say how much is left.
 */
export class LineMessageQuota implements MessageQuota {
  private readonly client: LineMessagingClient;

  constructor(
    options: LineMessageQuotaOptions,
    private readonly logger: Logger,
  ) {
    // The service's LINE client, with its timeout and errors: both calls run at once, each
    // given up after `timeoutMs`.
    this.client = new LineMessagingClient({
      channelAccessToken: options.channelAccessToken,
      apiBaseUrl: options.apiBaseUrl,
      requestTimeoutMs: options.timeoutMs ?? 3_000,
    });
  }

  async read(): Promise<QuotaReading> {
    try {
      const [quota, consumption] = await Promise.all([
        this.client.messageQuota(),
        this.client.messageQuotaConsumption(),
      ]);
      if (quota.type === 'none') return { type: 'none' };
      const limit = quota.value;
      const used = consumption.totalUsage;
      if (quota.type === 'limited' && isCount(limit) && isCount(used)) {
        return { type: 'limited', limit, used };
      }
      this.logger.warn({ type: quota.type }, 'LINE quota answer not understood; quota unknown');
    } catch (err) {
      this.logger.warn(lineErrorFields(err), 'LINE quota not read; quota unknown');
    }
    return { type: 'unknown' };
  }

  /** As `LineStaffPushSender` sends a text: split at line breaks into LINE's longest text. */
  messagesPerRecipient(text: string): number {
    return splitText(text, CAPABILITIES.line.maxTextLength).length;
  }
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

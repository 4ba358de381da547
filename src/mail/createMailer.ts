import { systemClock, type Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { Mailer } from './mailer';
import { OutboxMailer } from './outboxMailer';
import { SmtpMailer } from './smtpMailer';

/** Where mail goes: `SMTP_URL`, the sender, and the outbox folder used without SMTP. */
export interface MailSettings {
  smtpUrl?: string;
  from: string;
  outboxDir: string;
}

/** SMTP when `SMTP_URL` is set; otherwise the outbox folder (start-up warns about it). */
export function createMailer(
  config: MailSettings,
  logger: Logger,
  clock: Clock = systemClock,
): Mailer {
  if (config.smtpUrl) return new SmtpMailer(config.smtpUrl, config.from, logger);
  return new OutboxMailer(config.outboxDir, config.from, logger, clock);
}

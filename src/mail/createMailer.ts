import type { Config } from '../config/config';
import { systemClock, type Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { Mailer } from './mailer';
import { OutboxMailer } from './outboxMailer';
import { SmtpMailer } from './smtpMailer';

/** SMTP when `SMTP_URL` is set; otherwise the outbox folder (start-up warns about it). */
export function createMailer(
  config: Config['mail'],
  logger: Logger,
  clock: Clock = systemClock,
): Mailer {
  if (config.smtpUrl) return new SmtpMailer(config.smtpUrl, config.from, logger);
  return new OutboxMailer(config.outboxDir, config.from, logger, clock);
}

import type { Config } from '../config/config';
import { systemClock, type Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { Mailer } from './mailer';
import { OutboxMailer } from './outboxMailer';
import { SmtpMailer } from './smtpMailer';

/** SMTP when `SMTP_URL` is set; otherwise the outbox folder, said once in the log. */
export function createMailer(
  config: Config['mail'],
  logger: Logger,
  clock: Clock = systemClock,
): Mailer {
  if (config.smtpUrl) return new SmtpMailer(config.smtpUrl, config.from, logger);
  logger.info(
    { outboxDir: config.outboxDir },
    'SMTP_URL is not set: mails are written as .eml files to the outbox folder',
  );
  return new OutboxMailer(config.outboxDir, config.from, logger, clock);
}

import nodemailer, { type Transporter } from 'nodemailer';
import SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { Logger } from '../platform/logger';
import { MailDeliveryError } from './errors';
import type { Mail, Mailer } from './mailer';

/** A chat turn waits for the hand-over, so a dead server must fail in seconds, not minutes. */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/**
 * Sends mail through the SMTP server of `SMTP_URL` (`smtp://user:password@host:587`,
 * `smtps://…:465`; nodemailer's URL options such as `?tls.rejectUnauthorized=false` apply).
 */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter<SMTPTransport.SentMessageInfo>;

  constructor(
    smtpUrl: string,
    private readonly from: string,
    private readonly logger?: Logger,
  ) {
    this.transport = nodemailer.createTransport(new SMTPTransport({ ...TIMEOUTS, url: smtpUrl }));
  }

  async send(mail: Mail): Promise<void> {
    try {
      await this.transport.sendMail({
        from: this.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html ? { html: mail.html } : {}),
      });
    } catch (err) {
      const error = MailDeliveryError.from('smtp', err);
      this.logger?.warn({ err: error }, 'SMTP server did not accept a mail');
      throw error;
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

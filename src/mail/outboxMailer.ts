import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type StreamTransport from 'nodemailer/lib/stream-transport';
import { systemClock, type Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { MailDeliveryError } from './errors';
import type { Mail, Mailer } from './mailer';

/**
 * The embedded mailer: each mail becomes an `.eml` file in the outbox folder (`MAIL_OUTBOX_DIR`),
 * readable by any mail client, and the log names the file and the mail's link so that a
 * developer can follow it. The log never holds the recipient: the file does, readable by the
 * service's user only.
 */
export class OutboxMailer implements Mailer {
  private readonly transport: Transporter<StreamTransport.SentMessageInfo> =
    nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  constructor(
    readonly dir: string,
    private readonly from: string,
    private readonly logger?: Logger,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Writes the mail as one `.eml` file. */
  async send(mail: Mail): Promise<void> {
    await this.write(mail);
  }

  /** Like {@link send}, and resolves with the file's name (inside {@link dir}). */
  async write(mail: Mail): Promise<string> {
    // Sortable by time, and unique without revealing anything about the mail.
    const file = `${this.clock.now().toFormat("yyyyMMdd'T'HHmmss")}-${randomBytes(6).toString('hex')}.eml`;
    try {
      const info = await this.transport.sendMail({
        from: this.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html ? { html: mail.html } : {}),
      });
      await mkdir(this.dir, { recursive: true });
      await writeFile(join(this.dir, file), info.message as Buffer, { flag: 'wx', mode: 0o600 });
    } catch (err) {
      const error = MailDeliveryError.from('outbox', err);
      this.logger?.error({ err: error, dir: this.dir }, 'could not write a mail to the outbox');
      throw error;
    }
    this.logger?.info({ file: join(this.dir, file) }, 'mail written to the outbox');
    // The one-time link for the developer: a debug line only, never at info.
    if (mail.link) this.logger?.debug({ link: mail.link }, 'link in the outbox mail');
    return file;
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

/** One mail, already rendered in the student's language. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /**
   * The one link the mail asks the reader to open, if any. Optional; the outbox adapter logs it
   * so that a developer without a mail server can follow it. Never contains personal data.
   */
  link?: string;
}

/** Sends mail: SMTP (`SMTP_URL`) or, by default, files in the outbox folder. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): Promise<void>;
}

/** One mail, already rendered in the student's language. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** Sends mail: SMTP (`SMTP_URL`) or, by default, files in the outbox folder. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): Promise<void>;
}

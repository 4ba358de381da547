import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One mail as the server received it: the SMTP envelope and the parsed message. */
export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  parsed: ParsedMail;
}

export interface TestSmtpServer {
  port: number;
  /** `smtp://127.0.0.1:<port>`, ready for `SMTP_URL`. */
  url: string;
  /** Every mail received so far, oldest first. */
  readonly mails: ReceivedMail[];
  /** Resolves once `count` mails have arrived (all of them); fails after `ms`. */
  waitForMails(count: number, ms?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export interface TestSmtpOptions {
  /** Recipients refused with "550 mailbox unavailable", as a real server refuses a typo. */
  rejectRecipients?: (address: string) => boolean;
}

/**
 * A real SMTP server on a free port of 127.0.0.1, for one test file: no TLS, no login, every
 * mail parsed with mailparser and kept in memory.
 */
export async function startSmtpServer(options: TestSmtpOptions = {}): Promise<TestSmtpServer> {
  const mails: ReceivedMail[] = [];
  let waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    hideSTARTTLS: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (options.rejectRecipients?.(address.address)) {
        const refused = Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 });
        callback(refused);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          mails.push({
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            },
            parsed,
          });
          const woken = waiters;
          waiters = [];
          woken.forEach((wake) => wake());
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  const waitForMails = async (count: number, ms = 10_000): Promise<ReceivedMail[]> => {
    const giveUpAt = Date.now() + ms;
    while (mails.length < count) {
      const left = giveUpAt - Date.now();
      if (left <= 0) throw new Error(`expected ${count} mails, received ${mails.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return mails.slice(0, count);
  };

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    mails,
    waitForMails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

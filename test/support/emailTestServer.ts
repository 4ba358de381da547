import type { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';
import * as restify from 'restify';
import type { EmailTokenStore } from '../../src/email/emailTokenStore';
import {
  EmailVerification,
  type ConfirmedEmail,
  type StartVerification,
} from '../../src/email/emailVerification';
import { MemoryEmailTokenStore } from '../../src/email/memoryEmailTokenStore';
import { registerEmailRoutes, type EmailFormGuard } from '../../src/email/registerEmailRoutes';
import { serveAsset } from '../../src/http/assets';
import type { Texts } from '../../src/i18n/i18n';
import { MailDeliveryError } from '../../src/mail/errors';
import type { Mail, Mailer } from '../../src/mail/mailer';
import { ManualClock } from '../../src/platform/clock';
import { createLogger } from '../../src/platform/logger';
import { loadTexts } from './texts';

/** Keeps every mail instead of sending it. */
export class CapturingMailer implements Mailer {
  readonly mails: Mail[] = [];
  failing = false;

  async send(mail: Mail): Promise<void> {
    if (this.failing) throw new MailDeliveryError('smtp', 'EENVELOPE', 550);
    this.mails.push(mail);
  }

  async close(): Promise<void> {}

  /** The token of the newest mail's link. */
  lastToken(): string {
    const link = this.mails[this.mails.length - 1]?.link;
    if (!link) throw new Error('no mail with a link was sent');
    return new URL(link).searchParams.get('token') ?? '';
  }
}

export const TARO: StartVerification = {
  studentId: 'a0123456',
  address: 'taro.kyodai@example.ac.jp',
  language: 'ja',
  purpose: 'register',
};

export interface EmailTestServer {
  url: string;
  texts: Texts;
  clock: ManualClock;
  mailer: CapturingMailer;
  verification: EmailVerification;
  /** Every `onConfirmed` call, in order. */
  confirmed: ConfirmedEmail[];
  /** Everything the service logged (JSON lines). */
  logLines: string[];
  /** Sends a confirmation mail and returns its token. */
  issue(overrides?: Partial<StartVerification>): Promise<string>;
  close(): Promise<void>;
}

export interface EmailTestServerOptions {
  store?: EmailTokenStore;
  onConfirmed?: (result: ConfirmedEmail) => Promise<void>;
  csrf?: EmailFormGuard;
}

/** The confirmation routes (and the page styles) on a free port, over a memory store. */
export async function startEmailTestServer(
  options: EmailTestServerOptions = {},
): Promise<EmailTestServer> {
  const texts = await loadTexts();
  const clock = new ManualClock('2024-01-16T15:00:00+09:00');
  const mailer = new CapturingMailer();
  const logLines: string[] = [];
  const destination: DestinationStream = { write: (line: string) => void logLines.push(line) };
  const logger = createLogger('debug', destination);
  const verification = new EmailVerification({
    store: options.store ?? new MemoryEmailTokenStore(),
    mailer,
    texts,
    clock,
    logger,
    publicUrl: 'http://127.0.0.1',
    callCenterPhone: '06-6809-4327',
  });
  const confirmed: ConfirmedEmail[] = [];
  const server = restify.createServer({ handleUncaughtExceptions: false });
  server.get('/assets/:file', serveAsset);
  registerEmailRoutes(server, {
    texts,
    logger,
    verification,
    csrf: options.csrf,
    onConfirmed: async (result) => {
      confirmed.push(result);
      await options.onConfirmed?.(result);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    texts,
    clock,
    mailer,
    verification,
    confirmed,
    logLines,
    issue: async (overrides = {}) => {
      const result = await verification.start({ ...TARO, ...overrides });
      if (result.status !== 'sent') throw new Error(`no mail sent: ${result.status}`);
      return mailer.lastToken();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.server.closeAllConnections();
      }),
  };
}

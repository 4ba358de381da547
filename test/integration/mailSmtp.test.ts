import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import type { DestinationStream } from 'pino';
import { EmailVerification } from '../../src/email/emailVerification';
import { MemoryEmailTokenStore } from '../../src/email/memoryEmailTokenStore';
import type { Texts } from '../../src/i18n/i18n';
import { createMailer } from '../../src/mail/createMailer';
import { MailDeliveryError } from '../../src/mail/errors';
import type { Mailer } from '../../src/mail/mailer';
import { OutboxMailer } from '../../src/mail/outboxMailer';
import { SmtpMailer } from '../../src/mail/smtpMailer';
import { ManualClock } from '../../src/platform/clock';
import { createLogger, type Logger } from '../../src/platform/logger';
import { freePort } from '../support/freePort';
import { startSmtpServer, type TestSmtpServer } from '../support/smtpServer';
import { loadTexts } from '../support/texts';

const FROM = 'Certificate Issuance <no-reply@certificates.example.ac.jp>';
const PUBLIC_URL = 'https://cert.example.ac.jp';

function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination: DestinationStream = { write: (line: string) => void lines.push(line) };
  return { logger: createLogger('debug', destination), lines };
}

describe('mail through a real SMTP server', () => {
  let smtp: TestSmtpServer;
  let texts: Texts;
  let mailer: Mailer;
  let clock: ManualClock;
  let log: { logger: Logger; lines: string[] };
  let verification: EmailVerification;

  beforeAll(async () => {
    texts = await loadTexts();
    smtp = await startSmtpServer({ rejectRecipients: (to) => to.startsWith('nobody@') });
  });

  afterAll(async () => {
    await smtp?.close();
  });

  beforeEach(() => {
    smtp.mails.splice(0);
    clock = new ManualClock('2024-01-16T15:00:00+09:00');
    log = capturingLogger();
    mailer = new SmtpMailer(smtp.url, FROM, log.logger);
    verification = new EmailVerification({
      store: new MemoryEmailTokenStore(),
      mailer,
      texts,
      clock,
      publicUrl: PUBLIC_URL,
      callCenterPhone: '06-6809-4327',
      logger: log.logger,
    });
  });

  afterEach(async () => {
    await mailer.close();
  });

  it('delivers the Japanese registration mail with the URL and the JST due time', async () => {
    await verification.start({
      studentId: 'a0123456',
      address: 'taro@example.ac.jp',
      language: 'ja',
      purpose: 'register',
    });
    const [mail] = await smtp.waitForMails(1);
    const t = texts.t('ja', 'mail');
    expect(mail.envelope.to).toEqual(['taro@example.ac.jp']);
    expect(mail.envelope.from).toBe('no-reply@certificates.example.ac.jp');
    expect(mail.parsed.subject).toBe(t('register.subject'));
    expect(mail.parsed.text).toContain(t('register.intro'));
    expect(mail.parsed.text).toContain(t('due', { minutes: 30, time: '2024年1月16日(火) 15:30' }));
    const url = mail.parsed.text?.match(/https:\/\/\S+/)?.[0] ?? '';
    expect(url).toMatch(/^https:\/\/cert\.example\.ac\.jp\/auth\/email\/confirm\?token=[\w-]{43}$/);
    expect(mail.parsed.html).toContain(`href="${url}"`);
    // The link in the mail is the one that confirms.
    const token = new URL(url).searchParams.get('token') ?? '';
    expect(await verification.confirm(token)).toMatchObject({ status: 'confirmed' });
  });

  it('delivers the English change mail, and the notice to the old address', async () => {
    await verification.start({
      studentId: 'a0123456',
      address: 'taro.new@example.jp',
      previousAddress: 'taro@example.ac.jp',
      language: 'en',
      purpose: 'change',
    });
    await verification.sendChangeNotice('taro@example.ac.jp', 'en');
    const [change, notice] = await smtp.waitForMails(2);
    expect(change.envelope.to).toEqual(['taro.new@example.jp']);
    expect(change.parsed.subject).toBe(texts.t('en', 'mail')('change.subject'));
    expect(change.parsed.text).toContain('You can change your email address.');
    expect(change.parsed.text).toContain(
      'Due date for the URL: 30 minutes (until Tue 16 Jan 2024, 15:30 JST)',
    );
    expect(notice.envelope.to).toEqual(['taro@example.ac.jp']);
    expect(notice.parsed.subject).toBe(texts.t('en', 'mail')('changed.subject'));
    expect(notice.parsed.text).toContain('06-6809-4327');
  });

  it('reports a refused recipient as MailDeliveryError without the address anywhere', async () => {
    const error = await verification
      .start({
        studentId: 'a0123456',
        address: 'nobody@example.jp',
        language: 'en',
        purpose: 'register',
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailDeliveryError);
    expect((error as MailDeliveryError).transport).toBe('smtp');
    expect((error as MailDeliveryError).responseCode).toBe(550);
    expect(JSON.stringify(error)).not.toContain('nobody');
    expect((error as Error).message).not.toContain('nobody');
    expect(log.lines.join('')).not.toContain('nobody');
    expect(log.lines.join('')).toContain('MailDeliveryError');
  });

  it('reports a server that does not answer as MailDeliveryError', async () => {
    const closed = new SmtpMailer(`smtp://127.0.0.1:${await freePort()}`, FROM);
    const error = await closed
      .send({ to: 'taro@example.jp', subject: 's', text: 't' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailDeliveryError);
    expect((error as MailDeliveryError).code).toBe('ESOCKET');
    await closed.close();
  });
});

describe('the outbox mailer', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'certbot-outbox-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a parseable .eml and logs its file and link, never the address', async () => {
    const log = capturingLogger();
    const outbox = new OutboxMailer(
      join(dir, 'var', 'outbox'),
      FROM,
      log.logger,
      new ManualClock('2024-01-16T15:00:00+09:00'),
    );
    const file = await outbox.write({
      to: 'taro@example.ac.jp',
      subject: 'メールアドレス設定',
      text: 'Open https://cert.example.ac.jp/auth/email/confirm?token=abc\n',
      html: '<p>Open</p>',
      link: 'https://cert.example.ac.jp/auth/email/confirm?token=abc',
    });
    expect(file).toMatch(/^20240116T150000-[0-9a-f]{12}\.eml$/);
    expect(await readdir(join(dir, 'var', 'outbox'))).toEqual([file]);
    const path = join(dir, 'var', 'outbox', file);
    expect((await stat(path)).mode & 0o777).toBe(0o600);

    const parsed = await simpleParser(await readFile(path));
    expect(parsed.subject).toBe('メールアドレス設定');
    expect(parsed.text).toContain('confirm?token=abc');
    expect(JSON.stringify(parsed.to)).toContain('taro@example.ac.jp');
    expect(JSON.stringify(parsed.from)).toContain('no-reply@certificates.example.ac.jp');

    const logged = log.lines.join('');
    expect(logged).toContain(file);
    expect(logged).toContain('https://cert.example.ac.jp/auth/email/confirm?token=abc');
    expect(logged).not.toContain('taro@');
    await outbox.close();
  });

  it('reports an unwritable folder as MailDeliveryError', async () => {
    // A file where the folder should be: mkdir fails whoever runs the test (root included).
    await writeFile(join(dir, 'blocker'), '');
    const outbox = new OutboxMailer(join(dir, 'blocker', 'outbox'), FROM);
    const error = await outbox
      .send({ to: 'taro@example.jp', subject: 's', text: 't' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailDeliveryError);
    expect((error as MailDeliveryError).code).toBe('ENOTDIR');
    await outbox.close();
  });
});

describe('createMailer', () => {
  it('uses SMTP when SMTP_URL is set and the outbox otherwise', async () => {
    const { logger, lines } = capturingLogger();
    const smtp = createMailer(
      { smtpUrl: 'smtp://127.0.0.1:2525', from: FROM, outboxDir: 'x' },
      logger,
    );
    const outbox = createMailer({ from: FROM, outboxDir: 'var/outbox' }, logger);
    expect(smtp).toBeInstanceOf(SmtpMailer);
    expect(outbox).toBeInstanceOf(OutboxMailer);
    expect((outbox as OutboxMailer).dir).toBe('var/outbox');
    // Saying that mail goes to the outbox is start-up's job (test/unit/deploymentCheck.test.ts).
    expect(lines).toEqual([]);
    await smtp.close();
    await outbox.close();
  });
});

import { FAKE_PAYPAL_CLIENT_ID, FAKE_PAYPAL_SECRET, FakePayPal } from '../support/fakePayPal';
import { freePort } from '../support/freePort';
import { testRedis, TEST_REDIS_URL, type TestRedis } from '../support/redis';
import {
  jsonLogLines,
  killServiceProcess,
  startServiceProcess,
  waitForStart,
  type ServiceProcess,
} from '../support/serviceProcess';
import { startSmtpServer, type TestSmtpServer } from '../support/smtpServer';

jest.setTimeout(180_000);

const METRICS_TOKEN = 'm'.repeat(48);
const REFUSAL_HEADING = 'The service refuses to start in production (NODE_ENV=production):';

/**
 * `NODE_ENV=production` as an operator runs it, in its own process: it refuses to start while a
 * demo part would be live (exit 1, every problem at once, a sentence a line, no stack trace), and
 * with every real part (local servers standing in for Redis, SMTP and PayPal) it starts and
 * serves no demo page.
 */
describe('the production profile', () => {
  let redis: TestRedis;
  let smtp: TestSmtpServer;
  let paypal: FakePayPal;
  let service: ServiceProcess | undefined;
  let real: Record<string, string>;

  beforeAll(async () => {
    redis = await testRedis();
    smtp = await startSmtpServer();
    paypal = await new FakePayPal().start();
    real = {
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://certificates.example.ac.jp',
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: redis.prefix,
      SMTP_URL: smtp.url,
      IDENTITY_DIRECTORY_FILE: 'test/fixtures/university-students.json',
      STAFF_ACCOUNTS_FILE: 'test/fixtures/university-staff.json',
      PAYPAL_CLIENT_ID: FAKE_PAYPAL_CLIENT_ID,
      PAYPAL_CLIENT_SECRET: FAKE_PAYPAL_SECRET,
      PAYPAL_WEBHOOK_ID: 'WH-PRODUCTION',
      PAYPAL_API_BASE_URL: paypal.url,
      SMARTPIT_CALLBACK_SECRET: 'production-smart-pit-secret',
      METRICS_TOKEN,
    };
  });
  afterEach(async () => {
    await killServiceProcess(service);
    service = undefined;
  });
  afterAll(async () => {
    await paypal.close();
    await smtp.close();
    await redis.cleanup();
  });

  const without = (...names: string[]) =>
    Object.fromEntries(Object.entries(real).filter(([name]) => !names.includes(name)));

  /** Starts the service with `env`, expects it to stop with exit 1, and returns its sentences. */
  async function refusedWith(env: Record<string, string>): Promise<string[]> {
    service = startServiceProcess(env);
    expect(await service.exited).toBe(1);
    const [heading, ...problems] = service.stderr().trim().split('\n');
    expect(heading).toBe(REFUSAL_HEADING);
    expect(service.stderr()).not.toMatch(/\bat .*\.[jt]s:\d+/);
    expect(service.stdout()).not.toContain('Open the web chat');
    return problems;
  }

  it('lists every demo part of a bare machine at once, a sentence a line', async () => {
    const problems = await refusedWith({ NODE_ENV: 'production' });
    expect(problems).toEqual([
      expect.stringMatching(/^- REDIS_URL is not set: .*\.$/),
      expect.stringMatching(/^- SMTP_URL is not set: .*\.$/),
      expect.stringMatching(/^- IDENTITY_DIRECTORY_FILE is not set .*\.$/),
      expect.stringMatching(/^- STAFF_ACCOUNTS_FILE is not set .*\.$/),
      expect.stringMatching(/^- The catalogue offers PayPal but PAYPAL_CLIENT_ID.*\.$/),
      expect.stringMatching(/^- The catalogue offers Smart Pit but SMARTPIT_CALLBACK_SECRET.*\.$/),
      expect.stringMatching(/^- PUBLIC_URL must start with https:\/\/ .*\.$/),
      expect.stringMatching(/^- METRICS_TOKEN is not set: .*\.$/),
    ]);
  });

  it.each<[string, string[], RegExp]>([
    ['memory state', ['REDIS_URL', 'REDIS_KEY_PREFIX'], /^- REDIS_URL is not set/],
    ['outbox mail', ['SMTP_URL'], /^- SMTP_URL is not set/],
    ['the demo directory', ['IDENTITY_DIRECTORY_FILE'], /^- IDENTITY_DIRECTORY_FILE is not set/],
    ['the demo staff account', ['STAFF_ACCOUNTS_FILE'], /^- STAFF_ACCOUNTS_FILE is not set/],
    [
      'PayPal offered without its gateway',
      ['PAYPAL_CLIENT_ID', 'PAYPAL_CLIENT_SECRET', 'PAYPAL_WEBHOOK_ID', 'PAYPAL_API_BASE_URL'],
      /^- The catalogue offers PayPal but PAYPAL_CLIENT_ID/,
    ],
    [
      'Smart Pit offered without its secret',
      ['SMARTPIT_CALLBACK_SECRET'],
      /^- The catalogue offers Smart Pit but SMARTPIT_CALLBACK_SECRET/,
    ],
    ['an open /metrics', ['METRICS_TOKEN'], /^- METRICS_TOKEN is not set/],
  ])('refuses to start with %s, saying exactly that', async (_what, missing, sentence) => {
    expect(await refusedWith(without(...missing))).toEqual([expect.stringMatching(sentence)]);
  });

  it('refuses an http PUBLIC_URL and the bundled demo files named explicitly', async () => {
    const problems = await refusedWith({
      ...real,
      PUBLIC_URL: 'http://certificates.example.ac.jp',
      IDENTITY_DIRECTORY_FILE: 'data/demo-students.json',
      STAFF_ACCOUNTS_FILE: 'data/demo-staff.json',
    });
    expect(problems).toEqual([
      expect.stringMatching(/^- IDENTITY_DIRECTORY_FILE is not set or is the bundled demo/),
      expect.stringMatching(/^- STAFF_ACCOUNTS_FILE is not set or is the bundled demo file/),
      expect.stringMatching(/^- PUBLIC_URL must start with https:\/\//),
    ]);
  });

  it('starts with every real part, and serves no demo page', async () => {
    const port = await freePort();
    service = startServiceProcess({ ...real, PORT: String(port) });
    await waitForStart(service);
    const base = `http://127.0.0.1:${port}`;
    const status = async (path: string, init?: RequestInit) =>
      (await fetch(`${base}${path}`, init)).status;
    const form = {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    };

    // The demo pages: the checkout, the Smart Pit cashier, the store-copier simulator and its
    // document download. All 404, buttons included.
    expect(await status('/pay/demo/AAAAAAAAAAAAAAAAAAAAAA')).toBe(404);
    expect(await status('/pay/demo/AAAAAAAAAAAAAAAAAAAAAA/pay', { ...form, body: 'lng=ja' })).toBe(
      404,
    );
    expect(await status('/pay/smartpit/1234567890123')).toBe(404);
    expect(await status('/pay/smartpit/1234567890123/pay', { ...form, body: 'lng=ja' })).toBe(404);
    expect(await status('/store')).toBe(404);
    expect(await status('/store/seven-eleven')).toBe(404);
    expect(await status('/store/seven-eleven', { ...form, body: 'number=L3QP5ZYC' })).toBe(404);
    expect(await status('/store/document/L3QP5ZYC')).toBe(404);
    // No MicrosoftAppId: the Bot Framework endpoint is not served at all.
    const activity = JSON.stringify({ type: 'message', channelId: 'emulator', text: 'hi' });
    const json = { 'Content-Type': 'application/json' };
    expect(await status('/api/messages', { method: 'POST', headers: json, body: activity })).toBe(
      404,
    );

    // What production does serve: the web chat, the verification page, health, and metrics
    // only with the token.
    expect(await status('/')).toBe(200);
    expect(await status('/verify/ABCD-EFGH-JKLM')).toBe(404);
    expect(await (await fetch(`${base}/verify/ABCD-EFGH-JKLM`)).text()).toContain('<html');
    expect(await status('/healthz')).toBe(200);
    expect(await status('/metrics')).toBe(401);
    const metrics = await fetch(`${base}/metrics`, {
      headers: { Authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('certbot_');

    // Production logs are JSON lines, with no warning and no demo part said.
    const logged = jsonLogLines(service);
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.filter((line) => Number(line.level) >= 40)).toEqual([]);
    expect(service.stdout()).not.toMatch(/demo/i);
  });
});

describe('outside production', () => {
  let service: ServiceProcess | undefined;
  afterEach(async () => {
    await killServiceProcess(service);
    service = undefined;
  });

  it('starts on embedded defaults and warns once for each demo part that is live', async () => {
    const port = await freePort();
    service = startServiceProcess({ PORT: String(port), LOG_FORMAT: 'json' });
    await waitForStart(service);
    const warnings = jsonLogLines(service)
      .filter((line) => line.level === 40)
      .map((line) => line.msg);
    expect(warnings).toEqual([
      expect.stringMatching(/^REDIS_URL is not set/),
      expect.stringMatching(/^SMTP_URL is not set/),
      expect.stringMatching(/^IDENTITY_DIRECTORY_FILE is not set/),
      expect.stringMatching(/^STAFF_ACCOUNTS_FILE is not set/),
      expect.stringMatching(/^PAYPAL_CLIENT_ID is not set: card payments go to the demo checkout/),
      expect.stringMatching(/^SMARTPIT_CALLBACK_SECRET is not set: cash payments go to the demo/),
      expect.stringMatching(/^The store-copier simulator \/store is served/),
      expect.stringMatching(/^MicrosoftAppId is not set: \/api\/messages accepts unauthenticated/),
    ]);
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/store`)).status).toBe(200);
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
  });

  it('writes readable lines for a person when asked (LOG_FORMAT=pretty), in Japan time', async () => {
    const port = await freePort();
    service = startServiceProcess({ PORT: String(port), LOG_FORMAT: 'pretty', TZ: 'UTC' });
    await waitForStart(service);
    const lines = service
      .stdout()
      .split('\n')
      .filter((line) => line.includes('REDIS_URL'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/^\{/);
    expect(lines[0]).toMatch(/^\[\d{2}:\d{2}:\d{2}\.\d{3}\] WARN.*REDIS_URL is not set/);
  });

  it('protects /metrics with METRICS_TOKEN when it is set', async () => {
    const port = await freePort();
    service = startServiceProcess({ PORT: String(port), METRICS_TOKEN });
    await waitForStart(service);
    const metrics = (authorization?: string) =>
      fetch(`http://127.0.0.1:${port}/metrics`, {
        headers: authorization ? { Authorization: authorization } : {},
      });
    const open = await metrics();
    expect(open.status).toBe(401);
    expect(open.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await metrics(`Bearer ${'x'.repeat(48)}`)).status).toBe(401);
    expect((await metrics(`Basic ${METRICS_TOKEN}`)).status).toBe(401);
    expect((await metrics(`Bearer ${METRICS_TOKEN}x`)).status).toBe(401);
    expect((await metrics(`Bearer ${METRICS_TOKEN}`)).status).toBe(200);
  });
});

import { DateTime } from 'luxon';
import { parseClockStart } from '../../src/config/clockStart';
import { loadConfig } from '../../src/config/config';
import { checkDeployment } from '../../src/config/deploymentCheck';
import { ConfigError } from '../../src/platform/errors';
import { serviceClock, StartedClock, systemClock, ZONE } from '../../src/platform/clock';

const START = '2027-03-01T09:00:00+09:00';

/** Every real part production needs, so that CLOCK_START is the only thing left to refuse. */
const PRODUCTION = {
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://certificates.example.ac.jp',
  REDIS_URL: 'rediss://redis.example.ac.jp:6380',
  SMTP_URL: 'smtps://mailer:secret@smtp.example.ac.jp:465',
  IDENTITY_DIRECTORY_FILE: 'test/fixtures/university-students.json',
  STAFF_ACCOUNTS_FILE: 'test/fixtures/university-staff.json',
  PAYPAL_CLIENT_ID: 'client',
  PAYPAL_CLIENT_SECRET: 'secret',
  PAYPAL_WEBHOOK_ID: 'WH-1',
  SMARTPIT_CALLBACK_SECRET: 'smart-pit-secret',
  METRICS_TOKEN: 'a'.repeat(40),
};

describe('a clock started at CLOCK_START', () => {
  it('starts at the instant given, then runs on at the pace of the elapsed time', () => {
    let elapsed = 5_000; // whatever the process had run before the clock was made
    const clock = new StartedClock(DateTime.fromISO(START, { setZone: true }), () => elapsed);
    expect(clock.now().toISO()).toBe('2027-03-01T09:00:00.000+09:00');
    elapsed += 90 * 60_000 + 250;
    expect(clock.now().toISO()).toBe('2027-03-01T10:30:00.250+09:00');
    elapsed += 3 * 24 * 3600_000;
    expect(clock.now().toISO()).toBe('2027-03-04T10:30:00.250+09:00');
  });

  it('speaks Japan time whatever offset the start was written in', () => {
    const clock = new StartedClock(DateTime.fromISO('2027-02-28T23:30:00Z', { setZone: true }));
    expect(clock.now().zoneName).toBe(ZONE);
    expect(clock.now().toFormat('yyyy-MM-dd HH:mm')).toBe('2027-03-01 08:30');
  });

  it('runs on the real elapsed time by default', async () => {
    const clock = new StartedClock(DateTime.fromISO(START, { setZone: true }));
    const first = clock.now();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(clock.now() > first).toBe(true);
    expect(clock.now() < first.plus({ hours: 1 })).toBe(true);
  });

  it('is the service clock only when a start is given', () => {
    expect(serviceClock(undefined)).toBe(systemClock);
    const started = serviceClock(DateTime.fromISO(START, { setZone: true }));
    expect(started).toBeInstanceOf(StartedClock);
    expect(started.now().year).toBe(2027);
  });
});

describe('the CLOCK_START setting', () => {
  it.each([
    [START, '2027-03-01T00:00:00.000Z'],
    ['2027-03-01T00:00Z', '2027-03-01T00:00:00.000Z'],
    ['2027-03-01T09:00:00.5+0900', '2027-03-01T00:00:00.500Z'],
  ])('reads %s as one instant', (raw, utc) => {
    expect(parseClockStart(raw)?.toUTC().toISO()).toBe(utc);
  });

  it.each([
    ['a time without its offset', '2027-03-01T09:00:00'],
    ['a date alone', '2027-03-01'],
    ['no date at all', 'tomorrow'],
    ['an impossible date', '2027-02-30T09:00:00+09:00'],
  ])('refuses %s with one sentence naming CLOCK_START', (_what, raw) => {
    let error: unknown;
    try {
      loadConfig({ CLOCK_START: raw });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^CLOCK_START must be an ISO date and time/);
    expect((error as Error).message).toContain(raw);
    expect((error as Error).message).toMatch(/^[^\n]*"\.$/); // one line, one closing full stop
  });

  it('is unset (the system clock) when empty', () => {
    expect(loadConfig({}).clockStart).toBeUndefined();
    expect(loadConfig({ CLOCK_START: '  ' }).clockStart).toBeUndefined();
  });

  it('is refused in production, in one sentence of the list', () => {
    expect(checkDeployment(loadConfig(PRODUCTION), []).refusals).toEqual([]);
    const report = checkDeployment(loadConfig({ ...PRODUCTION, CLOCK_START: START }), []);
    expect(report.refusals).toEqual([
      'CLOCK_START is set: production runs on the real clock, not on a demo start time.',
    ]);
  });

  it('is said in one start-up warning outside production, with the start', () => {
    const config = loadConfig({ CLOCK_START: START });
    const warnings = checkDeployment(config, []).warnings.filter((w) => /CLOCK_START/.test(w));
    expect(warnings).toEqual([expect.stringContaining('2027-03-01T09:00:00.000+09:00')]);
    expect(checkDeployment(loadConfig({}), []).warnings.join('\n')).not.toMatch(/CLOCK_START/);
  });
});

import { DateTime } from 'luxon';
import { freePort } from '../support/freePort';
import {
  jsonLogLines,
  killServiceProcess,
  startServiceProcess,
  waitForStart,
  type ServiceProcess,
} from '../support/serviceProcess';

jest.setTimeout(180_000);

const START = '2027-03-01T09:00:00+09:00';

describe('CLOCK_START, the service as a process', () => {
  let service: ServiceProcess | undefined;
  afterEach(async () => {
    await killServiceProcess(service);
    service = undefined;
  });

  it('starts the clock at that instant outside production, and says so once at start-up', async () => {
    service = startServiceProcess({ PORT: String(await freePort()), CLOCK_START: START });
    await waitForStart(service);
    const lines = jsonLogLines(service);
    const clock = lines.filter((line) => line.msg === 'clock');
    expect(clock).toEqual([expect.objectContaining({ clock: 'CLOCK_START' })]);
    // The clock had run for as long as start-up took, which is far less than a day.
    const now = DateTime.fromISO(String(clock[0].now), { setZone: true });
    const start = DateTime.fromISO(START);
    expect(now.toMillis()).toBeGreaterThanOrEqual(start.toMillis());
    expect(now.toMillis()).toBeLessThan(start.plus({ days: 1 }).toMillis());
    expect(now.offset).toBe(9 * 60); // Japan time
    const warnings = lines.filter((line) => String(line.msg).startsWith('CLOCK_START'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].msg).toContain('2027-03-01T09:00:00.000+09:00');
  });

  it('runs on the system clock without it', async () => {
    service = startServiceProcess({ PORT: String(await freePort()) });
    await waitForStart(service);
    const [clock] = jsonLogLines(service).filter((line) => line.msg === 'clock');
    expect(clock).toMatchObject({ clock: 'system' });
    expect(String(clock.now)).not.toMatch(/^2027-03-01T09/);
  });

  it('stops with one sentence naming CLOCK_START when the value is not a time with its offset', async () => {
    service = startServiceProcess({ CLOCK_START: '2027-03-01 09:00' });
    expect(await service.exited).toBe(1);
    expect(service.stderr().trim().split('\n')).toEqual([
      expect.stringMatching(/^Configuration error: CLOCK_START must be an ISO date and time/),
    ]);
  });

  it('is refused in production, as one line of the refusal', async () => {
    service = startServiceProcess({
      NODE_ENV: 'production',
      CLOCK_START: START,
      PUBLIC_URL: 'https://certificates.example.ac.jp',
    });
    expect(await service.exited).toBe(1);
    const lines = service.stderr().trim().split('\n');
    expect(lines[0]).toBe('The service refuses to start in production (NODE_ENV=production):');
    expect(lines).toContain(
      '- CLOCK_START is set: production runs on the real clock, not on a demo start time.',
    );
  });
});

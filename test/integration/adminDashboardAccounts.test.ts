import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app';
import { hashPassword } from '../../src/auth/passwordHash';
import { loadConfig } from '../../src/config/config';
import { ConfigError } from '../../src/platform/errors';
import { loadStaffAccountsFile } from '../../src/composition/dataFiles';
import { startService, type ServiceHarness } from '../support/appHarness';

const FAST = { N: 1024, r: 8, p: 1 };

describe('staff accounts file (STAFF_ACCOUNTS_FILE)', () => {
  let dir: string;
  let hash: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'staff-accounts-'));
    hash = await hashPassword('correct horse', FAST);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, content: unknown): string => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };
  const member = (fields: Record<string, unknown> = {}) => ({
    staffId: 'kyomu01',
    passwordHash: hash,
    name: { ja: '教務 一郎', en: 'Ichiro Kyomu' },
    ...fields,
  });

  it('loads the bundled demo account, staff01 / staff1234', async () => {
    const accounts = loadStaffAccountsFile('data/demo-staff.json');
    expect(accounts.size).toBe(1);
    expect(await accounts.authenticate('staff01', 'staff1234')).toEqual({
      staffId: 'staff01',
      name: { ja: '教務 花子', en: 'Hanako Kyomu' },
    });
    // Typed the way a Japanese keyboard in IME mode would.
    expect((await accounts.authenticate(' ＳＴＡＦＦ０１', 'staff1234'))?.staffId).toBe('staff01');
    expect(await accounts.authenticate('staff01', 'staff12345')).toBeUndefined();
    expect(await accounts.authenticate('nobody', 'staff1234')).toBeUndefined();
    expect(await accounts.authenticate('staff01', 'x'.repeat(2000))).toBeUndefined();
  });

  it.each([
    ['a missing file', () => join(dir, 'missing.json'), 'it cannot be read'],
    ['not JSON', () => file('text.json', 'staff01:secret'), 'it is not valid JSON'],
    ['no staff', () => file('empty.json', { staff: [] }), 'non-empty "staff" array'],
    ['a bad id', () => file('id.json', { staff: [member({ staffId: 'has space' })] }), 'staff[0]'],
    [
      'a password in clear',
      () => file('clear.json', { staff: [member(), member({ staffId: 'b', passwordHash: 'pw' })] }),
      'staff[1] has an invalid passwordHash',
    ],
    ['no name', () => file('name.json', { staff: [member({ name: { ja: '教務' } })] }), '"name"'],
    ['the same id twice', () => file('twice.json', { staff: [member(), member()] }), 'repeats'],
  ])('stops start-up on %s with one sentence naming STAFF_ACCOUNTS_FILE', (_case, path, reason) => {
    const at = path();
    let thrown: unknown;
    try {
      loadStaffAccountsFile(at);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const error = thrown as ConfigError;
    expect(error.variable).toBe('STAFF_ACCOUNTS_FILE');
    expect(error.message).toMatch(
      /^STAFF_ACCOUNTS_FILE: The staff accounts file ".+" cannot be used: /,
    );
    expect(error.message).toContain(reason);
    expect(error.message).not.toContain('\n');
    // A hash in the file is never repeated in the message.
    expect(error.message).not.toContain(hash);
  });

  it('makes createApp refuse to start with a bad file', async () => {
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      STAFF_ACCOUNTS_FILE: file('bad.json', { staff: [{ staffId: 'x' }] }),
    });
    await expect(createApp(config)).rejects.toThrow(ConfigError);
  });

  it('reads a file of its own with several members', async () => {
    const path = file('two.json', { staff: [member(), member({ staffId: 'Kyomu02' })] });
    const accounts = loadStaffAccountsFile(path);
    expect(accounts.size).toBe(2);
    expect(accounts.get('kyomu02')?.name.en).toBe('Ichiro Kyomu');
    expect((await accounts.authenticate('kyomu02', 'correct horse'))?.staffId).toBe('kyomu02');
  });
});

describe('staff dashboard cookies behind an https PUBLIC_URL', () => {
  let service: ServiceHarness;
  beforeAll(async () => {
    service = await startService({ PUBLIC_URL: 'https://certificates.example.ac.jp' });
  });
  afterAll(() => service.close());

  it('uses Secure __Host- cookies on path /', async () => {
    const page = await fetch(`${service.base}/admin/login?lng=en`);
    const cookies = page.headers.getSetCookie();
    const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    expect(cookies).toEqual([
      '__Host-certbot_staff_lng=en; Path=/; Secure; Max-Age=31536000; HttpOnly; SameSite=Lax',
      `__Host-certbot_staff_csrf=${csrf}; Path=/; Secure; Max-Age=43200; HttpOnly; SameSite=Strict`,
    ]);
    const login = await fetch(`${service.base}/admin/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Cookie: `__Host-certbot_staff_csrf=${csrf}`,
      },
      body: new URLSearchParams({ csrf, staffId: 'staff01', password: 'staff1234' }).toString(),
    });
    expect(login.status).toBe(303);
    const [session] = login.headers.getSetCookie();
    expect(session).toMatch(
      /^__Host-certbot_staff_session=[A-Za-z0-9_-]{43}; Path=\/; Secure; HttpOnly; SameSite=Strict$/,
    );
    const orders = await fetch(`${service.base}/admin`, {
      redirect: 'manual',
      headers: { Cookie: session.split(';')[0] },
    });
    expect(orders.status).toBe(200);
  });
});

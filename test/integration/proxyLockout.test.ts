import { startService, type ServiceHarness } from '../support/appHarness';
import { openForm, type PageForm } from '../support/formClient';
import { linkOf, WebChatStudent } from '../support/webChatStudent';

jest.setTimeout(90_000);

const ATTACKER = '203.0.113.7';
const STUDENT = '198.51.100.9';
const STAFF_ID = 'staff01';
const STAFF_PASSWORD = 'staff1234';

/** Headers of a request the load balancer forwards for `client` (none: straight to us). */
const forwardedFor = (client?: string): Record<string, string> =>
  client ? { 'X-Forwarded-For': client } : {};

/** Posts a page's form as a browser would, through the proxy for `client`. */
async function submitAs(
  base: string,
  form: PageForm,
  fields: Record<string, string>,
  client?: string,
): Promise<{ status: number; location: string | null }> {
  const response = await fetch(new URL(form.action, base), {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Cookie: form.cookie,
      Origin: new URL(base).origin,
      'Sec-Fetch-Site': 'same-origin',
      ...forwardedFor(client),
    },
    body: new URLSearchParams({ ...form.fields, ...fields }).toString(),
  });
  await response.text();
  return { status: response.status, location: response.headers.get('location') };
}

/** A login link of a new web-chat session, as the bot hands it out. */
async function loginLink(base: string): Promise<string> {
  const student = await WebChatStudent.open(base, 'en-US');
  await student.hear(2);
  await student.say('login');
  return linkOf((await student.hear(1))[0]);
}

/** One try at the university login page from `client`; the HTTP status it gets. */
async function studentLogin(
  base: string,
  link: string,
  client: string | undefined,
  studentId: string,
  password: string,
): Promise<number> {
  const form = await openForm(link, forwardedFor(client));
  return (await submitAs(base, form, { studentId, password }, client)).status;
}

/** One try at the staff login page from `client`. */
async function staffLogin(
  base: string,
  client: string | undefined,
  staffId: string,
  password: string,
): Promise<{ status: number; location: string | null }> {
  const form = await openForm(`${base}/admin/login`, forwardedFor(client));
  return submitAs(base, form, { staffId, password }, client);
}

describe('login limits behind a trusted proxy (whole service, Redis)', () => {
  let service: ServiceHarness;

  beforeEach(async () => {
    service = await startService({ TRUSTED_PROXIES: '127.0.0.1' });
  });
  afterEach(() => service.close());

  test('an attacker guessing one student’s password is stopped, and the student still logs in from elsewhere', async () => {
    const { base } = service;
    const attackerLink = await loginLink(base);
    // Five wrong passwords for a0123456 from one address: the sixth try is refused there…
    for (let i = 0; i < 5; i++) {
      expect(await studentLogin(base, attackerLink, ATTACKER, 'a0123456', `guess-${i}`)).toBe(401);
    }
    expect(await studentLogin(base, attackerLink, ATTACKER, 'a0123456', 'guess-5')).toBe(429);
    // …then 15 more IDs: 20 failures in all, and the address is locked for every ID.
    for (let i = 0; i < 15; i++) {
      expect(await studentLogin(base, attackerLink, ATTACKER, `x00000${10 + i}`, 'nope')).toBe(401);
    }
    expect(await studentLogin(base, attackerLink, ATTACKER, 'b0654321', 'demo1234')).toBe(429);
    expect(await studentLogin(base, attackerLink, ATTACKER, 'x0000099', 'nope')).toBe(429);

    // The student, at another address behind the same load balancer, is not locked out.
    const studentLink = await loginLink(base);
    expect(await studentLogin(base, studentLink, STUDENT, 'a0123456', 'demo1234')).toBe(200);
  });

  test('a staff member still signs in while an attacker is locked out of /admin', async () => {
    const { base } = service;
    for (let i = 0; i < 5; i++) {
      expect((await staffLogin(base, ATTACKER, STAFF_ID, `guess-${i}`)).status).toBe(401);
    }
    expect((await staffLogin(base, ATTACKER, STAFF_ID, 'guess-5')).status).toBe(429);
    for (let i = 0; i < 15; i++) {
      expect((await staffLogin(base, ATTACKER, `staff9${i}`, 'nope')).status).toBe(401);
    }
    expect((await staffLogin(base, ATTACKER, STAFF_ID, STAFF_PASSWORD)).status).toBe(429);

    const signedIn = await staffLogin(base, STUDENT, STAFF_ID, STAFF_PASSWORD);
    expect(signedIn).toEqual({ status: 303, location: '/admin' });
  });
});

describe('login limits with no trusted proxy (whole service, Redis)', () => {
  let service: ServiceHarness;

  beforeEach(async () => {
    service = await startService();
  });
  afterEach(() => service.close());

  test('a spoofed X-Forwarded-For changes nothing: rotating it does not escape the limit', async () => {
    const { base } = service;
    const link = await loginLink(base);
    for (let i = 0; i < 20; i++) {
      const spoof = `192.0.2.${i + 1}`;
      expect(await studentLogin(base, link, spoof, `x00000${10 + i}`, 'nope')).toBe(401);
    }
    expect(await studentLogin(base, link, '192.0.2.200', 'a0123456', 'demo1234')).toBe(429);
    expect(await studentLogin(base, link, undefined, 'a0123456', 'demo1234')).toBe(429);
  });

  test('the same for the staff dashboard login', async () => {
    const { base } = service;
    for (let i = 0; i < 20; i++) {
      expect((await staffLogin(base, `192.0.2.${i + 1}`, `staff9${i}`, 'nope')).status).toBe(401);
    }
    expect((await staffLogin(base, '192.0.2.200', STAFF_ID, STAFF_PASSWORD)).status).toBe(429);
  });
});

import type { Texts } from '../../src/i18n/i18n';
import type { Order } from '../../src/orders/order';
import { ManualClock } from '../../src/platform/clock';
import type { PushJob } from '../../src/staff/staffDesk';
import { STAFF_API_HEADERS } from '../../src/staff/api/staffApiHeaders';
import { STAFF_API_ROUTES } from '../../src/staff/api/staffApiRoutes';
import { startService, type ServiceHarness } from '../support/appHarness';
import { eventually } from '../support/browser';
import { openForm, submitForm } from '../support/formClient';
import { loadTexts } from '../support/texts';
import {
  applyForEnrollment,
  linkOf,
  registeredStudent,
  type WebChatStudent,
} from '../support/webChatStudent';

jest.setTimeout(90_000);

const OPS_TOKEN = 'ops-0123456789abcdef0123456789abcdef';
const ROBOT_TOKEN = 'robot-fedcba9876543210fedcba9876543210';
const TOKENS = `ops:${OPS_TOKEN},robot:${ROBOT_TOKEN}`;
/** The right length, one character off: must fare no better than any other wrong token. */
const NEAR_MISS = `${OPS_TOKEN.slice(0, -1)}0`;

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { error?: { code: string; message: string; problems?: unknown } };
}

interface CallOptions {
  token?: string;
  authorization?: string;
  body?: unknown;
  raw?: string | Blob;
  headers?: Record<string, string>;
}

function callApi(base: string) {
  return async (method: string, path: string, options: CallOptions = {}): Promise<Answer> => {
    const headers: Record<string, string> = { ...options.headers };
    const authorization =
      options.authorization ??
      (options.token === undefined ? undefined : `Bearer ${options.token}`);
    if (authorization !== undefined) headers.Authorization = authorization;
    let body: string | Blob | undefined = options.raw;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const response = await fetch(`${base}${path}`, { method, headers, body });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text && method !== 'HEAD' ? JSON.parse(text) : {},
    };
  };
}

function expectApiHeaders(answer: Answer): void {
  for (const [name, value] of Object.entries(STAFF_API_HEADERS)) {
    expect({ name, value: answer.headers.get(name) }).toEqual({ name, value });
  }
}

const ids = (orders: unknown): string[] => (orders as Order[]).map((o) => o.orderId).sort();

/**
 * The staff JSON API in the whole service (createApp as production wires it), on real Redis,
 * with real orders made by a student in the web chat and through the order service.
 */
describe('staff API', () => {
  let texts: Texts;
  let service: ServiceHarness;
  let api: ReturnType<typeof callApi>;
  let student: WebChatStudent;
  /** Paid on the demo checkout: printable, with a reservation. */
  let printable: Order;
  /** A transcript for FamilyMart, never paid for. */
  let draft: Order;
  /** Cash through Smart Pit, not paid yet. */
  let unpaid: Order;
  const clock = new ManualClock('2026-11-24T15:00:00+09:00');
  const message = { ja: '証明書の印刷期限が近づいています。', en: 'Your print deadline is near.' };

  beforeAll(async () => {
    texts = await loadTexts();
    service = await startService({ STAFF_API_TOKENS: TOKENS }, { clock });
    api = callApi(service.base);
    const en = texts.t('en');
    student = await registeredStudent(service.base, service.smtp, 'en-US');
    const pay = await applyForEnrollment(student, en, en('order.method.paypal'));
    await submitForm(service.base, await openForm(linkOf(pay)));
    await student.hear(4);
    const orders = service.app.orders;
    [printable] = await orders.listForStudent('a0123456');
    draft = await orders.create({
      studentId: 'a0123456',
      lines: [{ certificateId: 'transcript', language: 'ja', copies: 2 }],
      network: 'networkprint',
      language: 'ja',
    });
    const created = await orders.create({
      studentId: 'a0123456',
      lines: [{ certificateId: 'enrollment', language: 'en', copies: 1 }],
      network: 'netprint',
      language: 'en',
    });
    ({ order: unpaid } = await orders.startPayment(created.orderId, 'a0123456', 'smartpit'));
  });
  afterAll(async () => {
    await service?.close();
  });

  describe('refuses every request without a valid bearer token', () => {
    const requests: [string, string][] = [
      ...STAFF_API_ROUTES.map((r): [string, string] => [
        r.method,
        r.path.replace(':orderId', 'K7Q2M9XH4T').replace(':pushId', 'abc'),
      ]),
      ['GET', '/admin/api'],
      ['GET', '/admin/api/no-such-thing'],
      ['DELETE', '/admin/api/orders'],
      ['PUT', '/admin/api/pushes'],
    ];
    const credentials: [string, (() => string) | undefined][] = [
      ['no Authorization header', undefined],
      ['a wrong token', () => 'Bearer not-a-token'],
      ['a token of the right length but the wrong value', () => `Bearer ${NEAR_MISS}`],
      ['the right token in another scheme', () => `Basic ${OPS_TOKEN}`],
      ['an empty bearer', () => 'Bearer '],
      ['the right token with something after it', () => `Bearer ${OPS_TOKEN} x`],
    ];
    it.each(credentials)('%s → 401 on every endpoint, nothing done', async (_, header) => {
      const before = await api('GET', '/admin/api/pushes', { token: OPS_TOKEN });
      for (const [method, path] of requests) {
        const answer = await api(method, path, {
          authorization: header?.(),
          body: method === 'POST' ? { filter: {}, message } : undefined,
        });
        expect({ method, path, status: answer.status }).toEqual({ method, path, status: 401 });
        expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm="staff-api"/);
        expect(answer.body.error?.code).toBe('unauthorized');
        expectApiHeaders(answer);
      }
      const after = await api('GET', '/admin/api/pushes', { token: OPS_TOKEN });
      expect(after.body.pushes).toEqual(before.body.pushes);
    });

    it('says why in the caller’s language', async () => {
      const ja = await api('GET', '/admin/api/orders', { headers: { 'Accept-Language': 'ja' } });
      expect(ja.body.error?.message).toBe(texts.t('ja', 'staffApi')('errors.unauthorized'));
      const en = await api('GET', '/admin/api/orders', {
        headers: { 'Accept-Language': 'en-GB,en;q=0.8' },
      });
      expect(en.body.error?.message).toBe(texts.t('en', 'staffApi')('errors.unauthorized'));
    });
  });

  describe('orders', () => {
    it('lists orders newest first, filtered by each field', async () => {
      const all = await api('GET', '/admin/api/orders', { token: OPS_TOKEN });
      expect(all.status).toBe(200);
      expectApiHeaders(all);
      expect(ids(all.body.orders)).toEqual(ids([printable, draft, unpaid]));
      expect(all.body.truncated).toBe(false);

      const cases: [string, Order[]][] = [
        ['status=printable', [printable]],
        ['status=draft', [draft]],
        ['status=awaiting_payment', [unpaid]],
        ['network=networkprint', [draft]],
        ['certificateId=transcript', [draft]],
        ['certificateId=enrollment&network=netprint', [printable, unpaid]],
        ['studentId=A0123456', [printable, draft, unpaid]],
        ['studentId=b0654321', []],
        // Both open orders fall due at the midnight that starts 2 December.
        ['deadlineWithinHours=24', []],
        ['deadlineWithinHours=177', [printable, unpaid]],
      ];
      for (const [query, expected] of cases) {
        const answer = await api('GET', `/admin/api/orders?${query}`, { token: OPS_TOKEN });
        expect({ query, orders: ids(answer.body.orders) }).toEqual({
          query,
          orders: ids(expected),
        });
      }
    });

    it('cuts a long list at limit and says it did', async () => {
      const answer = await api('GET', '/admin/api/orders?limit=1', { token: ROBOT_TOKEN });
      expect((answer.body.orders as Order[]).length).toBe(1);
      expect(answer.body.truncated).toBe(true);
    });

    it('shows one order with its history, and 404 for an unknown one', async () => {
      const answer = await api('GET', `/admin/api/orders/${printable.orderId}`, {
        token: OPS_TOKEN,
      });
      expect(answer.status).toBe(200);
      const order = answer.body as unknown as Order;
      expect(order.status).toBe('printable');
      expect(order.reservation?.number).toMatch(/^[A-Z0-9]{8}$/);
      expect(order.history.map((event) => event.status)).toEqual([
        'draft',
        'awaiting_payment',
        'paid',
        'printable',
      ]);
      for (const unknown of ['ZZZZZZZZZZ', 'not%20an%20id']) {
        const missing = await api('GET', `/admin/api/orders/${unknown}`, { token: OPS_TOKEN });
        expect({ unknown, status: missing.status, code: missing.body.error?.code }).toEqual({
          unknown,
          status: 404,
          code: 'order_not_found',
        });
      }
    });

    it('refuses bad filters with 400 and the problems', async () => {
      const cases: [string, { field: string; code: string }[]][] = [
        ['status=lost', [{ field: 'status', code: 'invalid' }]],
        ['network=ministop', [{ field: 'network', code: 'invalid' }]],
        ['certificateId=diploma', [{ field: 'certificateId', code: 'invalid' }]],
        ['deadlineWithinHours=0', [{ field: 'deadlineWithinHours', code: 'invalid' }]],
        ['deadlineWithinHours=1.5', [{ field: 'deadlineWithinHours', code: 'invalid' }]],
        ['studentId=%3Cscript%3E', [{ field: 'studentId', code: 'invalid' }]],
        ['limit=0', [{ field: 'limit', code: 'invalid' }]],
        ['limit=501', [{ field: 'limit', code: 'invalid' }]],
        ['state=paid', [{ field: 'state', code: 'invalid' }]],
        ['status=paid&status=draft', [{ field: 'status', code: 'invalid' }]],
        [
          'status=lost&limit=x',
          [
            { field: 'limit', code: 'invalid' },
            { field: 'status', code: 'invalid' },
          ],
        ],
      ];
      for (const [query, problems] of cases) {
        const answer = await api('GET', `/admin/api/orders?${query}`, { token: OPS_TOKEN });
        expect({ query, status: answer.status, code: answer.body.error?.code }).toEqual({
          query,
          status: 400,
          code: 'invalid_request',
        });
        expect(answer.body.error?.problems).toEqual(problems);
      }
      const ja = await api('GET', '/admin/api/orders?status=lost', {
        token: OPS_TOKEN,
        headers: { 'Accept-Language': 'ja-JP' },
      });
      expect(ja.body.error?.message).toBe(texts.t('ja', 'staffApi')('errors.invalid_request'));
    });
  });

  describe('pushes', () => {
    const filter = { status: 'printable', certificateId: 'enrollment' };

    it('previews who a push reaches and the exact texts', async () => {
      const answer = await api('POST', '/admin/api/pushes/preview', {
        token: OPS_TOKEN,
        body: { filter, message },
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        audience: {
          students: 1,
          byChannel: { line: 0, webchat: 1, msteams: 0 },
          blocked: 0,
          unreachable: 0,
        },
        texts: {
          ja: texts.t('ja', 'push')('staffNotice', { message: message.ja }),
          en: texts.t('en', 'push')('staffNotice', { message: message.en }),
        },
      });
      const nobody = await api('POST', '/admin/api/pushes/preview', {
        token: OPS_TOKEN,
        body: { filter: { studentId: 'b0654321' }, message },
      });
      expect((nobody.body.audience as { students: number }).students).toBe(0);
    });

    it('starts a push (202), reports its delivery, and the student reads it', async () => {
      const started = await api('POST', '/admin/api/pushes', {
        token: OPS_TOKEN,
        body: { filter, message },
      });
      expect(started.status).toBe(202);
      expectApiHeaders(started);
      const job = started.body as unknown as PushJob;
      expect(started.headers.get('location')).toBe(`/admin/api/pushes/${job.pushId}`);
      expect(job).toMatchObject({ sentBy: 'api:ops', filter, message, recipients: 1 });
      expect(job.createdAt).toBe('2026-11-24T15:00:00+09:00');

      let report: PushJob | undefined;
      await eventually(async () => {
        const polled = await api('GET', started.headers.get('location') ?? '', {
          token: ROBOT_TOKEN,
        });
        expect(polled.status).toBe(200);
        expect(polled.body.status).toBe('done');
        report = polled.body as unknown as PushJob;
      });
      expect(report?.report).toEqual({
        line: { sent: 0, failed: 0, blocked: 0 },
        webchat: { sent: 1, failed: 0, blocked: 0 },
        msteams: { sent: 0, failed: 0, blocked: 0 },
      });
      expect(await student.hearTexts(1)).toEqual([
        texts.t('en', 'push')('staffNotice', { message: message.en }),
      ]);

      const listed = await api('GET', '/admin/api/pushes?limit=5', { token: OPS_TOKEN });
      expect((listed.body.pushes as PushJob[])[0].pushId).toBe(job.pushId);
      const audit = await api('GET', '/admin/api/audit?limit=10', { token: OPS_TOKEN });
      expect((audit.body.entries as unknown[])[0]).toEqual({
        at: '2026-11-24T15:00:00+09:00',
        actor: 'api:ops',
        action: 'push',
        pushId: job.pushId,
        recipients: 1,
      });
    });

    it('answers a repeated Idempotency-Key with the same push, not a second one', async () => {
      const send = (token: string, key: string, text = message) =>
        api('POST', '/admin/api/pushes', {
          token,
          body: { filter: { studentId: 'b0654321' }, message: text },
          headers: { 'Idempotency-Key': key },
        });
      const first = await send(OPS_TOKEN, 'retry-1');
      expect(first.status).toBe(202);
      const again = await send(OPS_TOKEN, 'retry-1');
      expect(again.status).toBe(202);
      expect(again.body.pushId).toBe(first.body.pushId);
      expect(again.headers.get('location')).toBe(first.headers.get('location'));
      expect(again.headers.get('idempotent-replayed')).toBe('true');

      const changed = await send(OPS_TOKEN, 'retry-1', { ...message, en: 'Something else.' });
      expect(changed.status).toBe(422);
      expect(changed.body.error?.code).toBe('idempotency_key_reused');
      // Keys belong to a token: another token's key starts its own push.
      const robot = await send(ROBOT_TOKEN, 'retry-1');
      expect(robot.status).toBe(202);
      expect(robot.body.pushId).not.toBe(first.body.pushId);
      expect(robot.body.sentBy).toBe('api:robot');

      const bad = await send(OPS_TOKEN, 'k'.repeat(201));
      expect(bad.status).toBe(400);
      expect(bad.body.error?.problems).toEqual([{ field: 'Idempotency-Key', code: 'invalid' }]);

      const audit = await api('GET', '/admin/api/audit', { token: OPS_TOKEN });
      const pushes = (audit.body.entries as { pushId?: string }[]).map((e) => e.pushId);
      expect(pushes.filter((id) => id === first.body.pushId)).toHaveLength(1);
      expect(pushes).toContain(robot.body.pushId);
    });

    it('starts one push for one key, however many requests carry it at once', async () => {
      const answers = await Promise.all(
        Array.from({ length: 8 }, () =>
          api('POST', '/admin/api/pushes', {
            token: OPS_TOKEN,
            body: { filter: { studentId: 'b0654321' }, message },
            headers: { 'Idempotency-Key': 'double-click' },
          }),
        ),
      );
      for (const answer of answers) expect([202, 409]).toContain(answer.status);
      const started = new Set(answers.filter((a) => a.status === 202).map((a) => a.body.pushId));
      expect(started.size).toBe(1);
      const busy = answers.find((a) => a.status === 409);
      if (busy) expect(busy.headers.get('retry-after')).toBe('1');
      const audit = await api('GET', '/admin/api/audit', { token: OPS_TOKEN });
      const [pushId] = started;
      const entries = (audit.body.entries as { pushId?: string }[]).filter(
        (e) => e.pushId === pushId,
      );
      expect(entries).toHaveLength(1);
    });

    it('404 for an unknown push', async () => {
      const answer = await api('GET', '/admin/api/pushes/0000000000000000', { token: OPS_TOKEN });
      expect(answer.status).toBe(404);
      expect(answer.body.error?.code).toBe('push_not_found');
    });
  });

  describe('request bodies', () => {
    const post = (options: CallOptions) =>
      api('POST', '/admin/api/pushes', { token: OPS_TOKEN, ...options });

    it('refuses what is not a JSON push request, and starts nothing', async () => {
      const before = await api('GET', '/admin/api/pushes', { token: OPS_TOKEN });
      const long = 'x'.repeat(1001);
      const cases: [string, CallOptions, number, string, unknown?][] = [
        [
          'a form',
          { raw: 'filter=', headers: { 'Content-Type': 'text/plain' } },
          415,
          'unsupported_media_type',
        ],
        ['no content type', { raw: new Blob(['{}']) }, 415, 'unsupported_media_type'],
        [
          'broken JSON',
          { raw: '{"filter": {', headers: { 'Content-Type': 'application/json' } },
          400,
          'bad_json',
        ],
        [
          'an empty body',
          { raw: '', headers: { 'Content-Type': 'application/json' } },
          400,
          'bad_json',
        ],
        ['an array', { body: [] }, 400, 'invalid_request', [{ field: 'body', code: 'invalid' }]],
        [
          'over 64 KiB',
          { body: { filter: {}, message: { ja: 'x'.repeat(70_000), en: 'x' } } },
          413,
          'body_too_large',
        ],
        [
          'no message',
          { body: { filter: {} } },
          400,
          'invalid_request',
          [{ field: 'message', code: 'required' }],
        ],
        [
          'no filter',
          { body: { message } },
          400,
          'invalid_request',
          [{ field: 'filter', code: 'required' }],
        ],
        [
          'a misspelt filter field',
          { body: { filter: { statuz: 'paid' }, message } },
          400,
          'invalid_request',
          [{ field: 'filter.statuz', code: 'invalid' }],
        ],
        [
          'a list where a value belongs',
          { body: { filter: { status: ['paid', 'draft'] }, message } },
          400,
          'invalid_request',
          [{ field: 'filter.status', code: 'invalid' }],
        ],
        [
          'an unknown status and an empty, a too long message',
          { body: { filter: { status: 'lost' }, message: { ja: ' ', en: long }, extra: 1 } },
          400,
          'invalid_request',
          [
            { field: 'extra', code: 'invalid' },
            { field: 'filter.status', code: 'invalid' },
            { field: 'message.ja', code: 'required' },
            { field: 'message.en', code: 'too_long' },
          ],
        ],
      ];
      for (const [name, options, status, code, problems] of cases) {
        for (const path of ['/admin/api/pushes', '/admin/api/pushes/preview']) {
          const answer = await api('POST', path, { token: OPS_TOKEN, ...options });
          expect({ name, path, status: answer.status, code: answer.body.error?.code }).toEqual({
            name,
            path,
            status,
            code,
          });
          if (problems)
            expect({ name, problems: answer.body.error?.problems }).toEqual({ name, problems });
          expectApiHeaders(answer);
        }
      }
      const after = await api('GET', '/admin/api/pushes', { token: OPS_TOKEN });
      expect(after.body.pushes).toEqual(before.body.pushes);
      // The numbers in a filter may come as JSON numbers.
      const numeric = await post({ body: { filter: { deadlineWithinHours: 1 }, message } });
      expect(numeric.status).toBe(202);
    });
  });

  describe('paths and methods', () => {
    it('answers 404 JSON for an unknown path and 405 with Allow for a wrong method', async () => {
      for (const path of [
        '/admin/api',
        '/admin/api/',
        '/admin/api/students',
        '/admin/api/orders/x/y',
      ]) {
        const answer = await api('GET', path, { token: OPS_TOKEN });
        expect({ path, status: answer.status, code: answer.body.error?.code }).toEqual({
          path,
          status: 404,
          code: 'not_found',
        });
        expectApiHeaders(answer);
      }
      const cases: [string, string, string][] = [
        ['DELETE', '/admin/api/orders', 'GET'],
        ['POST', '/admin/api/orders/K7Q2M9XH4T', 'GET'],
        ['GET', '/admin/api/pushes/preview', 'GET'],
        ['PATCH', '/admin/api/pushes', 'POST, GET'],
        ['PUT', '/admin/api/openapi.json', 'GET'],
      ];
      for (const [method, path, allow] of cases) {
        const answer = await api(method, path, { token: OPS_TOKEN });
        if (method === 'GET') {
          // `preview` reads as a push id: no such push.
          expect(answer.status).toBe(404);
          continue;
        }
        expect({ method, path, status: answer.status, allow: answer.headers.get('allow') }).toEqual(
          { method, path, status: 405, allow },
        );
        expect(answer.body.error?.code).toBe('method_not_allowed');
      }
    });
  });
});

describe('staff API without STAFF_API_TOKENS', () => {
  let service: ServiceHarness;

  beforeAll(async () => {
    service = await startService();
  });
  afterAll(async () => {
    await service?.close();
  });

  it('answers 401 to everything, whatever the token', async () => {
    const api = callApi(service.base);
    for (const { method, path } of STAFF_API_ROUTES) {
      for (const token of [undefined, OPS_TOKEN, '']) {
        const answer = await api(method, path.replace(/:\w+/, 'x'), { token });
        expect({ path, token, status: answer.status }).toEqual({ path, token, status: 401 });
        expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm="staff-api"/);
      }
    }
  });
});

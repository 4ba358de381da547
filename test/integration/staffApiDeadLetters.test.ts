import type { DeadLetter } from '../../src/turns/deadLetters';
import { RedisDeadLetters } from '../../src/turns/redisDeadLetters';
import { LIST_LIMITS } from '../../src/staff/api/staffApiRequests';
import { startService, type ServiceHarness } from '../support/appHarness';

jest.setTimeout(60_000);

const TOKEN = 'ops-0123456789abcdef0123456789abcdef';

const letter = (n: number): DeadLetter => ({
  at: '2026-11-24T15:00:00+09:00',
  channel: 'line',
  reason: n % 2 === 0 ? 'too_deep' : 'failed',
  eventId: `evt-${n}`,
  excerpt: `{"n":${n}}`,
});

/** `GET /admin/api/dead-letters` in the whole service on real Redis. */
describe('staff API: dead letters', () => {
  let service: ServiceHarness;
  const get = async (query: string, token: string | null = TOKEN) => {
    const response = await fetch(`${service.base}/admin/api/dead-letters${query}`, {
      headers: token === null ? {} : { Authorization: `Bearer ${token}` },
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    service = await startService({ STAFF_API_TOKENS: `ops:${TOKEN}` });
    const store = new RedisDeadLetters(service.redis.redis, service.redis.keys);
    for (let n = 1; n <= LIST_LIMITS.deadLetters.max + 3; n++) await store.record(letter(n));
  });
  afterAll(() => service?.close());

  it('refuses a request without a valid token, as every staff API route', async () => {
    expect((await get('', null)).status).toBe(401);
    expect((await get('', 'ops-wrong-token-0000000000000000000000')).status).toBe(401);
  });

  it('lists the newest first, the default number without limit', async () => {
    const { status, body } = await get('');
    expect(status).toBe(200);
    const letters = body.deadLetters as DeadLetter[];
    expect(letters).toHaveLength(LIST_LIMITS.deadLetters.fallback);
    expect(letters[0]).toEqual(letter(LIST_LIMITS.deadLetters.max + 3));
    expect((await get('?limit=2')).body).toEqual({
      deadLetters: [
        letter(LIST_LIMITS.deadLetters.max + 3),
        letter(LIST_LIMITS.deadLetters.max + 2),
      ],
    });
  });

  it('answers at most the maximum, however many are kept', async () => {
    const { status, body } = await get(`?limit=${LIST_LIMITS.deadLetters.max}`);
    expect(status).toBe(200);
    expect(body.deadLetters).toHaveLength(LIST_LIMITS.deadLetters.max);
  });

  it.each(['abc', '0', '-1', '1.5', String(LIST_LIMITS.deadLetters.max + 1), '99999999'])(
    'refuses limit=%s with the API’s 400',
    async (limit) => {
      const { status, body } = await get(`?limit=${limit}`);
      expect(status).toBe(400);
      expect(body).toMatchObject({
        error: { code: 'invalid_request', problems: [{ field: 'limit', code: 'invalid' }] },
      });
    },
  );
});

import { hashEmailToken, newEmailToken } from '../../src/email/emailToken';
import type { EmailTokenStore } from '../../src/email/emailTokenStore';
import { EmailVerification, type StartVerification } from '../../src/email/emailVerification';
import { InvalidEmailAddressError } from '../../src/email/errors';
import { MemoryEmailTokenStore } from '../../src/email/memoryEmailTokenStore';
import { RedisEmailTokenStore } from '../../src/email/redisEmailTokenStore';
import type { Texts } from '../../src/i18n/i18n';
import { MailDeliveryError } from '../../src/mail/errors';
import { ManualClock } from '../../src/platform/clock';
import { Metrics } from '../../src/platform/metrics';
import type { RedisClient } from '../../src/storage/redisConnection';
import { redisTargets } from '../support/redisTargets';
import { keysMatching, type TestRedis } from '../support/redis';
import { loadTexts } from '../support/texts';
import { CapturingMailer } from '../support/emailTestServer';

interface StoreUnderTest {
  store: EmailTokenStore;
  /** Another store over the same data (a second instance of the service), if there can be one. */
  twin?: () => EmailTokenStore;
  redis?: TestRedis;
  cleanup(): Promise<void>;
}

const connections: RedisClient[] = [];

const REDIS = redisTargets();

const factories: [string, () => Promise<StoreUnderTest>][] = [
  [
    'memory',
    async () => {
      const store = new MemoryEmailTokenStore();
      return { store, twin: () => store, cleanup: async () => undefined };
    },
  ],
  ...REDIS.map(({ name, connect }): [string, () => Promise<StoreUnderTest>] => [
    name,
    async () => {
      const redis = await connect();
      return {
        store: new RedisEmailTokenStore(redis.redis, redis.keys),
        twin: () => {
          const other = redis.connect();
          connections.push(other);
          return new RedisEmailTokenStore(other, redis.keys);
        },
        redis,
        cleanup: redis.cleanup,
      };
    },
  ]),
];

const START = '2024-01-16T15:00:00+09:00';
const TARO: StartVerification = {
  studentId: 'a0123456',
  address: 'taro@example.ac.jp',
  language: 'ja',
  purpose: 'register',
};

describe.each(factories)('EmailVerification on the %s store', (name, create) => {
  let texts: Texts;
  let subject: StoreUnderTest;
  let clock: ManualClock;
  let mailer: CapturingMailer;
  let metrics: Metrics;
  let verification: EmailVerification;

  const service = (store: EmailTokenStore) =>
    new EmailVerification({
      store,
      mailer,
      texts,
      clock,
      metrics,
      publicUrl: 'https://cert.example.ac.jp',
      callCenterPhone: '06-6809-4327',
    });

  beforeAll(async () => {
    texts = await loadTexts();
  });

  beforeEach(async () => {
    subject = await create();
    clock = new ManualClock(START);
    mailer = new CapturingMailer();
    metrics = new Metrics({ defaultMetrics: false });
    verification = service(subject.store);
  });

  afterEach(async () => {
    await subject.cleanup();
    await Promise.all(connections.splice(0).map((c) => c.quit()));
  });

  it('sends one mail to the address, with a link due 30 minutes later', async () => {
    const result = await verification.start(TARO);
    expect(result).toEqual({ status: 'sent', expiresAt: '2024-01-16T15:30:00.000+09:00' });
    expect(mailer.mails).toHaveLength(1);
    expect(mailer.mails[0].to).toBe('taro@example.ac.jp');
    expect(mailer.mails[0].subject).toBe(texts.t('ja', 'mail')('register.subject'));
    expect(mailer.mails[0].link).toMatch(
      /^https:\/\/cert\.example\.ac\.jp\/auth\/email\/confirm\?token=[A-Za-z0-9_-]{43}$/,
    );
  });

  it('lets a link be looked at any number of times, then confirmed exactly once', async () => {
    await verification.start(TARO);
    const token = mailer.lastToken();
    const valid = {
      status: 'valid',
      record: { ...TARO, expiresAt: '2024-01-16T15:30:00.000+09:00' },
    };
    expect(await verification.inspect(token)).toEqual(valid);
    expect(await verification.inspect(token)).toEqual(valid);
    expect(await verification.confirm(token)).toEqual({ status: 'confirmed', ...TARO });
    expect(await verification.confirm(token)).toEqual({ status: 'used' });
    expect(await verification.inspect(token)).toEqual({ status: 'used' });
  });

  it('carries the previous address of a change through to the confirmation', async () => {
    const change: StartVerification = {
      ...TARO,
      address: 'taro.new@example.jp',
      language: 'en',
      purpose: 'change',
      previousAddress: 'taro@example.ac.jp',
    };
    await verification.start(change);
    expect(mailer.mails[0].subject).toBe(texts.t('en', 'mail')('change.subject'));
    expect(await verification.confirm(mailer.lastToken())).toEqual({
      status: 'confirmed',
      ...change,
    });
  });

  it('knows nothing of a forged token, well-formed or not', async () => {
    await verification.start(TARO);
    for (const forged of [newEmailToken(), 'nonsense', '', `${mailer.lastToken()}A`]) {
      expect(await verification.inspect(forged)).toEqual({ status: 'unknown' });
      expect(await verification.confirm(forged)).toEqual({ status: 'unknown' });
    }
    expect(await verification.inspect(mailer.lastToken())).toMatchObject({ status: 'valid' });
  });

  it('expires a link 30 minutes after it was sent, by the injected clock', async () => {
    await verification.start(TARO);
    const token = mailer.lastToken();
    clock.advance({ minutes: 29, seconds: 59 });
    expect(await verification.inspect(token)).toMatchObject({ status: 'valid' });
    clock.advance({ seconds: 1 });
    expect(await verification.inspect(token)).toEqual({ status: 'expired' });
    expect(await verification.confirm(token)).toEqual({ status: 'expired' });
    expect(await verification.inspect(token)).toEqual({ status: 'expired' });
  });

  it('retires the earlier link when a new one is sent: only the newest works', async () => {
    await verification.start(TARO);
    const first = mailer.lastToken();
    clock.advance({ minutes: 1 });
    await verification.start({ ...TARO, address: 'taro2@example.ac.jp' });
    const second = mailer.lastToken();
    expect(await verification.inspect(first)).toEqual({ status: 'expired' });
    expect(await verification.confirm(first)).toEqual({ status: 'expired' });
    expect(await verification.confirm(second)).toMatchObject({
      status: 'confirmed',
      address: 'taro2@example.ac.jp',
    });
  });

  it("keeps students' links apart", async () => {
    await verification.start(TARO);
    const taro = mailer.lastToken();
    await verification.start({ ...TARO, studentId: 'b0654321', address: 'hanako@example.jp' });
    const hanako = mailer.lastToken();
    expect(await verification.confirm(taro)).toMatchObject({ studentId: 'a0123456' });
    expect(await verification.confirm(hanako)).toMatchObject({ studentId: 'b0654321' });
  });

  it('confirms exactly once when many clicks race, on one instance or two', async () => {
    await verification.start(TARO);
    const token = mailer.lastToken();
    const other = service(subject.twin ? subject.twin() : subject.store);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? other : verification).confirm(token)),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 'confirmed')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'used')).toHaveLength(19);
  });

  it('sends at most 3 mails in 30 minutes, then again once the oldest has aged out', async () => {
    for (const minute of [0, 10, 20]) {
      clock.set(START);
      clock.advance({ minutes: minute });
      expect(await verification.start(TARO)).toMatchObject({ status: 'sent' });
    }
    const newest = mailer.lastToken();
    clock.set('2024-01-16T15:25:00+09:00');
    expect(await verification.start(TARO)).toEqual({
      status: 'limited',
      retryAt: '2024-01-16T15:30:00.000+09:00',
    });
    expect(mailer.mails).toHaveLength(3);
    // A refused resend leaves the newest link working.
    expect(await verification.inspect(newest)).toMatchObject({ status: 'valid' });
    // Another student is not limited by Taro's mails.
    expect(
      await verification.start({ ...TARO, studentId: 'b0654321', address: 'hanako@example.jp' }),
    ).toMatchObject({ status: 'sent' });

    clock.set('2024-01-16T15:30:00+09:00');
    expect(await verification.start(TARO)).toMatchObject({ status: 'sent' });
    expect(await verification.start(TARO)).toEqual({
      status: 'limited',
      retryAt: '2024-01-16T15:40:00.000+09:00',
    });
    clock.set('2024-01-16T16:10:00+09:00');
    for (let i = 0; i < 3; i++) {
      expect(await verification.start(TARO)).toMatchObject({ status: 'sent' });
    }
    expect(await verification.start(TARO)).toMatchObject({ status: 'limited' });
  });

  it('honours a configured limit', async () => {
    verification = new EmailVerification({
      store: subject.store,
      mailer,
      texts,
      clock,
      publicUrl: 'https://cert.example.ac.jp',
      callCenterPhone: '06-6809-4327',
      sendLimit: { max: 1, windowMinutes: 5 },
      validMinutes: 10,
    });
    expect(await verification.start(TARO)).toEqual({
      status: 'sent',
      expiresAt: '2024-01-16T15:10:00.000+09:00',
    });
    expect(await verification.start(TARO)).toEqual({
      status: 'limited',
      retryAt: '2024-01-16T15:05:00.000+09:00',
    });
  });

  it('refuses an address that fails validation, sending nothing', async () => {
    await expect(verification.start({ ...TARO, address: 'taro＠example.jp' })).rejects.toThrow(
      InvalidEmailAddressError,
    );
    expect(mailer.mails).toHaveLength(0);
  });

  it('passes a failed hand-over to the caller', async () => {
    mailer.failing = true;
    await expect(verification.start(TARO)).rejects.toThrow(MailDeliveryError);
  });

  it('sends the change notice to the old address in its language', async () => {
    await verification.sendChangeNotice('old@example.jp', 'en');
    expect(mailer.mails).toHaveLength(1);
    expect(mailer.mails[0].to).toBe('old@example.jp');
    expect(mailer.mails[0].subject).toBe(texts.t('en', 'mail')('changed.subject'));
  });

  it('counts what happened in the metrics', async () => {
    await verification.start(TARO);
    await verification.confirm(mailer.lastToken());
    await verification.confirm(mailer.lastToken());
    const text = await metrics.registry.metrics();
    expect(text).toContain('certbot_email_verifications_total{event="sent"} 1');
    expect(text).toContain('certbot_email_verifications_total{event="confirmed"} 1');
    expect(text).toContain('certbot_email_verifications_total{event="used"} 1');
  });

  if (name === 'Redis') {
    it('keeps no raw token in Redis, only its hash, and lets every key expire', async () => {
      const redis = subject.redis as TestRedis;
      await verification.start(TARO);
      const first = mailer.lastToken();
      await verification.start(TARO);
      const second = mailer.lastToken();
      await verification.confirm(second);

      const keys = await keysMatching(redis.redis, `${redis.prefix}*`);
      expect(keys.length).toBeGreaterThan(0);
      let everything = keys.join('\n');
      for (const key of keys) {
        const type = await redis.redis.type(key);
        if (type === 'string') everything += await redis.redis.get(key);
        if (type === 'hash') everything += JSON.stringify(await redis.redis.hgetall(key));
        if (type === 'zset') everything += (await redis.redis.zrange(key, 0, -1)).join();
        expect(await redis.redis.pttl(key)).toBeGreaterThan(0);
      }
      for (const token of [first, second]) {
        expect(everything).not.toContain(token);
        expect(everything).toContain(hashEmailToken(token));
      }
    });
  }
});

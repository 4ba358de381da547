import { DateTime } from 'luxon';
import { ManualClock } from '../../src/platform/clock';
import { CertificateIssuer } from '../../src/printing/certificateIssuer';
import { LocalPrintRegistrar } from '../../src/printing/localPrintRegistrar';
import { MemoryPrintJobStore } from '../../src/printing/memoryPrintJobStore';
import {
  PrintDeadlinePassedError,
  ReservationNumberExhaustedError,
  VerificationCodeTakenError,
} from '../../src/printing/errors';
import type { PrintJobStore } from '../../src/printing/printJobStore';
import type { PrintedDocument } from '../../src/printing/printNetworkPort';
import { RedisPrintJobStore } from '../../src/printing/redisPrintJobStore';
import { testRedis, type TestRedis } from '../support/redis';
import { loadTexts } from '../support/texts';
import { APPLIED_AT, CATALOGUE, paidOrder, PRINT_DEADLINE, TARO } from '../support/printFixtures';

/** Bytes that draw exactly `number` (each character's index in A-Z0-9 is a usable byte). */
function bytesOf(number: string): number[] {
  return [...number].map((c) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.indexOf(c));
}

function scripted(...numbers: string[]): (size: number) => Uint8Array {
  const queue = numbers.flatMap(bytesOf);
  return (size) => Uint8Array.from(queue.splice(0, size));
}

const PDF = Uint8Array.from(Buffer.from('%PDF-1.7 first document'));
const DOCUMENT: PrintedDocument = {
  verificationCode: '7KQM-2XHD-PW9R',
  issuedAt: '2024-01-16T15:05:00.000+09:00',
  titles: ['Certificate of Enrollment'],
  holderInitials: 'T. K.',
};

interface Backend {
  jobs: PrintJobStore;
  /** Every key this test wrote (Redis) or undefined (memory). */
  keys(): Promise<string[] | undefined>;
  pttl?(key: 'job' | 'order' | 'verify', id: string): Promise<number>;
  cleanup(): Promise<void>;
}

const backends: [string, (clock: ManualClock) => Promise<Backend>][] = [
  [
    'memory',
    async (clock) => ({
      jobs: new MemoryPrintJobStore(clock),
      keys: async () => undefined,
      cleanup: async () => {},
    }),
  ],
  [
    'redis',
    async () => {
      const redis: TestRedis = await testRedis();
      return {
        jobs: new RedisPrintJobStore(redis.redis, redis.keys),
        keys: async () => (await redis.redis.keys(`${redis.prefix}*`)).sort(),
        pttl: (kind, id) =>
          redis.redis.pttl(
            kind === 'job'
              ? redis.keys.printJob(id)
              : kind === 'order'
                ? redis.keys.printJobOfOrder(id)
                : redis.keys.issuedCertificate(id),
          ),
        cleanup: () => redis.cleanup(),
      };
    },
  ],
];

describe.each(backends)('LocalPrintRegistrar on %s', (_name, makeBackend) => {
  let clock: ManualClock;
  let backend: Backend;

  beforeEach(async () => {
    clock = new ManualClock(APPLIED_AT);
    backend = await makeBackend(clock);
  });

  afterEach(() => backend.cleanup());

  it.each([
    ['netprint', /^[A-Z0-9]{8}$/],
    ['networkprint', /^[A-Z0-9]{10}$/],
  ] as const)(
    'issues a %s number and keeps the document waiting for the copier',
    async (network, format) => {
      const registrar = new LocalPrintRegistrar({ jobs: backend.jobs, clock });
      const order = paidOrder({ network, orderId: `ORD-${network}` });
      const registration = await registrar.register(order, PDF, DOCUMENT);
      expect(registration).toEqual({
        network,
        number: expect.stringMatching(format),
        document: DOCUMENT,
      });

      const job = await backend.jobs.get(registration.number);
      expect(job).toEqual({
        number: registration.number,
        network,
        orderId: order.orderId,
        pdf: Buffer.from(PDF).toString('base64'),
        printDeadline: PRINT_DEADLINE,
        verificationCode: DOCUMENT.verificationCode,
        status: 'waiting',
        document: DOCUMENT,
      });
      expect(await backend.jobs.forOrder(order.orderId)).toEqual(job);
      expect(await backend.jobs.verification(DOCUMENT.verificationCode)).toEqual({
        orderId: order.orderId,
        ...DOCUMENT,
      });
    },
  );

  it('answers a second registration of the order with the first number and stores nothing new', async () => {
    const registrar = new LocalPrintRegistrar({ jobs: backend.jobs, clock });
    const first = await registrar.register(paidOrder(), PDF, DOCUMENT);
    const keysAfterFirst = await backend.keys();

    const otherPdf = Uint8Array.from(Buffer.from('%PDF-1.7 second document'));
    const again = await registrar.register(paidOrder(), otherPdf, {
      ...DOCUMENT,
      verificationCode: 'AAAA-BBBB-CCCC',
    });
    expect(again).toEqual(first);
    expect(await backend.keys()).toEqual(keysAfterFirst);
    expect((await backend.jobs.get(first.number))?.pdf).toBe(Buffer.from(PDF).toString('base64'));
    expect(await backend.jobs.verification('AAAA-BBBB-CCCC')).toBeUndefined();
  });

  it('gives one number to an order registered several times at once', async () => {
    const registrar = new LocalPrintRegistrar({ jobs: backend.jobs, clock });
    const results = await Promise.all(
      Array.from({ length: 6 }, () => registrar.register(paidOrder(), PDF)),
    );
    expect(new Set(results.map((r) => r.number)).size).toBe(1);
    const keys = await backend.keys();
    if (keys) expect(keys).toHaveLength(2); // the job and its order's entry
  });

  it('draws again when a number is taken, and gives up after the attempts allowed', async () => {
    const first = new LocalPrintRegistrar({
      jobs: backend.jobs,
      clock,
      random: scripted('L3QP5ZYC'),
    });
    expect((await first.register(paidOrder({ orderId: 'A' }), PDF)).number).toBe('L3QP5ZYC');

    const colliding = new LocalPrintRegistrar({
      jobs: backend.jobs,
      clock,
      random: scripted('L3QP5ZYC', 'L3QP5ZYC', 'ZZZZ0000'),
    });
    expect((await colliding.register(paidOrder({ orderId: 'B' }), PDF)).number).toBe('ZZZZ0000');
    expect((await backend.jobs.get('L3QP5ZYC'))?.orderId).toBe('A');

    const unlucky = new LocalPrintRegistrar({
      jobs: backend.jobs,
      clock,
      maxAttempts: 3,
      random: scripted('L3QP5ZYC', 'ZZZZ0000', 'L3QP5ZYC'),
    });
    const failure = unlucky.register(paidOrder({ orderId: 'C' }), PDF);
    await expect(failure).rejects.toBeInstanceOf(ReservationNumberExhaustedError);
    await expect(failure).rejects.toMatchObject({ orderId: 'C', attempts: 3 });
    expect(await backend.jobs.forOrder('C')).toBeUndefined();
  });

  it('refuses a verification code that another certificate already has, storing nothing', async () => {
    const registrar = new LocalPrintRegistrar({ jobs: backend.jobs, clock });
    await registrar.register(paidOrder({ orderId: 'A' }), PDF, DOCUMENT);
    const keys = await backend.keys();
    await expect(
      registrar.register(paidOrder({ orderId: 'B' }), PDF, DOCUMENT),
    ).rejects.toBeInstanceOf(VerificationCodeTakenError);
    expect(await backend.jobs.forOrder('B')).toBeUndefined();
    expect(await backend.keys()).toEqual(keys);
  });

  it('keeps no verification record for a document without a well-formed code', async () => {
    const registrar = new LocalPrintRegistrar({ jobs: backend.jobs, clock });
    const blank = { ...DOCUMENT, verificationCode: '' };
    const first = await registrar.register(paidOrder({ orderId: 'A' }), PDF, blank);
    const second = await registrar.register(paidOrder({ orderId: 'B' }), PDF, blank);
    expect(first.document).toBeUndefined();
    expect(second.number).not.toBe(first.number);
    expect(await backend.jobs.verification('')).toBeUndefined();
    expect((await backend.jobs.get(second.number))?.verificationCode).toBeUndefined();
  });

  it('refuses an order whose print deadline has passed', async () => {
    clock.set(PRINT_DEADLINE);
    const registrar = new LocalPrintRegistrar({ jobs: backend.jobs, clock });
    await expect(registrar.register(paidOrder(), PDF)).rejects.toBeInstanceOf(
      PrintDeadlinePassedError,
    );
    expect(await backend.jobs.forOrder(paidOrder().orderId)).toBeUndefined();
  });

  it('forgets the job a day after the print deadline (by the injected clock)', async () => {
    const registrar = new LocalPrintRegistrar({ jobs: backend.jobs, clock });
    const { number } = await registrar.register(paidOrder(), PDF, DOCUMENT);
    const expected = DateTime.fromISO(PRINT_DEADLINE)
      .plus({ days: 1 })
      .diff(clock.now())
      .toMillis();
    if (backend.pttl) {
      // Redis counts down on its own clock: the TTL was set from the service's clock.
      for (const [kind, id] of [
        ['job', number],
        ['order', paidOrder().orderId],
      ] as const) {
        const ttl = await backend.pttl(kind, id);
        expect(ttl).toBeLessThanOrEqual(expected);
        expect(ttl).toBeGreaterThan(expected - 60_000);
      }
      expect(await backend.pttl('verify', DOCUMENT.verificationCode)).toBeGreaterThan(
        300 * 86_400_000,
      );
    } else {
      clock.set(DateTime.fromISO(PRINT_DEADLINE).plus({ days: 1, seconds: -1 }));
      expect(await backend.jobs.get(number)).toBeDefined();
      clock.set(DateTime.fromISO(PRINT_DEADLINE).plus({ days: 1 }));
      expect(await backend.jobs.get(number)).toBeUndefined();
      expect(await backend.jobs.forOrder(paidOrder().orderId)).toBeUndefined();
      expect(await backend.jobs.verification(DOCUMENT.verificationCode)).toBeDefined();
    }
  });

  it('marks a job printed once, keeping the first print time', async () => {
    const registrar = new LocalPrintRegistrar({ jobs: backend.jobs, clock });
    const { number } = await registrar.register(paidOrder(), PDF);
    const first = await backend.jobs.markPrinted(number, '2024-01-17T10:00:00.000+09:00');
    expect(first).toMatchObject({ status: 'printed', printedAt: '2024-01-17T10:00:00.000+09:00' });
    const second = await backend.jobs.markPrinted(number, '2024-01-18T10:00:00.000+09:00');
    expect(second?.printedAt).toBe('2024-01-17T10:00:00.000+09:00');
    expect(await backend.jobs.get(number)).toEqual(second);
    expect(
      await backend.jobs.markPrinted('NOSUCH00', '2024-01-18T10:00:00.000+09:00'),
    ).toBeUndefined();
    expect(await backend.jobs.get('NOSUCH00')).toBeUndefined();
  });

  it('issues a certificate once: a retried issue keeps the first number and verification code', async () => {
    const registrar = new LocalPrintRegistrar({ jobs: backend.jobs, clock });
    const issuer = new CertificateIssuer({
      printNetwork: registrar,
      clock,
      catalogue: CATALOGUE,
      texts: await loadTexts(),
      publicUrl: 'http://localhost:3978',
    });
    const first = await issuer.issue(paidOrder(), TARO);
    expect(first).toEqual({
      network: 'netprint',
      number: expect.stringMatching(/^[A-Z0-9]{8}$/),
      issuedAt: clock.now().toISO(),
      verificationCode: expect.stringMatching(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/),
    });
    clock.advance({ minutes: 5 });
    expect(await issuer.issue(paidOrder(), TARO)).toEqual(first);
    expect(await backend.jobs.verification(first.verificationCode)).toEqual({
      orderId: paidOrder().orderId,
      verificationCode: first.verificationCode,
      issuedAt: first.issuedAt,
      titles: ['Certificate of Enrollment', 'Academic Transcript'],
      holderInitials: 'T. K.',
      documents: [
        { name: { ja: '在学証明書', en: 'Certificate of Enrollment' }, language: 'en' },
        { name: { ja: '成績証明書', en: 'Academic Transcript' }, language: 'ja' },
      ],
      holder: { ja: '京＊ 太＊', en: 'T*** K*****' },
      validUntil: first.issuedAt.replace('2024-01-16', '2024-04-16'),
    });
    const pdf = Buffer.from((await backend.jobs.get(first.number))!.pdf, 'base64');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});

import { DataFileError } from '../../src/platform/errors';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { type Catalogue } from '../../src/orders/catalogue';
import { loadCatalogue } from '../../src/orders/loadCatalogue';
import { eligibleCertificates } from '../../src/orders/eligibleCertificates';
import { parseCatalogue } from '../../src/orders/parseCatalogue';
import { serviceAvailability } from '../../src/orders/serviceAvailability';
import type { DirectoryEntry } from '../../src/students/student';

const FILE = 'data/catalogue.json';

function student(overrides: Partial<DirectoryEntry>): DirectoryEntry {
  return {
    studentId: 'a0123456',
    name: { ja: '京大 太郎', en: 'Taro Kyodai' },
    program: 'undergraduate',
    year: 4,
    finalYear: true,
    faculty: { ja: '工学部', en: 'Faculty of Engineering' },
    ...overrides,
  };
}

function variant(change: (json: Record<string, unknown>) => void): string {
  const json = JSON.parse(JSON.stringify(loadCatalogue(FILE))) as Record<string, unknown>;
  change(json);
  return JSON.stringify(json);
}

describe('the default catalogue', () => {
  const catalogue = loadCatalogue(FILE);

  it('offers the five certificates of a Japanese university at 400 yen, up to 10 copies', () => {
    expect(catalogue.certificates.map((c) => c.id)).toEqual([
      'enrollment',
      'transcript',
      'expectedGraduation',
      'expectedCompletion',
      'health',
    ]);
    for (const certificate of catalogue.certificates) {
      expect(certificate.feePerCopy).toBe(400);
      expect(certificate.maxCopies).toBe(10);
    }
    expect(catalogue.certificates[0].name).toEqual({
      ja: '在学証明書',
      en: 'Certificate of Enrollment',
    });
    expect(catalogue.certificates.find((c) => c.id === 'health')?.languages).toEqual(['ja']);
  });

  it('has both copier networks, the payment methods, 7-day deadlines and 5 lines per order', () => {
    expect(catalogue.networks.map((n) => [n.id, n.stores.map((s) => s.name.en)])).toEqual([
      ['netprint', ['7-Eleven']],
      ['networkprint', ['FamilyMart', 'Lawson']],
    ]);
    expect(catalogue.paymentMethods).toEqual(['paypal', 'smartpit']);
    expect(catalogue.deadlines).toEqual({ paymentDays: 7, printDays: 7 });
    expect(catalogue.maxLinesPerOrder).toBe(5);
  });

  it('writes Japanese certificates in the Japanese era, valid 3 months; a file may say otherwise', () => {
    expect(catalogue.dateStyle).toBe('era');
    expect(catalogue.validityMonths).toBe(3);
    const gregorian = parseCatalogue(
      variant((j) => {
        j.dateStyle = 'gregorian';
        j.validityMonths = 6;
      }),
      'uni.json',
    );
    expect([gregorian.dateStyle, gregorian.validityMonths]).toEqual(['gregorian', 6]);
    const older = parseCatalogue(
      variant((j) => {
        delete j.dateStyle;
        delete j.validityMonths;
      }),
      'uni.json',
    );
    expect([older.dateStyle, older.validityMonths]).toEqual(['era', 3]);
  });

  it.each([
    ['final-year undergraduate', student({}), ['expectedGraduation']],
    ['final-year graduate', student({ program: 'graduate' }), ['expectedCompletion']],
    ['undergraduate in year 2', student({ year: 2, finalYear: false }), []],
    ['graduate in year 1', student({ program: 'graduate', year: 1, finalYear: false }), []],
  ])('lets a %s order the common certificates plus %j', (_who, entry, extra) => {
    const ids = eligibleCertificates(catalogue, entry).map((c) => c.id);
    expect(ids).toEqual(['enrollment', 'transcript', ...extra, 'health']);
  });
});

describe('loadCatalogue refuses a malformed file', () => {
  it('names the file when it is missing', () => {
    expect(() => loadCatalogue('data/no-such-catalogue.json')).toThrow(DataFileError);
    try {
      loadCatalogue('data/no-such-catalogue.json');
    } catch (err) {
      expect((err as DataFileError).file).toBe('data/no-such-catalogue.json');
      expect((err as DataFileError).code).toBe('ORDER_CATALOGUE_INVALID');
    }
  });

  it('reads a valid file from disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalogue-'));
    try {
      const file = join(dir, 'c.json');
      writeFileSync(
        file,
        variant((json) => (json.maxLinesPerOrder = 2)),
      );
      expect(loadCatalogue(file).maxLinesPerOrder).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const certificate = (json: Record<string, unknown>) =>
    (json.certificates as Record<string, unknown>[])[0];
  it.each<[string, string, RegExp]>([
    ['not JSON', '{ nope', /not valid JSON/],
    ['an array', '[]', /must be an object/],
    ['no certificates', variant((j) => (j.certificates = [])), /certificates/],
    ['a fee with decimals', variant((j) => (certificate(j).feePerCopy = 400.5)), /feePerCopy/],
    ['a negative fee', variant((j) => (certificate(j).feePerCopy = -1)), /feePerCopy/],
    ['zero copies', variant((j) => (certificate(j).maxCopies = 0)), /maxCopies/],
    ['a missing English name', variant((j) => (certificate(j).name = { ja: 'x' })), /"en"/],
    ['an unknown language', variant((j) => (certificate(j).languages = ['fr'])), /languages/],
    [
      'an unknown program',
      variant((j) => (certificate(j).eligibility = { programs: ['phd'] })),
      /programs/,
    ],
    [
      'a repeated id',
      variant((j) => (j.certificates = [certificate(j), certificate(j)])),
      /repeat an id/,
    ],
    ['an unknown network', variant((j) => (j.networks = [{ id: 'x' }])), /networks\[0\]/],
    ['an unknown payment method', variant((j) => (j.paymentMethods = ['cash'])), /paymentMethods/],
    ['deadlines missing', variant((j) => delete j.deadlines), /deadlines/],
    ['an unknown date style', variant((j) => (j.dateStyle = 'heisei')), /"dateStyle"/],
    ['a validity of 0 months', variant((j) => (j.validityMonths = 0)), /"validityMonths"/],
    ['a bad time', variant((j) => (j.maintenance = [{ from: 'soon', to: 'later' }])), /from/],
    [
      'a window ending before it starts',
      variant(
        (j) =>
          (j.closures = [{ from: '2025-01-02T00:00:00+09:00', to: '2025-01-01T00:00:00+09:00' }]),
      ),
      /end after it starts/,
    ],
  ])('%s', (_what, text, reason) => {
    expect(() => parseCatalogue(text, 'uni.json')).toThrow(DataFileError);
    expect(() => parseCatalogue(text, 'uni.json')).toThrow(reason);
    expect(() => parseCatalogue(text, 'uni.json')).toThrow(/"uni\.json"/);
  });
});

describe('serviceAvailability', () => {
  const base = loadCatalogue(FILE);
  const reason = { ja: '年末年始休業', en: 'New Year holidays' };
  const catalogue: Catalogue = {
    ...base,
    closures: [{ from: '2025-12-27T00:00:00+09:00', to: '2026-01-05T00:00:00+09:00', reason }],
    maintenance: [
      // Overlaps the end of the closure, and another one touches it: reopen after both.
      { from: '2026-01-04T22:00:00+09:00', to: '2026-01-05T03:00:00+09:00' },
      { from: '2026-01-05T03:00:00+09:00', to: '2026-01-05T06:00:00+09:00' },
      { from: '2025-06-01T01:00:00+09:00', to: '2025-06-01T05:00:00+09:00' },
    ],
  };
  const at = (iso: string) => serviceAvailability(catalogue, DateTime.fromISO(iso));

  it('is open outside every window, including the instant a window ends', () => {
    expect(at('2025-12-26T23:59:59+09:00')).toEqual({ open: true });
    expect(at('2025-06-01T05:00:00+09:00')).toEqual({ open: true });
    expect(at('2026-01-05T06:00:00+09:00')).toEqual({ open: true });
  });

  it('is closed from the first instant of a closure, with its reason', () => {
    expect(at('2025-12-27T00:00:00+09:00')).toEqual({
      open: false,
      reopensAt: '2026-01-05T06:00:00+09:00',
      reason,
    });
  });

  it('reopens at the end of the last overlapping or touching window', () => {
    expect(at('2026-01-05T02:00:00+09:00')).toEqual({
      open: false,
      reopensAt: '2026-01-05T06:00:00+09:00',
    });
  });

  it('reads a UTC "now" correctly and answers in Japan time', () => {
    expect(at('2025-05-31T16:30:00Z')).toEqual({
      open: false,
      reopensAt: '2025-06-01T05:00:00+09:00',
    });
  });

  it('is always open with the default (empty) windows', () => {
    expect(serviceAvailability(base, DateTime.fromISO('2025-12-31T12:00:00+09:00'))).toEqual({
      open: true,
    });
  });
});

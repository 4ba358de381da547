import { DataFileError } from '../platform/errors';
import { DateTime } from 'luxon';
import { LANGUAGES, type Language } from '../i18n/language';
import { ZONE } from '../platform/clock';
import {
  DATE_STYLES,
  type Catalogue,
  type CertificateType,
  type ClosedWindow,
  type LocalizedText,
  type StoreNetwork,
} from './catalogue';
import { isoJst } from './deadlines';
import type { PaymentMethod, PrintNetwork } from './order';

const PROGRAMS = ['undergraduate', 'graduate'] as const;
const NETWORKS: readonly PrintNetwork[] = ['netprint', 'networkprint'];
const PAYMENT_METHODS: readonly PaymentMethod[] = ['demo', 'paypal', 'smartpit'];
const ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

type Fail = (reason: string) => DataFileError;
type Json = Record<string, unknown>;

/**
 * Validates the text of a catalogue file (see {@link Catalogue}); window times come back as ISO
 * strings in Japan time. Throws {@link DataFileError} naming `file` and the first bad value.
 */
export function parseCatalogue(text: string, file: string): Catalogue {
  const fail: Fail = (reason) => new DataFileError('catalogue', file, reason);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new DataFileError('catalogue', file, 'it is not valid JSON', { cause: err });
  }
  const root = object(json, 'the file', fail);
  const certificates = nonEmptyArray(root.certificates, '"certificates"', fail).map((raw, i) =>
    certificate(raw, `certificates[${i}]`, fail),
  );
  unique(
    certificates.map((c) => c.id),
    '"certificates" repeat an id',
    fail,
  );
  const networks = nonEmptyArray(root.networks, '"networks"', fail).map((raw, i) =>
    network(raw, `networks[${i}]`, fail),
  );
  unique(
    networks.map((n) => n.id),
    '"networks" repeat an id',
    fail,
  );
  const paymentMethods = nonEmptyArray(root.paymentMethods, '"paymentMethods"', fail).map((raw) =>
    oneOf(raw, PAYMENT_METHODS, '"paymentMethods"', fail),
  );
  unique(paymentMethods, '"paymentMethods" repeat a method', fail);
  const deadlines = object(root.deadlines, '"deadlines"', fail);
  return {
    certificates,
    networks,
    paymentMethods,
    deadlines: {
      paymentDays: integer(deadlines.paymentDays, '"deadlines.paymentDays"', 0, 365, fail),
      printDays: integer(deadlines.printDays, '"deadlines.printDays"', 0, 365, fail),
    },
    maxLinesPerOrder: integer(root.maxLinesPerOrder, '"maxLinesPerOrder"', 1, 50, fail),
    closures: windows(root.closures, 'closures', true, fail),
    maintenance: windows(root.maintenance, 'maintenance', false, fail),
    dateStyle:
      root.dateStyle === undefined
        ? DATE_STYLES[0]
        : oneOf(root.dateStyle, DATE_STYLES, '"dateStyle"', fail),
    validityMonths:
      root.validityMonths === undefined
        ? 3
        : integer(root.validityMonths, '"validityMonths"', 1, 120, fail),
  };
}

function certificate(raw: unknown, at: string, fail: Fail): CertificateType {
  const item = object(raw, at, fail);
  if (typeof item.id !== 'string' || !ID.test(item.id)) {
    throw fail(`${at} needs an "id" of letters, digits, "_" or "-"`);
  }
  const eligibility = object(item.eligibility, `${at}.eligibility`, fail);
  const programs = nonEmptyArray(eligibility.programs, `${at}.eligibility.programs`, fail).map(
    (p) => oneOf(p, PROGRAMS, `${at}.eligibility.programs`, fail),
  );
  if (eligibility.finalYearOnly !== undefined && typeof eligibility.finalYearOnly !== 'boolean') {
    throw fail(`${at}.eligibility.finalYearOnly must be true or false`);
  }
  const languages = nonEmptyArray(item.languages, `${at}.languages`, fail).map((l) =>
    oneOf(l, LANGUAGES, `${at}.languages`, fail),
  );
  unique(languages, `${at}.languages repeat a language`, fail);
  return {
    id: item.id,
    name: localized(item.name, `${at}.name`, fail),
    ...(item.shortName === undefined
      ? {}
      : { shortName: shortLocalized(item.shortName, `${at}.shortName`, fail) }),
    eligibility: {
      programs: [...new Set(programs)],
      ...(eligibility.finalYearOnly ? { finalYearOnly: true } : {}),
    },
    languages,
    maxCopies: integer(item.maxCopies, `${at}.maxCopies`, 1, 100, fail),
    feePerCopy: integer(item.feePerCopy, `${at}.feePerCopy`, 0, 1_000_000, fail),
  };
}

function network(raw: unknown, at: string, fail: Fail): StoreNetwork {
  const item = object(raw, at, fail);
  const stores = nonEmptyArray(item.stores, `${at}.stores`, fail).map((store, i) => {
    const entry = object(store, `${at}.stores[${i}]`, fail);
    if (typeof entry.id !== 'string' || !ID.test(entry.id)) {
      throw fail(`${at}.stores[${i}] needs an "id" of letters, digits, "_" or "-"`);
    }
    return { id: entry.id, name: localized(entry.name, `${at}.stores[${i}].name`, fail) };
  });
  return {
    id: oneOf(item.id, NETWORKS, `${at}.id`, fail),
    name: localized(item.name, `${at}.name`, fail),
    stores,
  };
}

function windows(raw: unknown, at: string, withReason: boolean, fail: Fail): ClosedWindow[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw fail(`"${at}" must be an array`);
  return raw.map((entry, i) => {
    const item = object(entry, `${at}[${i}]`, fail);
    const from = time(item.from, `${at}[${i}].from`, fail);
    const to = time(item.to, `${at}[${i}].to`, fail);
    if (to <= from) throw fail(`${at}[${i}] must end after it starts`);
    const window: ClosedWindow = { from: isoJst(from), to: isoJst(to) };
    if (withReason && item.reason !== undefined) {
      window.reason = localized(item.reason, `${at}[${i}].reason`, fail);
    }
    return window;
  });
}

function time(raw: unknown, at: string, fail: Fail): DateTime {
  const parsed = typeof raw === 'string' ? DateTime.fromISO(raw, { zone: ZONE }) : undefined;
  if (!parsed?.isValid) throw fail(`${at} must be an ISO 8601 time`);
  return parsed;
}

function localized(raw: unknown, at: string, fail: Fail): LocalizedText {
  const item = object(raw, at, fail);
  const text = {} as LocalizedText;
  for (const language of LANGUAGES) {
    const value = item[language];
    if (typeof value !== 'string' || value.trim() === '') {
      throw fail(`${at} needs a non-empty "${language}" text`);
    }
    text[language as Language] = value;
  }
  return text;
}

function object(raw: unknown, at: string, fail: Fail): Json {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw fail(`${at} must be an object`);
  }
  return raw as Json;
}

function nonEmptyArray(raw: unknown, at: string, fail: Fail): unknown[] {
  if (!Array.isArray(raw) || raw.length === 0) throw fail(`${at} must be a non-empty array`);
  return raw;
}

function oneOf<T extends string>(raw: unknown, allowed: readonly T[], at: string, fail: Fail): T {
  if (typeof raw !== 'string' || !allowed.includes(raw as T)) {
    throw fail(`${at} accepts only ${allowed.map((a) => `"${a}"`).join(', ')}`);
  }
  return raw as T;
}

function integer(raw: unknown, at: string, min: number, max: number, fail: Fail): number {
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < min || raw > max) {
    throw fail(`${at} must be a whole number from ${min} to ${max}`);
  }
  return raw;
}

function unique(values: string[], reason: string, fail: Fail): void {
  if (new Set(values).size !== values.length) throw fail(reason);
}

/** A button label: both languages, at most 20 characters (what LINE's quick replies show). */
function shortLocalized(raw: unknown, at: string, fail: Fail): LocalizedText {
  const text = localized(raw, at, fail);
  for (const value of Object.values(text)) {
    if ([...value].length > 20) throw fail(`${at} must be at most 20 characters in each language`);
  }
  return text;
}

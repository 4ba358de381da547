import type { Language } from '../../src/i18n/language';
import type { Catalogue } from '../../src/orders/catalogue';
import type { PrintNetwork } from '../../src/orders/order';
import {
  CERTIFICATE_ALIASES,
  ENGLISH_FILLERS,
  ENGLISH_NUMBERS,
  JAPANESE_FILLERS,
  KANJI_DIGITS,
  LANGUAGE_WORDS,
  STORE_ALIASES,
} from './shortcutWords';

/** The answers a typed shortcut gives in advance. The order dialog still checks each one. */
export interface OrderShortcut {
  certificateId: string;
  language?: Language;
  /** As typed (0 and 99 included): the copies question refuses what is out of range. */
  copies?: number;
  /** The store chain named, when one was. */
  storeId?: string;
  network?: PrintNetwork;
}

/** Longer texts are sentences, not shortcuts (and are not worth reading word by word). */
const MAX_LENGTH = 80;
/** Control and format characters (RTL overrides, zero-width joiners, …) other than whitespace. */
const UNREADABLE = /[\p{C}]/u;
const NUMBER = /^\d{1,9}$/;

/** Full width to half width, case, dashes and spaces folded, for matching what students type. */
export function foldShortcutText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Reads a typed order shortcut: 「成績証明書を2部」, "2 English transcripts at Lawson",
 * 「在学証明書 英文 3部 ファミマ」, "transcript x3 7-eleven". Pure: the text and the catalogue
 * in, the answers (or undefined) out. The rules are conservative — when in doubt it is not a
 * shortcut, and the student gets the question as before:
 *
 * - A certificate must be named (its catalogue name or short name in either language, an
 *   English plural, the Japanese name without the final 書). Greetings, "help", a number alone
 *   are therefore never orders.
 * - Every other word must be understood: a language (英文, 日本語版, English, …), copies
 *   (「2部」「２枚」「二部」, "3 copies", "x3", "3x", a lone number, one…ten but seven), a store or
 *   copier network (セブン, 7-11, seven, ファミマ, Lawson, ネットワークプリント, …) or a short
 *   list of fillers (を, ください, "I want … please", "at", …). Anything else — "とは", "?",
 *   "how much", "いらない", "no", an unrelated sentence around the name — makes it not a
 *   shortcut, which is how questions and negations are left alone.
 * - Two different certificates, languages, stores or numbers of copies: not a shortcut.
 * - Longer than 80 characters, or holding control or format characters (an RTL override, a
 *   zero-width joiner): not a shortcut.
 */
export function parseOrderShortcut(text: string, catalogue: Catalogue): OrderShortcut | undefined {
  const folded = readable(text);
  if (folded === undefined) return undefined;
  const counted = takeCopies(folded);
  if (counted.found.some(Number.isNaN)) return undefined;
  const words = catalogueWords(catalogue);
  const stores = take(counted.rest, words.stores);
  const certificates = take(stores.rest, words.certificates);
  const languages = take(certificates.rest, LANGUAGE_VOCABULARY);
  const tokens = takeFillers(languages.rest).split(' ').filter(Boolean);
  const loose = tokens.map(looseNumber);
  if (loose.some((n) => n === undefined)) return undefined;

  const certificateId = single(certificates.found);
  const language = single(languages.found);
  const copies = single([...counted.found, ...(loose as number[])]);
  const store = single(stores.found);
  if (certificateId === undefined || certificateId === AMBIGUOUS) return undefined;
  if (language === AMBIGUOUS || copies === AMBIGUOUS || store === AMBIGUOUS) return undefined;
  return {
    certificateId,
    ...(language !== undefined && { language }),
    ...(copies !== undefined && { copies }),
    ...store,
  };
}

/**
 * A store chain or copier network named alone, as an answer to the store question ("セブン",
 * "ファミマで", "at Lawson"); undefined for anything else, by the rules of {@link parseOrderShortcut}.
 */
export function parseStoreName(
  text: string,
  catalogue: Catalogue,
): Omit<OrderShortcut, 'certificateId'> | undefined {
  const folded = readable(text);
  if (folded === undefined) return undefined;
  const stores = take(folded, catalogueWords(catalogue).stores);
  const store = single(stores.found);
  if (takeFillers(stores.rest).trim() || store === undefined || store === AMBIGUOUS) {
    return undefined;
  }
  return store;
}

/** The text folded, or undefined when it is too long or holds characters no student types. */
function readable(text: string): string | undefined {
  if (text.length > MAX_LENGTH * 4) return undefined;
  if (UNREADABLE.test(text.replace(/[\t\n\r]/g, ' '))) return undefined;
  const folded = foldShortcutText(text);
  return folded.length === 0 || folded.length > MAX_LENGTH ? undefined : folded;
}

const AMBIGUOUS = Symbol('ambiguous');

/** The one value found (repeats allowed), undefined for none, AMBIGUOUS for several. */
function single<T>(found: T[]): T | undefined | typeof AMBIGUOUS {
  const distinct = [...new Map(found.map((value) => [JSON.stringify(value), value])).values()];
  if (distinct.length > 1) return AMBIGUOUS;
  return distinct[0];
}

/** A word and what it means; matched longest first. */
type Vocabulary<T> = { pattern: RegExp; value: T }[];

const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A word as a pattern: ASCII edges must not run into other letters; "s"/"es" plurals allowed. */
function wordPattern(word: string, plural = false): RegExp {
  const body = escape(word).replace(/ /g, ' ?');
  const head = /^[a-z0-9]/.test(word) ? '(?<![a-z0-9])' : '';
  const tail = /[a-z0-9]$/.test(word) ? `${plural ? '(?:e?s)?' : ''}(?![a-z0-9])` : '';
  return new RegExp(`${head}${body}${tail}`, 'g');
}

function vocabulary<T>(entries: [string, T][], plural = false): Vocabulary<T> {
  const meanings = new Map<string, T[]>();
  for (const [word, value] of entries) {
    const folded = foldShortcutText(word);
    if (folded) meanings.set(folded, [...(meanings.get(folded) ?? []), value]);
  }
  return [...meanings]
    .filter(([, values]) => single(values) !== AMBIGUOUS) // a word naming two things names neither
    .sort(([a], [b]) => b.length - a.length)
    .map(([word, values]) => ({ pattern: wordPattern(word, plural), value: values[0] }));
}

/** Removes every word of the vocabulary from `text`, returning what they meant. */
function take<T>(text: string, words: Vocabulary<T>): { rest: string; found: T[] } {
  const found: T[] = [];
  let rest = text;
  for (const { pattern, value } of words) {
    rest = rest.replace(pattern, () => {
      found.push(value);
      return ' ';
    });
  }
  return { rest, found };
}

const byCatalogue = new WeakMap<
  Catalogue,
  { certificates: Vocabulary<string>; stores: Vocabulary<NamedStore> }
>();

/** The catalogue's names as patterns, built once per catalogue. */
function catalogueWords(catalogue: Catalogue) {
  let words = byCatalogue.get(catalogue);
  if (!words) {
    words = { certificates: certificateWords(catalogue), stores: storeWords(catalogue) };
    byCatalogue.set(catalogue, words);
  }
  return words;
}

/** The extra words of a catalogue id (ids are data: no prototype lookups). */
function wordsFor(
  table: Readonly<Record<string, readonly string[]>>,
  id: string,
): readonly string[] {
  return Object.hasOwn(table, id) ? table[id] : [];
}

function certificateWords(catalogue: Catalogue): Vocabulary<string> {
  return vocabulary(
    catalogue.certificates.flatMap((certificate) => {
      const names = [certificate.name, certificate.shortName ?? certificate.name].flatMap((n) => [
        n.ja,
        n.en,
        n.ja.replace(/書$/, ''),
      ]);
      return [...names, ...wordsFor(CERTIFICATE_ALIASES, certificate.id)].map(
        (word): [string, string] => [word, certificate.id],
      );
    }),
    true,
  );
}

type NamedStore = { storeId?: string; network: PrintNetwork };

function storeWords(catalogue: Catalogue): Vocabulary<NamedStore> {
  return vocabulary(
    catalogue.networks.flatMap((network) => [
      ...[network.name.ja, network.name.en].map((word): [string, NamedStore] => [
        word,
        { network: network.id },
      ]),
      ...network.stores.flatMap((store) =>
        [store.name.ja, store.name.en, ...wordsFor(STORE_ALIASES, store.id)].map(
          (word): [string, NamedStore] => [word, { storeId: store.id, network: network.id }],
        ),
      ),
    ]),
  );
}

const LANGUAGE_VOCABULARY = vocabulary(
  (Object.entries(LANGUAGE_WORDS) as [Language, readonly string[]][]).flatMap(([language, words]) =>
    words.map((word): [string, Language] => [word, language]),
  ),
);

const FILLER_PATTERNS = [
  ...ENGLISH_FILLERS.map((word) => wordPattern(word)),
  ...JAPANESE_FILLERS.map((word) => new RegExp(escape(word), 'g')),
];

function takeFillers(text: string): string {
  return FILLER_PATTERNS.reduce((rest, pattern) => rest.replace(pattern, ' '), text);
}

const ENGLISH_COUNT = `${Object.keys(ENGLISH_NUMBERS).join('|')}|seven`;
/** Copies with their unit or a multiplier: 2部, 二部, 3 copies, seven copies, x3, ×3, 3x. */
const COPIES_PATTERNS: RegExp[] = [
  new RegExp(`(?<![\\d.])(\\d{1,9}|[${KANJI_DIGITS}十]{1,3}) ?(?:部|枚|通)`, 'g'),
  new RegExp(`(?<![a-z0-9.])(\\d{1,9}|${ENGLISH_COUNT}) ?cop(?:y|ies)(?![a-z])`, 'g'),
  /(?<![a-z0-9.])[x×*] ?(\d{1,9})(?![\d.])/g,
  /(?<![\d.])(\d{1,9}) ?[x×](?![a-z0-9])/g,
];

function takeCopies(text: string): { rest: string; found: number[] } {
  const found: number[] = [];
  let rest = text;
  for (const pattern of COPIES_PATTERNS) {
    rest = rest.replace(pattern, (_match, count: string) => {
      found.push(countOf(count));
      return ' ';
    });
  }
  return { rest, found };
}

/** 「2」「二」「十二」「seven」 as a number; NaN when it is none. */
function countOf(count: string): number {
  if (/^\d+$/.test(count)) return Number(count);
  if (count === 'seven') return 7;
  if (Object.hasOwn(ENGLISH_NUMBERS, count)) return ENGLISH_NUMBERS[count];
  const [tens, ones] = count.includes('十') ? count.split('十') : ['', count];
  if (count.includes('十') && tens.length > 1) return NaN;
  if (ones.length > 1) return NaN;
  const digit = (kanji: string, empty: number) => (kanji ? KANJI_DIGITS.indexOf(kanji) : empty);
  return count.includes('十') ? digit(tens, 1) * 10 + digit(ones, 0) : digit(ones, NaN);
}

/** A leftover word that is a number of copies ("2 transcripts", "transcript 3"), else undefined. */
function looseNumber(token: string): number | undefined {
  if (NUMBER.test(token)) return Number(token);
  return Object.hasOwn(ENGLISH_NUMBERS, token) ? ENGLISH_NUMBERS[token] : undefined;
}

import type { Language } from '../../src/i18n/language';

/*
 * The words a typed order shortcut is read with, beside the names the catalogue gives its
 * certificates, stores and networks. They are what students type, not what the bot says, so
 * they live here rather than in `locales/`. All are written folded (see `foldShortcutText`).
 */

/** Ways of naming a store chain, by the catalogue's store id; an id the catalogue lacks is ignored. */
export const STORE_ALIASES: Readonly<Record<string, readonly string[]>> = {
  'seven-eleven': [
    'セブン-イレブン',
    'セブンイレブン',
    'セブン',
    'セブイレ',
    '7-11',
    '7-eleven',
    '7eleven',
    '711',
    'seven-eleven',
    'seven eleven',
    'seveneleven',
    'seven',
  ],
  familymart: ['ファミリーマート', 'ファミマ', 'familymart', 'family mart', 'famima'],
  lawson: ['ローソン', 'lawson'],
};

/** Ways of naming a certificate beyond its catalogue names, by certificate id. */
export const CERTIFICATE_ALIASES: Readonly<Record<string, readonly string[]>> = {
  enrollment: ['enrolment', 'certificate of enrolment'],
};

/** Words for the language a certificate is printed in. */
export const LANGUAGE_WORDS: Readonly<Record<Language, readonly string[]>> = {
  ja: ['日本語版', '日本語', '和文版', '和文', 'japanese version', 'japanese'],
  en: ['英語版', '英語', '英文版', '英文', 'english version', 'english'],
};

/** Copies spelled out in English ("seven" is left out: it names 7-Eleven, unless "seven copies"). */
export const ENGLISH_NUMBERS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  eight: 8,
  nine: 9,
  ten: 10,
};

/** Kanji digits for 「二部」 and the like. */
export const KANJI_DIGITS = '〇一二三四五六七八九';

/**
 * Words that may sit around the answers without changing them: particles, politeness, "I want
 * … please". Deliberately short: a word not listed here makes the message not a shortcut.
 * English ones count only as whole words; Japanese ones anywhere.
 */
export const ENGLISH_FILLERS: readonly string[] = [
  'i',
  "i'd",
  'we',
  'want',
  'would',
  'like',
  'need',
  'please',
  'pls',
  'get',
  'order',
  'apply',
  'for',
  'a',
  'an',
  'the',
  'at',
  'from',
  'in',
  'of',
  'to',
  'me',
  'my',
  'version',
  'print',
  'certificate',
  'certificates',
  'convenience',
  'store',
];

export const JAPANESE_FILLERS: readonly string[] = [
  'おねがいします',
  'お願いします',
  'お願い',
  'ください',
  '下さい',
  'ほしい',
  '欲しい',
  '申し込みます',
  '申し込みたい',
  '申し込む',
  '申し込み',
  '申込み',
  '申込',
  '発行',
  '印刷',
  'コンビニ',
  'です',
  'を',
  'で',
  'の',
  'に',
  'が',
  '、',
  '。',
  ',',
  '.',
  '!',
];

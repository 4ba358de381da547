import type { Texts } from '../../src/i18n/i18n';
import type { Answer } from '../support/fakeLineApi';

/** What one request LINE accepted for a student was, read from its first message. */
export type AnswerKind =
  | 'switch to English'
  | 'already in English'
  | 'switch to Japanese'
  | 'already in Japanese'
  | 'help in English'
  | 'help in Japanese'
  | 'menu in English'
  | 'menu in Japanese'
  | 'apology'
  | 'unexpected';

/**
 * What each student sends, round and round, with the answer it must get, and the answer that
 * shows something went wrong before it: a language switch answered "already in English" (this
 * turn ran before unseen, or the switch before it was lost), help or the menu in the language
 * the student had left. Neighbours are answered differently, and a turn run twice shows: a
 * switch run again says "already", help and the menu come again.
 */
export const COMMANDS = [
  { text: 'English', answer: 'switch to English', wrongAnswer: 'already in English' },
  { text: 'help', answer: 'help in English', wrongAnswer: 'help in Japanese' },
  { text: '日本語', answer: 'switch to Japanese', wrongAnswer: 'already in Japanese' },
  { text: 'menu', answer: 'menu in Japanese', wrongAnswer: 'menu in English' },
] as const satisfies readonly { text: string; answer: AnswerKind; wrongAnswer: AnswerKind }[];

export type Command = (typeof COMMANDS)[number];

/** Recognises answers by the real locale texts, never by copied sentences. */
export function answerRecogniser(texts: Texts): (answer: Answer) => AnswerKind {
  const en = texts.t('en');
  const ja = texts.t('ja');
  const apologies = texts.all('error.sorry');
  const exactly = new Map<string, AnswerKind>([
    [en('language.changed'), 'switch to English'],
    [en('language.unchanged'), 'already in English'],
    [ja('language.changed'), 'switch to Japanese'],
    [ja('language.unchanged'), 'already in Japanese'],
    [en('menu.prompt'), 'menu in English'],
    [ja('menu.prompt'), 'menu in Japanese'],
  ]);
  return (answer) => {
    const lines = answer.messages.map((message) => String(message.text ?? ''));
    if (lines.some((line) => apologies.includes(line))) return 'apology';
    const first = lines[0] ?? '';
    if (first.includes(en('help.body'))) return 'help in English';
    if (first.includes(ja('help.body'))) return 'help in Japanese';
    return exactly.get(first) ?? 'unexpected';
  };
}

import type { Language } from '../i18n/language';

/** The chat platforms a student can use; ids as botbuilder's `channelId`. */
export type ChatChannel = 'line' | 'webchat' | 'msteams';

/** One chat account: a LINE user id, a web-chat session, a Teams user. */
export interface ChatAccount {
  channel: ChatChannel;
  accountId: string;
}

/** A term of the academic year: 前期 / Spring, 後期 / Fall, 通年 / full year. */
export type Term = 'first' | 'second' | 'full';

/** One course a student took, as the registrar records it (printed on transcripts). */
export interface Course {
  /** The academic year it was taken, e.g. 2024. */
  year: number;
  term: Term;
  name: { ja: string; en: string };
  /** Credits earned when passed (a course failed still lists its credits). */
  credits: number;
  /** As the registrar gives it, in Latin letters so both languages print it: `A+`, `A`, `B`, `C`, `F`, `P`. */
  grade: string;
}

/** Who the university says a student is (from the identity port, at login). */
export interface DirectoryEntry {
  /** ECS-ID / SPS-ID, e.g. `a0123456`. */
  studentId: string;
  name: { ja: string; en: string };
  program: 'undergraduate' | 'graduate';
  /** Year of study (1 = first year). */
  year: number;
  /** Expected to graduate / complete at the end of this academic year. */
  finalYear: boolean;
  faculty: { ja: string; en: string };
  /** Courses taken, from the records (JSON only); transcripts list them. */
  courses?: Course[];
}

/** A student as the service keeps them: the directory facts plus what they registered. */
export interface Student extends DirectoryEntry {
  /** The confirmed address; undefined until the first confirmation. */
  email?: string;
  language?: Language;
  /** Chat accounts bound to this student. */
  accounts: ChatAccount[];
  /** The account the student wrote from last: proactive messages go there. */
  lastAccount?: ChatAccount;
  /** False when the student turned deadline reminders off in Settings; absent means on. */
  reminders?: boolean;
}

/** `line:U123…` — stable text form of an account, for keys and logs (never personal data). */
export function accountKey(account: ChatAccount): string {
  return `${account.channel}:${account.accountId}`;
}

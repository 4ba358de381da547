import type { ChatAccount, DirectoryEntry, Student } from './student';

/**
 * The rules of binding chat accounts to students, as pure functions on student records, so the
 * memory and Redis repositories apply exactly the same ones. Each returns a new record and
 * leaves out absent optional fields, so a record reads back the same from either store.
 */

export function sameAccount(a: ChatAccount | undefined, b: ChatAccount | undefined): boolean {
  return !!a && !!b && a.channel === b.channel && a.accountId === b.accountId;
}

/**
 * The student after a login from `account`: directory facts refreshed from `entry`, what the
 * student registered kept, `account` bound (once) and remembered as the last one used.
 */
export function loggedIn(
  existing: Student | undefined,
  entry: DirectoryEntry,
  account: ChatAccount,
): Student {
  const others = (existing?.accounts ?? []).filter((bound) => !sameAccount(bound, account));
  return compact({
    studentId: entry.studentId,
    name: { ja: entry.name.ja, en: entry.name.en },
    program: entry.program,
    year: entry.year,
    finalYear: entry.finalYear,
    faculty: { ja: entry.faculty.ja, en: entry.faculty.en },
    courses: entry.courses,
    email: existing?.email,
    language: existing?.language,
    reminders: existing?.reminders,
    accounts: [...others, copyAccount(account)],
    lastAccount: copyAccount(account),
  });
}

/**
 * The student without `account`. If it was the last one used, proactive messages go to the most
 * recently bound account left, or nowhere.
 */
export function withoutAccount(student: Student, account: ChatAccount): Student {
  const accounts = student.accounts.filter((bound) => !sameAccount(bound, account));
  const lastAccount = sameAccount(student.lastAccount, account)
    ? accounts[accounts.length - 1]
    : student.lastAccount;
  return compact({ ...student, accounts, lastAccount });
}

/** The student with `account` as the last one used; unchanged if it is not bound to them. */
export function touched(student: Student, account: ChatAccount): Student {
  if (!student.accounts.some((bound) => sameAccount(bound, account))) return student;
  return compact({ ...student, lastAccount: copyAccount(account) });
}

/** The student with some registered fields changed (undefined clears one). */
export function withFields(
  student: Student,
  fields: Partial<Pick<Student, 'email' | 'language' | 'reminders'>>,
): Student {
  return compact({ ...student, ...fields });
}

function copyAccount(account: ChatAccount): ChatAccount {
  return { channel: account.channel, accountId: account.accountId };
}

function compact(student: Student): Student {
  const copy = { ...student };
  // Reminders are on unless turned off: only `false` is worth storing.
  if (copy.reminders !== false) delete copy.reminders;
  for (const key of ['courses', 'email', 'language', 'lastAccount'] as const) {
    if (copy[key] === undefined) delete copy[key];
  }
  return copy;
}

import type { Course, Term } from './student';

const TERMS: readonly Term[] = ['first', 'second', 'full'];
const GRADE = /^[A-Z]{1,2}[+-]?$/;
/** Far above any student's record: a bound, not a rule. */
const MAX_COURSES = 500;

/**
 * Reads a student's optional `courses` (see {@link Course}) from a records entry; undefined when
 * there are none. `fail` gets what is wrong, naming the course by its position, never its content.
 */
export function parseCourses(raw: unknown, fail: (reason: string) => Error): Course[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw) || raw.length > MAX_COURSES) {
    throw fail(`needs "courses" as an array of at most ${MAX_COURSES} courses`);
  }
  return raw.map((value: unknown, i) => {
    const item = (value ?? {}) as Record<string, unknown>;
    const at = `courses[${i}]`;
    const { year, credits, grade, term } = item;
    if (typeof year !== 'number' || !Number.isInteger(year) || year < 1900 || year > 2200) {
      throw fail(`${at} needs a "year" such as 2024`);
    }
    if (!TERMS.includes(term as Term))
      throw fail(`${at} needs "term": "first", "second" or "full"`);
    const name = item.name as { ja?: unknown; en?: unknown } | undefined;
    const ja = typeof name?.ja === 'string' ? name.ja.trim() : '';
    const en = typeof name?.en === 'string' ? name.en.trim() : '';
    if (!ja || !en || ja.length > 80 || en.length > 120) {
      throw fail(`${at} needs "name": { "ja": "…", "en": "…" } with both texts`);
    }
    if (
      typeof credits !== 'number' ||
      !(credits >= 0 && credits <= 30) ||
      (credits * 2) % 1 !== 0
    ) {
      throw fail(`${at} needs "credits" from 0 to 30 (halves allowed)`);
    }
    if (typeof grade !== 'string' || !GRADE.test(grade)) {
      throw fail(`${at} needs a "grade" in capital letters, e.g. "A+", "B", "P"`);
    }
    return { year, term: term as Term, name: { ja, en }, credits, grade };
  });
}

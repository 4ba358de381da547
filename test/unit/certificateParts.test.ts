import { DataFileError } from '../../src/platform/errors';
import { documentDate } from '../../src/printing/documentDate';
import { maskedName } from '../../src/printing/maskedName';
import { subsetFontName } from '../../src/printing/subsetFontkit';
import { loggedIn } from '../../src/students/studentBindings';
import { parseStudentsJson } from '../../src/students/parseStudentsJson';
import { TARO } from '../support/printFixtures';

describe('certificate dates', () => {
  it.each([
    ['2026-12-01T10:00:00+09:00', 'ja', 'era', '令和8年12月1日'],
    ['2019-05-01T00:00:00+09:00', 'ja', 'era', '令和元年5月1日'],
    ['2019-04-30T23:59:59+09:00', 'ja', 'era', '平成31年4月30日'],
    // 15:30 UTC on 30 November is already 1 December in Japan.
    ['2026-11-30T15:30:00Z', 'ja', 'era', '令和8年12月1日'],
    ['2026-12-01T10:00:00+09:00', 'ja', 'gregorian', '2026年12月1日'],
    ['2026-12-01T10:00:00+09:00', 'en', 'era', '1 December 2026'],
  ] as const)('%s in %s (%s) is %s', (iso, language, style, expected) => {
    expect(documentDate(iso, language, style)).toBe(expected);
  });
});

describe('masked names', () => {
  it.each([
    ['京大 太郎', '＊', '京＊ 太＊'],
    ['髙﨑　邊', '＊', '髙＊ 邊＊'],
    ['吉田花子', '＊', '吉＊＊＊'],
    ['Taro Kyodai', '*', 'T*** K*****'],
    ['  Li ', '*', 'L*'],
  ] as const)('%s → %s', (name, mask, expected) => {
    expect(maskedName(name, mask)).toBe(expected);
  });
});

it('names a font subset as the PDF specification wants, the same for the same document', () => {
  const name = subsetFontName('BIZUDMincho-Regular', '7KQM-2XHD-PW9R');
  expect(name).toMatch(/^[A-Z]{6}\+BIZUDMincho-Regular$/);
  expect(subsetFontName('BIZUDMincho-Regular', '7KQM-2XHD-PW9R')).toBe(name);
  expect(subsetFontName('BIZUDMincho-Regular', '2222-3333-4444')).not.toBe(name);
});

describe('courses in the student records', () => {
  const entry = (courses: unknown) =>
    JSON.stringify({ students: [{ ...TARO, ...(courses === undefined ? {} : { courses }) }] });
  const read = (courses: unknown) =>
    parseStudentsJson(entry(courses), 'student records', 'records.json', (e) => e).get('a0123456');
  const course = {
    year: 2024,
    term: 'first',
    name: { ja: '線形代数学', en: 'Linear Algebra' },
    credits: 2,
    grade: 'A+',
  };

  it('reads them, and a student without any has none', () => {
    expect(read([course])?.courses).toEqual([course]);
    expect(read(undefined)).not.toHaveProperty('courses');
  });

  it('keeps them on the student at login, so a transcript can list them', () => {
    const student = loggedIn(undefined, read([course])!, { channel: 'webchat', accountId: 's1' });
    expect(student.courses).toEqual([course]);
    const without = loggedIn(student, read(undefined)!, { channel: 'webchat', accountId: 's1' });
    expect(without).not.toHaveProperty('courses');
  });

  it.each([
    ['not an array', {}, /"courses"/],
    ['a bad year', [{ ...course, year: 24 }], /courses\[0\] needs a "year"/],
    ['an unknown term', [{ ...course, term: 'summer' }], /courses\[0\] needs "term"/],
    ['a missing English name', [{ ...course, name: { ja: 'x' } }], /courses\[0\] needs "name"/],
    ['a third of a credit', [{ ...course, credits: 0.3 }], /courses\[0\] needs "credits"/],
    ['a grade in kanji', [course, { ...course, grade: '優' }], /courses\[1\] needs a "grade"/],
  ])('refuses %s, by position and never by content', (_what, courses, reason) => {
    expect(() => read(courses)).toThrow(DataFileError);
    expect(() => read(courses)).toThrow(reason);
  });
});

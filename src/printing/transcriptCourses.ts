import type { Translate } from '../i18n/i18n';
import type { Language } from '../i18n/language';
import type { Course } from '../students/student';
import { GREY, MARGIN, type CertificatePages } from './certificatePages';

const SIZE = 10;
const LEADING = 16;
/** Grades that earn no credit. */
const FAILED = new Set(['F']);

/**
 * A transcript's courses as a table (year, term, course, credits, grade) in the order of the
 * records, continued over as many pages as it needs (a continued page repeats the title and the
 * column headings), then the credits earned.
 */
export function drawTranscriptCourses(
  pages: CertificatePages,
  t: Translate,
  courses: Course[],
  language: Language,
  title: string,
): void {
  const { regular, bold } = pages.fonts;
  const right = MARGIN + pages.width;
  const columns = { year: MARGIN, term: MARGIN + 50, course: MARGIN + 120, credits: right - 60 };
  const courseWidth = columns.credits - columns.course - 40;
  const headings = (): void => {
    pages.text(t('transcript.year'), columns.year, SIZE, bold);
    pages.text(t('transcript.term'), columns.term, SIZE, bold);
    pages.text(t('transcript.course'), columns.course, SIZE, bold);
    pages.rightAligned(t('transcript.credits'), columns.credits, SIZE, bold);
    pages.rightAligned(t('transcript.grade'), right, SIZE, bold);
    pages.y -= LEADING + 2;
  };

  pages.y -= 10;
  if (courses.length === 0) {
    pages.paragraph(t('transcript.none'), MARGIN, 11, LEADING);
    return;
  }
  headings();
  for (const course of courses) {
    const names = pages.wrap(course.name[language], regular, SIZE, courseWidth);
    if (pages.ensure(names.length * LEADING)) {
      pages.y -= 40;
      pages.text(t('continued', { title }), MARGIN, 14, bold);
      pages.y -= 28;
      headings();
    }
    pages.text(String(course.year), columns.year, SIZE);
    pages.text(t(`transcript.terms.${course.term}`), columns.term, SIZE);
    pages.rightAligned(String(course.credits), columns.credits, SIZE);
    pages.rightAligned(course.grade, right, SIZE);
    for (const name of names) {
      pages.text(name, columns.course, SIZE);
      pages.y -= LEADING;
    }
  }
  const earned = courses
    .filter((course) => !FAILED.has(course.grade))
    .reduce((sum, course) => sum + course.credits, 0);
  pages.y -= 6;
  pages.ensure(2 * LEADING);
  pages.rightAligned(t('transcript.total', { credits: earned }), right, 11, bold);
  pages.y -= LEADING + 4;
  pages.paragraph(t('transcript.grades'), MARGIN, 9, 13, GREY);
}

/** A stored student ID: letters, digits, `.` `_` `-`, at most 64 characters, lower case. */
const STUDENT_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/**
 * The canonical form of a typed university ID: full-width characters (a Japanese keyboard in
 * IME mode) folded to ASCII, surrounding spaces dropped, lower case — `Ａ0123456 ` → `a0123456`.
 */
export function normalizeStudentId(input: string): string {
  return input.normalize('NFKC').trim().toLowerCase();
}

/** Whether a normalized ID has the shape data files may hold. */
export function isStudentId(normalized: string): boolean {
  return STUDENT_ID.test(normalized);
}

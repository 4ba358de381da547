import { isStudentId, normalizeStudentId } from '../../students/studentId';

/**
 * The student ID a claim holds: normalized like the login form (`normalizeStudentId`), then the
 * `@domain` removed (it follows the last `@`) — `A0123456@example.ac.jp` → `a0123456`. Undefined
 * when the claim is missing, not a string, or leaves nothing shaped like a student ID.
 */
export function studentIdFromClaim(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const normalized = normalizeStudentId(value);
  const at = normalized.lastIndexOf('@');
  const studentId = at < 0 ? normalized : normalized.slice(0, at);
  return isStudentId(studentId) ? studentId : undefined;
}

/**
 * The scopes to ask for: `openid profile` (`preferred_username`, `name`), and `email` when the
 * student ID is in the `email` claim. Other claims (Entra ID's `upn`, a custom claim) come with
 * the ID token as the provider is configured, whatever the scope.
 */
export function scopeFor(studentIdClaim: string): string {
  return studentIdClaim === 'email' ? 'openid profile email' : 'openid profile';
}

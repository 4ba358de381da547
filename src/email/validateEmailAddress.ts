/**
 * Why a typed address was refused, in the order the checks run: the first that applies is the
 * one the student is told about. Each has a sentence in `locales/<lng>/email.json`
 * (`validation.<reason>`).
 */
export type EmailRejection = 'empty' | 'fullWidth' | 'spaces' | 'invalid' | 'mismatch';

/** The outcome of checking a single address field. */
export type EmailAddressCheck =
  { ok: true; address: string } | { ok: false; reason: Exclude<EmailRejection, 'mismatch'> };

/** The outcome of checking "Mail address" against "Check". */
export type EmailAddressValidation =
  { ok: true; address: string } | { ok: false; reason: EmailRejection };

/** RFC 5321's limit on a forward path, which is what a mail server will accept. */
export const MAX_ADDRESS_LENGTH = 254;
const MAX_LOCAL_LENGTH = 64;

// Dot-atom only (RFC 5322 §3.4.1): quoted local parts are legal but no student has one, and
// accepting them would mostly let typos through.
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const TOP_LEVEL = /^([A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;

/**
 * Checks one address as typed, without trimming: the manual lists stray spaces and full-width
 * characters among the mistakes to point out, so they are reported rather than silently fixed.
 * On success the domain is lower-cased (domains are case-insensitive; local parts are not).
 */
export function checkEmailAddress(text: string): EmailAddressCheck {
  if (text.trim() === '') return { ok: false, reason: 'empty' };
  // The manual asks for single-byte characters; anything beyond ASCII (＠, ａ, a full-width
  // space) is what a Japanese input method produces by mistake.
  if (/[\u0080-\uffff]/.test(text)) return { ok: false, reason: 'fullWidth' };
  if (/\s/.test(text)) return { ok: false, reason: 'spaces' };
  const address = normalise(text);
  return address ? { ok: true, address } : { ok: false, reason: 'invalid' };
}

/**
 * Checks the "Mail address" and "Check" fields together: each field's own mistakes first (in
 * the order of {@link EmailRejection}), then whether both name the same address.
 */
export function validateEmailAddress(first: string, check: string): EmailAddressValidation {
  for (const reason of ['empty', 'fullWidth', 'spaces'] as const) {
    for (const field of [first, check]) {
      const result = checkEmailAddress(field);
      if (!result.ok && result.reason === reason) return result;
    }
  }
  const address = checkEmailAddress(first);
  if (!address.ok) return address;
  const again = checkEmailAddress(check);
  if (!again.ok || again.address !== address.address) return { ok: false, reason: 'mismatch' };
  return address;
}

/** The address with its domain lower-cased, or undefined if it is not a plausible address. */
function normalise(text: string): string | undefined {
  if (text.length > MAX_ADDRESS_LENGTH) return undefined;
  const parts = text.split('@');
  if (parts.length !== 2) return undefined;
  const [local, domain] = parts;
  if (local.length > MAX_LOCAL_LENGTH || !LOCAL_PART.test(local)) return undefined;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) return undefined;
  if (!TOP_LEVEL.test(labels[labels.length - 1])) return undefined;
  return `${local}@${domain.toLowerCase()}`;
}

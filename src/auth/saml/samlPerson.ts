import { normalizeStudentId } from '../studentId';
import { scopeAllowed, type IdpScope } from './idpMetadata';
import type { SamlAttributes } from './samlResponseChecks';
import { EDU_PERSON_AFFILIATION, EDU_PERSON_SCOPED_AFFILIATION } from './samlSettings';

/** How the attributes of an accepted assertion are read (the `SAML_*` settings, the metadata). */
export interface SamlPersonRules {
  /** The attribute holding the student ID (`SAML_STUDENT_ID_ATTRIBUTE`). */
  studentIdAttribute: string;
  /** The affiliation a student has (`SAML_REQUIRED_AFFILIATION`), lower case. */
  requiredAffiliation: string;
  /** The scopes the IdP may assert (its metadata's `shibmd:Scope`); empty = any. */
  scopes: readonly IdpScope[];
}

/** Who the assertion names: a student and their ID, someone else, or nobody we can use. */
export type SamlPerson =
  | { kind: 'student'; studentId: string }
  | { kind: 'notStudent'; affiliationReleased: boolean }
  | { kind: 'unusable'; reason: 'student_id_missing' | 'student_id_ambiguous' | 'scope' };

/**
 * Reads the person from the assertion's attributes. Only a person whose eduPersonAffiliation
 * includes the required one (or whose eduPersonScopedAffiliation has it at an allowed scope) is a
 * student. The student ID is the attribute's one value with any `@scope` removed (the scope must
 * be one the IdP's metadata allows), normalized like an ID typed on our form.
 */
export function samlPerson(attributes: SamlAttributes, rules: SamlPersonRules): SamlPerson {
  const affiliations = (attributes.get(EDU_PERSON_AFFILIATION) ?? []).map((value) =>
    value.toLowerCase(),
  );
  const scoped = (attributes.get(EDU_PERSON_SCOPED_AFFILIATION) ?? []).map(splitScope);
  const isStudent =
    affiliations.includes(rules.requiredAffiliation) ||
    scoped.some(
      ({ local, scope }) =>
        local.toLowerCase() === rules.requiredAffiliation &&
        scope !== undefined &&
        scopeAllowed(rules.scopes, scope),
    );
  if (!isStudent) {
    return { kind: 'notStudent', affiliationReleased: affiliations.length + scoped.length > 0 };
  }
  const values = [...new Set((attributes.get(rules.studentIdAttribute) ?? []).filter(Boolean))];
  if (values.length === 0) return { kind: 'unusable', reason: 'student_id_missing' };
  if (values.length > 1) return { kind: 'unusable', reason: 'student_id_ambiguous' };
  const { local, scope } = splitScope(values[0]);
  if (scope !== undefined && !scopeAllowed(rules.scopes, scope)) {
    return { kind: 'unusable', reason: 'scope' };
  }
  const studentId = normalizeStudentId(local);
  return studentId
    ? { kind: 'student', studentId }
    : { kind: 'unusable', reason: 'student_id_missing' };
}

/** `user@scope` → its parts (the scope follows the last `@`); no `@` = no scope. */
function splitScope(value: string): { local: string; scope?: string } {
  const at = value.lastIndexOf('@');
  return at < 0 ? { local: value } : { local: value.slice(0, at), scope: value.slice(at + 1) };
}

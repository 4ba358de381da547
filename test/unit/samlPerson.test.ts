import { DOMParser } from '@xmldom/xmldom';
import type { IdpScope } from '../../src/auth/saml/idpMetadata';
import { samlPerson, type SamlPersonRules } from '../../src/auth/saml/samlPerson';
import { checkSamlResponse, type SamlExpectations } from '../../src/auth/saml/samlResponseChecks';

const EPPN = 'urn:oid:1.3.6.1.4.1.5923.1.1.1.6';
const AFFILIATION = 'urn:oid:1.3.6.1.4.1.5923.1.1.1.1';
const SCOPED = 'urn:oid:1.3.6.1.4.1.5923.1.1.1.9';
const SCOPES: IdpScope[] = [{ value: 'example.ac.jp', regexp: false }];
const RULES: SamlPersonRules = {
  studentIdAttribute: EPPN,
  requiredAffiliation: 'student',
  scopes: SCOPES,
};

const attributes = (entries: Record<string, string[]>) => new Map(Object.entries(entries));

describe('the person in a SAML assertion', () => {
  it('is a student by eduPersonAffiliation; the ID loses its scope and is normalized', () => {
    const person = samlPerson(
      attributes({ [EPPN]: ['Ａ0123456@EXAMPLE.AC.JP'], [AFFILIATION]: ['member', 'Student'] }),
      RULES,
    );
    expect(person).toEqual({ kind: 'student', studentId: 'a0123456' });
  });

  it('is a student by eduPersonScopedAffiliation at an allowed scope only', () => {
    const eppn = { [EPPN]: ['a0123456@example.ac.jp'] };
    expect(
      samlPerson(attributes({ ...eppn, [SCOPED]: ['student@example.ac.jp'] }), RULES).kind,
    ).toBe('student');
    expect(
      samlPerson(attributes({ ...eppn, [SCOPED]: ['student@elsewhere.ac.jp'] }), RULES),
    ).toEqual({ kind: 'notStudent', affiliationReleased: true });
  });

  it('is no student for staff, or when no affiliation was released', () => {
    const eppn = { [EPPN]: ['t0000001@example.ac.jp'] };
    expect(samlPerson(attributes({ ...eppn, [AFFILIATION]: ['staff', 'member'] }), RULES)).toEqual({
      kind: 'notStudent',
      affiliationReleased: true,
    });
    expect(samlPerson(attributes(eppn), RULES)).toEqual({
      kind: 'notStudent',
      affiliationReleased: false,
    });
  });

  it('follows SAML_REQUIRED_AFFILIATION and SAML_STUDENT_ID_ATTRIBUTE', () => {
    const rules = {
      ...RULES,
      requiredAffiliation: 'member',
      studentIdAttribute: 'urn:oid:0.9.2342.19200300.100.1.1',
    };
    const person = samlPerson(
      attributes({ 'urn:oid:0.9.2342.19200300.100.1.1': ['b0654321'], [AFFILIATION]: ['member'] }),
      rules,
    );
    expect(person).toEqual({ kind: 'student', studentId: 'b0654321' });
  });

  it('is unusable without one student ID at an allowed scope', () => {
    const student = { [AFFILIATION]: ['student'] };
    expect(samlPerson(attributes(student), RULES)).toEqual({
      kind: 'unusable',
      reason: 'student_id_missing',
    });
    expect(
      samlPerson(
        attributes({ ...student, [EPPN]: ['a0123456@example.ac.jp', 'b0654321@example.ac.jp'] }),
        RULES,
      ),
    ).toEqual({ kind: 'unusable', reason: 'student_id_ambiguous' });
    expect(samlPerson(attributes({ ...student, [EPPN]: ['a0123456@other.ac.jp'] }), RULES)).toEqual(
      { kind: 'unusable', reason: 'scope' },
    );
    // With no scope in the metadata, any scope goes.
    expect(
      samlPerson(attributes({ ...student, [EPPN]: ['a0123456@other.ac.jp'] }), {
        ...RULES,
        scopes: [],
      }),
    ).toEqual({ kind: 'student', studentId: 'a0123456' });
  });
});

describe('the checks node-saml leaves to us', () => {
  const ACS = 'https://bot.example.ac.jp/auth/saml/acs';
  const IDP = 'https://idp.example.ac.jp/idp/shibboleth';
  const NOW = Date.parse('2024-01-16T06:00:00Z');
  const expected: SamlExpectations = {
    idpEntityId: IDP,
    acsUrl: ACS,
    requestId: '_request',
    nowMs: NOW,
    skewMs: 60_000,
  };
  const parse = (xml: string) => new DOMParser().parseFromString(xml, 'text/xml').documentElement;
  const response = (extra = '') =>
    parse(
      `<p:Response xmlns:p="urn:oasis:names:tc:SAML:2.0:protocol" Destination="${ACS}" InResponseTo="_request"${extra}><a:Issuer xmlns:a="urn:oasis:names:tc:SAML:2.0:assertion">${IDP}</a:Issuer><p:Status><p:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></p:Status></p:Response>`,
    );
  const assertion = (
    data: string,
    conditions = 'NotBefore="2024-01-16T05:59:00Z" NotOnOrAfter="2024-01-16T06:05:00Z"',
  ) =>
    parse(
      `<a:Assertion xmlns:a="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a"><a:Issuer>${IDP}</a:Issuer><a:Subject><a:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><a:SubjectConfirmationData ${data}/></a:SubjectConfirmation></a:Subject><a:Conditions ${conditions}/><a:AttributeStatement><a:Attribute Name="${EPPN}"><a:AttributeValue> a0123456@example.ac.jp </a:AttributeValue></a:Attribute></a:AttributeStatement></a:Assertion>`,
    );
  const good = `Recipient="${ACS}" InResponseTo="_request" NotOnOrAfter="2024-01-16T06:05:00Z"`;

  it('accepts a good answer and returns its attributes', () => {
    const checked = checkSamlResponse(response(), assertion(good), expected);
    expect(checked).toEqual({
      ok: true,
      attributes: new Map([[EPPN, ['a0123456@example.ac.jp']]]),
    });
  });

  it.each([
    [
      'a confirmation for another request',
      `Recipient="${ACS}" InResponseTo="_other" NotOnOrAfter="2024-01-16T06:05:00Z"`,
      'in_response_to',
    ],
    [
      'a confirmation without NotOnOrAfter',
      `Recipient="${ACS}" InResponseTo="_request"`,
      'incomplete_confirmation',
    ],
    [
      'a confirmation that expired',
      `Recipient="${ACS}" InResponseTo="_request" NotOnOrAfter="2024-01-16T05:58:00Z"`,
      'expired',
    ],
  ])('refuses %s', (_case, data, reason) => {
    expect(checkSamlResponse(response(), assertion(data), expected)).toEqual({ ok: false, reason });
  });

  it('refuses an assertion not yet valid by our clock, beyond the skew', () => {
    const early = 'NotBefore="2024-01-16T06:02:00Z" NotOnOrAfter="2024-01-16T06:10:00Z"';
    expect(checkSamlResponse(response(), assertion(good, early), expected)).toEqual({
      ok: false,
      reason: 'not_yet_valid',
    });
    const withinSkew = 'NotBefore="2024-01-16T06:00:30Z" NotOnOrAfter="2024-01-16T06:10:00Z"';
    expect(checkSamlResponse(response(), assertion(good, withinSkew), expected).ok).toBe(true);
  });

  it('refuses a response whose status is not Success', () => {
    const failed = parse(
      `<p:Response xmlns:p="urn:oasis:names:tc:SAML:2.0:protocol" Destination="${ACS}"><p:Status><p:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder"/></p:Status></p:Response>`,
    );
    expect(checkSamlResponse(failed, assertion(good), expected)).toEqual({
      ok: false,
      reason: 'status',
    });
  });
});

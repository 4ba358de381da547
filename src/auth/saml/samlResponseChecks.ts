import { childElement, childElements, isElement, textOf, XMLNS } from './samlXml';

const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';

/** What an answer must say to be ours: the checks node-saml leaves to its caller. */
export interface SamlExpectations {
  /** The IdP's entity ID (its metadata): the only Issuer we accept. */
  idpEntityId: string;
  /** Our ACS URL: the Response's `Destination` and the confirmation's `Recipient`. */
  acsUrl: string;
  /** The ID of the AuthnRequest this answers (taken from the shared store, once). */
  requestId: string;
  /** "Now" from the service's clock, in milliseconds. */
  nowMs: number;
  /** Tolerated difference between the IdP's clock and ours. */
  skewMs: number;
}

/** Why an answer was refused, for the log line; never shown to the student. */
export type SamlRefusal =
  | 'destination'
  | 'issuer'
  | 'status'
  | 'not_an_assertion'
  | 'expired'
  | 'not_yet_valid'
  | 'no_bearer_confirmation'
  | 'incomplete_confirmation'
  | 'recipient'
  | 'in_response_to';

/** The attributes of an accepted assertion: each `Name` with its values. */
export type SamlAttributes = ReadonlyMap<string, readonly string[]>;

export type SamlCheck =
  { ok: true; attributes: SamlAttributes } | { ok: false; reason: SamlRefusal };

/**
 * Checks a Response that node-saml accepted (its signature or its assertion's, the decryption,
 * the audience) against what node-saml does not check: the Response's `Destination`, `Issuer` and
 * status; the assertion's `Issuer`; its time limits by our clock (node-saml's own use the wall
 * clock and are switched off); and a bearer `SubjectConfirmationData` with our `Recipient`, the
 * `InResponseTo` of our request and a `NotOnOrAfter` still ahead.
 *
 * `assertion` must be the assertion node-saml verified (`profile.getAssertionXml()`), never one
 * read from the posted document; `response` is the posted document's root, whose attributes
 * count only when the Response is signed — which is why the assertion, always covered by a
 * signature, repeats the recipient and the request.
 */
export function checkSamlResponse(
  response: Element,
  assertion: Element,
  expected: SamlExpectations,
): SamlCheck {
  const refuse = (reason: SamlRefusal): SamlCheck => ({ ok: false, reason });
  if (response.getAttribute('Destination') !== expected.acsUrl) return refuse('destination');
  const responseIssuer = childElement(response, XMLNS.assertion, 'Issuer');
  if (responseIssuer && textOf(responseIssuer) !== expected.idpEntityId) return refuse('issuer');
  const status = childElement(response, XMLNS.protocol, 'Status');
  const code = status && childElement(status, XMLNS.protocol, 'StatusCode');
  if (code?.getAttribute('Value') !== SUCCESS) return refuse('status');

  if (!isElement(assertion, XMLNS.assertion, 'Assertion')) return refuse('not_an_assertion');
  if (textOf(childElement(assertion, XMLNS.assertion, 'Issuer')) !== expected.idpEntityId) {
    return refuse('issuer');
  }
  for (const conditions of childElements(assertion, XMLNS.assertion, 'Conditions')) {
    const late = timeRefusal(conditions, expected);
    if (late) return refuse(late);
  }
  const confirmed = confirmation(assertion, expected);
  if (confirmed) return refuse(confirmed);
  return { ok: true, attributes: attributesOf(assertion) };
}

/**
 * A bearer confirmation that holds, or the reason the first one does not. SAML's web profile
 * wants `Recipient`, `InResponseTo` and `NotOnOrAfter` on it, and no `NotBefore`.
 */
function confirmation(assertion: Element, expected: SamlExpectations): SamlRefusal | undefined {
  const subject = childElement(assertion, XMLNS.assertion, 'Subject');
  const bearers = subject
    ? childElements(subject, XMLNS.assertion, 'SubjectConfirmation').filter(
        (candidate) => candidate.getAttribute('Method') === BEARER,
      )
    : [];
  const reasons = bearers.map((bearer): SamlRefusal | undefined => {
    const data = childElement(bearer, XMLNS.assertion, 'SubjectConfirmationData');
    if (!data) return 'incomplete_confirmation';
    if (data.getAttribute('Recipient') !== expected.acsUrl) return 'recipient';
    if (data.getAttribute('InResponseTo') !== expected.requestId) return 'in_response_to';
    if (!data.getAttribute('NotOnOrAfter') || data.hasAttribute('NotBefore')) {
      return 'incomplete_confirmation';
    }
    return timeRefusal(data, expected);
  });
  if (reasons.length === 0) return 'no_bearer_confirmation';
  return reasons.includes(undefined) ? undefined : reasons[0];
}

/** `NotBefore` / `NotOnOrAfter` of `element` against our clock, with the tolerated skew. */
function timeRefusal(element: Element, expected: SamlExpectations): SamlRefusal | undefined {
  const instant = (name: string): number | undefined => {
    const value = element.getAttribute(name);
    return value ? Date.parse(value) : undefined;
  };
  const notBefore = instant('NotBefore');
  const notOnOrAfter = instant('NotOnOrAfter');
  if (notBefore !== undefined && !(expected.nowMs + expected.skewMs >= notBefore)) {
    return 'not_yet_valid';
  }
  if (notOnOrAfter !== undefined && !(expected.nowMs - expected.skewMs < notOnOrAfter)) {
    return 'expired';
  }
  return undefined;
}

/** Every `Attribute` of the assertion's statements, by `Name`, values trimmed. */
function attributesOf(assertion: Element): SamlAttributes {
  const attributes = new Map<string, string[]>();
  for (const statement of childElements(assertion, XMLNS.assertion, 'AttributeStatement')) {
    for (const attribute of childElements(statement, XMLNS.assertion, 'Attribute')) {
      const name = attribute.getAttribute('Name') ?? '';
      const values = childElements(attribute, XMLNS.assertion, 'AttributeValue').map((value) =>
        textOf(value),
      );
      attributes.set(name, [...(attributes.get(name) ?? []), ...values]);
    }
  }
  return attributes;
}

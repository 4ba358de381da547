import { X509Certificate } from 'node:crypto';
import { SamlSetupError } from '../errors';
import { childElement, childElements, parseXml, textOf, XMLNS } from './samlXml';

const SAML2_PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const HTTP_REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

/** A `shibmd:Scope` of the IdP: the `@scope` its scoped attributes may carry. */
export interface IdpScope {
  value: string;
  /** `regexp="true"`: `value` is a regular expression the scope must match. */
  regexp: boolean;
}

/** What we take from the identity provider's metadata (`SAML_IDP_METADATA_FILE`). */
export interface IdpMetadata {
  entityId: string;
  /** Its SingleSignOnService for the HTTP-Redirect binding: where our AuthnRequest goes. */
  ssoUrl: string;
  /** Every certificate it may sign with (PEM); stock metadata lists several during a rollover. */
  signingCertificates: string[];
  /** The scopes it may assert (`shibmd:Scope`); empty = the metadata lists none. */
  scopes: IdpScope[];
}

/**
 * Reads an IdP's metadata: one `EntityDescriptor` with an `IDPSSODescriptor` for SAML 2.0 (also
 * inside an `EntitiesDescriptor`, as long as it describes one identity provider). Throws
 * {@link SamlSetupError} naming the first thing missing. The metadata's own signature is not
 * checked: the operator installs a file they verified (GakuNin signs its aggregate).
 */
export function parseIdpMetadata(xml: string): IdpMetadata {
  const fail = (reason: string): never => {
    throw new SamlSetupError('idpMetadata', reason);
  };
  const root = parseXml(xml) ?? fail('it is not well-formed XML');
  const providers = entityDescriptors(root).filter((entity) => idpDescriptor(entity));
  if (providers.length !== 1) {
    fail(
      providers.length === 0
        ? 'it describes no SAML 2.0 identity provider (no IDPSSODescriptor)'
        : `it describes ${providers.length} identity providers, give the metadata of one`,
    );
  }
  const entity = providers[0];
  const idp = idpDescriptor(entity)!;
  const entityId = entity.getAttribute('entityID')?.trim() || fail('its entityID is empty');
  const sso = childElements(idp, XMLNS.metadata, 'SingleSignOnService').find(
    (service) => service.getAttribute('Binding') === HTTP_REDIRECT,
  );
  const ssoUrl = sso?.getAttribute('Location')?.trim() ?? '';
  if (!/^https?:\/\/\S+$/.test(ssoUrl)) {
    fail('it lists no SingleSignOnService with the HTTP-Redirect binding and an http(s) Location');
  }
  const signingCertificates = signingKeys(idp).map(
    (base64, index) =>
      pemCertificate(base64) ??
      fail(`signing certificate ${index + 1} is not a valid X.509 certificate`),
  );
  if (signingCertificates.length === 0) fail('it lists no signing certificate (KeyDescriptor)');
  const scopes = [entity, idp].flatMap(scopesOf);
  const broken = scopes.find((scope) => scope.regexp && !compiles(scope.value));
  if (broken) fail(`its scope "${broken.value}" is not a valid regular expression`);
  return { entityId, ssoUrl, signingCertificates, scopes };
}

/** The EntityDescriptors of a document: the root itself, or those of an EntitiesDescriptor. */
function entityDescriptors(root: Element): Element[] {
  if (root.namespaceURI !== XMLNS.metadata) return [];
  if (root.localName === 'EntityDescriptor') return [root];
  if (root.localName !== 'EntitiesDescriptor') return [];
  return Array.from(root.getElementsByTagNameNS(XMLNS.metadata, 'EntityDescriptor'));
}

function idpDescriptor(entity: Element): Element | undefined {
  return childElements(entity, XMLNS.metadata, 'IDPSSODescriptor').find((descriptor) =>
    (descriptor.getAttribute('protocolSupportEnumeration') ?? '')
      .split(/\s+/)
      .includes(SAML2_PROTOCOL),
  );
}

/** The base64 certificates of the KeyDescriptors for signing (`use="signing"` or no `use`). */
function signingKeys(idp: Element): string[] {
  return childElements(idp, XMLNS.metadata, 'KeyDescriptor')
    .filter((key) => (key.getAttribute('use') || 'signing') === 'signing')
    .flatMap((key) => {
      const info = childElement(key, XMLNS.dsig, 'KeyInfo');
      const data = info ? childElements(info, XMLNS.dsig, 'X509Data') : [];
      return data.flatMap((entry) => childElements(entry, XMLNS.dsig, 'X509Certificate'));
    })
    .map((certificate) => textOf(certificate).replace(/\s+/g, ''));
}

/** A base64 DER certificate as PEM, or undefined when it is no certificate. */
function pemCertificate(base64: string): string | undefined {
  const lines = base64.match(/.{1,64}/g) ?? [];
  const pem = `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
  try {
    new X509Certificate(pem);
    return pem;
  } catch {
    return undefined;
  }
}

function scopesOf(element: Element): IdpScope[] {
  const extensions = childElement(element, XMLNS.metadata, 'Extensions');
  if (!extensions) return [];
  return childElements(extensions, XMLNS.shibmd, 'Scope')
    .map((scope) => ({
      value: textOf(scope),
      regexp: ['true', '1'].includes(scope.getAttribute('regexp') ?? ''),
    }))
    .filter((scope) => scope.value !== '');
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/** Whether the IdP may assert `scope` (any scope when its metadata lists none). */
export function scopeAllowed(scopes: readonly IdpScope[], scope: string): boolean {
  if (scopes.length === 0) return true;
  const lower = scope.toLowerCase();
  return scopes.some((allowed) =>
    allowed.regexp ? new RegExp(allowed.value).test(scope) : allowed.value.toLowerCase() === lower,
  );
}

import { createPublicKey, randomBytes, verify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { DOMParser } from '@xmldom/xmldom';
import * as samlify from 'samlify';
import { generate } from 'selfsigned';

/**
 * A stock Shibboleth IdP, played by an independent SAML implementation (samlify): it reads our
 * AuthnRequest off the redirect URL (checking its signature itself), and answers as Shibboleth
 * does — a signed Response around an encrypted, unsigned assertion; transient NameID; `urn:oid`
 * attribute names in the `uri` name format; metadata listing several signing certificates.
 * Knobs make every answer the service must refuse.
 */

export const IDP_ENTITY_ID = 'https://idp.example.ac.jp/idp/shibboleth';
export const IDP_SSO_URL = 'https://idp.example.ac.jp/idp/profile/SAML2/Redirect/SSO';
export const IDP_SCOPE = 'example.ac.jp';
export const TRANSIENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient';

const NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
};
const URI_FORMAT = 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri';
const HTTP_POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
const HTTP_REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

// samlify wants a schema validator before it parses anything; well-formedness is enough here.
samlify.setSchemaValidator({
  validate: async (xml: string) => {
    if (!wellFormed(xml)) throw new Error('not well-formed');
    return 'well-formed';
  },
});

export interface TestKeyPair {
  key: string;
  cert: string;
}

/** An RSA key and its self-signed certificate, made for this test run. */
export async function testKeyPair(commonName: string): Promise<TestKeyPair> {
  const pems = await generate([{ name: 'commonName', value: commonName }], {
    keySize: 2048,
    algorithm: 'sha256',
  });
  return { key: pems.private, cert: pems.cert };
}

/** What the IdP read from our AuthnRequest (HTTP-Redirect binding). */
export interface AuthnRequestSeen {
  id: string;
  issuer: string;
  destination: string;
  acsUrl: string;
  protocolBinding: string;
  /** The NameIDPolicy's Format, or undefined when the request names none. */
  nameIdFormat?: string;
  sigAlg: string;
  /** The redirect signature, checked with node's crypto against our certificate. */
  signatureValid: boolean;
  /** The request ID samlify read after verifying the signature with our metadata. */
  samlifyId: string;
}

/** How the IdP answers; every field defaults to what a stock Shibboleth IdP sends. */
export interface ResponseOptions {
  /** The AuthnRequest answered (default: the last one read). */
  inResponseTo?: string;
  /** eduPersonPrincipalName. */
  principal?: string;
  affiliations?: string[];
  /** eduPersonScopedAffiliation; default each affiliation at the IdP's scope. */
  scopedAffiliations?: string[];
  issuer?: string;
  audience?: string;
  destination?: string;
  recipient?: string;
  /** The IdP's "now" (ms since the epoch); default the wall clock. */
  now?: number;
  /** How long the assertion holds (Shibboleth: 5 minutes). */
  validForMs?: number;
  /**
   * `signedResponse`: Shibboleth's default, the Response signed around the assertion.
   * `signedAssertion`: the assertion signed, the Response not. `unsigned`: no signature at all.
   */
  protection?: 'signedResponse' | 'signedAssertion' | 'unsigned';
  /** Encrypt the assertion for the SP (default true). */
  encrypt?: boolean;
  /** Sign with a key the IdP's metadata does not list. */
  stranger?: boolean;
}

export class TestShibbolethIdp {
  private sp?: {
    plain: samlify.ServiceProviderInstance;
    wantsSigned: samlify.ServiceProviderInstance;
  };
  private spCertificate = '';
  private lastRequestId = '';

  private constructor(
    readonly dir: string,
    /** Our (the service provider's) key pair, as the operator would install it. */
    readonly spKeys: TestKeyPair,
    /** The key the IdP signs with (listed second in its metadata, after a back-channel one). */
    private readonly signing: TestKeyPair,
    private readonly backChannel: TestKeyPair,
    private readonly stranger: TestKeyPair,
  ) {}

  /** Makes the keys and writes the IdP's metadata and our key pair to a temporary folder. */
  static async create(): Promise<TestShibbolethIdp> {
    const [spKeys, signing, backChannel, stranger] = await Promise.all([
      testKeyPair('certbot.example.ac.jp'),
      testKeyPair('idp.example.ac.jp'),
      testKeyPair('idp.example.ac.jp back-channel'),
      testKeyPair('stranger.example.org'),
    ]);
    const idp = new TestShibbolethIdp(
      mkdtempSync(join(tmpdir(), 'saml-idp-')),
      spKeys,
      signing,
      backChannel,
      stranger,
    );
    writeFileSync(idp.files.metadata, idp.metadata());
    writeFileSync(idp.files.spKey, spKeys.key);
    writeFileSync(idp.files.spCert, spKeys.cert);
    return idp;
  }

  get files(): { metadata: string; spKey: string; spCert: string } {
    return {
      metadata: join(this.dir, 'idp-metadata.xml'),
      spKey: join(this.dir, 'sp-key.pem'),
      spCert: join(this.dir, 'sp-cert.pem'),
    };
  }

  /** The service's SAML settings for this IdP. */
  env(): Record<string, string> {
    return {
      SAML_IDP_METADATA_FILE: this.files.metadata,
      SAML_SP_KEY_FILE: this.files.spKey,
      SAML_SP_CERT_FILE: this.files.spCert,
    };
  }

  /** Shibboleth's metadata: a back-channel and a front-channel signing key, the scope, SSO. */
  metadata(): string {
    const key = (use: string, pair: TestKeyPair) =>
      `<md:KeyDescriptor use="${use}"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${base64Of(pair.cert)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;
    return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:shibmd="urn:mace:shibboleth:metadata:1.0" xmlns:mdui="urn:oasis:names:tc:SAML:metadata:ui" entityID="${IDP_ENTITY_ID}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol urn:oasis:names:tc:SAML:1.1:protocol">
    <md:Extensions>
      <shibmd:Scope regexp="false">${IDP_SCOPE}</shibmd:Scope>
      <mdui:UIInfo><mdui:DisplayName xml:lang="ja">テスト大学</mdui:DisplayName></mdui:UIInfo>
    </md:Extensions>
    ${key('signing', this.backChannel)}
    ${key('signing', this.signing)}
    ${key('encryption', this.signing)}
    <md:NameIDFormat>${TRANSIENT}</md:NameIDFormat>
    <md:SingleSignOnService Binding="${HTTP_POST}" Location="https://idp.example.ac.jp/idp/profile/SAML2/POST/SSO"/>
    <md:SingleSignOnService Binding="${HTTP_REDIRECT}" Location="${IDP_SSO_URL}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
`;
  }

  /** Registers the service provider (its metadata, as `GET /auth/saml/metadata` serves it). */
  trust(spMetadata: string): void {
    this.sp = {
      plain: samlify.ServiceProvider({ metadata: spMetadata }),
      // The same SP asking for signed assertions: samlify then signs those instead.
      wantsSigned: samlify.ServiceProvider({
        metadata: spMetadata.replace(
          '<SPSSODescriptor ',
          '<SPSSODescriptor WantAssertionsSigned="true" ',
        ),
        wantMessageSigned: false,
      }),
    };
    this.spCertificate = this.spKeys.cert;
  }

  /** Reads and checks the AuthnRequest in the URL the service redirected the browser to. */
  async readAuthnRequest(location: string): Promise<AuthnRequestSeen> {
    const url = new URL(location);
    const raw = url.search.slice(1).split('&');
    const octets = ['SAMLRequest', 'RelayState', 'SigAlg']
      .map((name) => raw.find((part) => part.startsWith(`${name}=`)))
      .filter((part): part is string => part !== undefined)
      .join('&');
    const query = Object.fromEntries(url.searchParams) as Record<string, string>;
    const parsed = await this.entity(this.signing, true).parseLoginRequest(
      this.spEntities().plain,
      'redirect',
      {
        query,
        octetString: octets,
      },
    );
    const signatureValid = verify(
      'sha256',
      Buffer.from(octets),
      createPublicKey(this.spCertificate),
      Buffer.from(query.Signature ?? '', 'base64'),
    );
    const xml = inflateRawSync(Buffer.from(query.SAMLRequest, 'base64')).toString('utf8');
    const request = new DOMParser().parseFromString(xml, 'text/xml').documentElement;
    const policy = request.getElementsByTagNameNS(NS.protocol, 'NameIDPolicy')[0];
    const id = request.getAttribute('ID') ?? '';
    this.lastRequestId = id;
    return {
      id,
      issuer: request.getElementsByTagNameNS(NS.assertion, 'Issuer')[0]?.textContent ?? '',
      destination: request.getAttribute('Destination') ?? '',
      acsUrl: request.getAttribute('AssertionConsumerServiceURL') ?? '',
      protocolBinding: request.getAttribute('ProtocolBinding') ?? '',
      nameIdFormat: policy?.getAttribute('Format') || undefined,
      sigAlg: query.SigAlg ?? '',
      signatureValid,
      samlifyId: String((parsed.extract as { request?: { id?: string } }).request?.id ?? ''),
    };
  }

  /** The IdP's answer: the base64 `SAMLResponse` its page would post to the service. */
  async respond(options: ResponseOptions = {}): Promise<string> {
    const sp = this.spEntities();
    const protection = options.protection ?? 'signedResponse';
    const target = protection === 'signedAssertion' ? sp.wantsSigned : sp.plain;
    const idp = this.entity(
      options.stranger ? this.stranger : this.signing,
      options.encrypt ?? true,
    );
    const acsUrl = target.entityMeta.getAssertionConsumerService('post') as string;
    const xml = responseXml({
      ...options,
      inResponseTo: options.inResponseTo ?? this.lastRequestId,
      acsUrl,
      audience: options.audience ?? target.entityMeta.getEntityID(),
    });
    const answer = await idp.createLoginResponse(
      target,
      { extract: { request: { id: options.inResponseTo ?? this.lastRequestId } } } as never,
      'post',
      {},
      {
        customTagReplacement: () => ({ id: '', context: xml }),
        // Shibboleth encrypts the assertion, then signs the Response around it.
        encryptThenSign: protection !== 'signedAssertion',
      },
    );
    const encoded = (answer as { context: string }).context;
    if (protection !== 'unsigned') return encoded;
    const signed = Buffer.from(encoded, 'base64').toString('utf8');
    const stripped = signed.replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/g, '');
    return Buffer.from(stripped, 'utf8').toString('base64');
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private spEntities(): NonNullable<TestShibbolethIdp['sp']> {
    if (!this.sp) throw new Error('trust() the service provider first');
    return this.sp;
  }

  private entity(signing: TestKeyPair, encrypt: boolean): samlify.IdentityProviderInstance {
    return samlify.IdentityProvider({
      entityID: IDP_ENTITY_ID,
      privateKey: signing.key,
      signingCert: signing.cert,
      isAssertionEncrypted: encrypt,
      wantAuthnRequestsSigned: true,
      nameIDFormat: [TRANSIENT],
      singleSignOnService: [{ Binding: HTTP_REDIRECT, Location: IDP_SSO_URL }],
      singleLogoutService: [
        {
          Binding: HTTP_REDIRECT,
          Location: 'https://idp.example.ac.jp/idp/profile/SAML2/Redirect/SLO',
        },
      ],
      // Shibboleth IdP 4+: AES-GCM content, RSA-OAEP key transport.
      dataEncryptionAlgorithm: 'http://www.w3.org/2009/xmlenc11#aes128-gcm',
      keyEncryptionAlgorithm: 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
    } as samlify.IdentityProviderInstance['entitySetting']);
  }
}

/** A Response as Shibboleth IdP 4 writes it, before signing and encryption. */
function responseXml(
  options: ResponseOptions & { inResponseTo: string; acsUrl: string; audience: string },
): string {
  const now = options.now ?? Date.now();
  const instant = new Date(now).toISOString();
  const until = new Date(now + (options.validForMs ?? 5 * 60_000)).toISOString();
  const issuer = esc(options.issuer ?? IDP_ENTITY_ID);
  const affiliations = options.affiliations ?? ['member', 'student'];
  const scoped = options.scopedAffiliations ?? affiliations.map((a) => `${a}@${IDP_SCOPE}`);
  const attribute = (name: string, friendly: string, values: string[]) =>
    values.length === 0
      ? ''
      : `<saml2:Attribute FriendlyName="${friendly}" Name="${name}" NameFormat="${URI_FORMAT}">${values
          .map(
            (value) =>
              `<saml2:AttributeValue xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xsd:string">${esc(value)}</saml2:AttributeValue>`,
          )
          .join('')}</saml2:Attribute>`;
  const id = () => `_${randomBytes(16).toString('hex')}`;
  return `<saml2p:Response xmlns:saml2p="${NS.protocol}" Destination="${esc(options.destination ?? options.acsUrl)}" ID="${id()}" InResponseTo="${esc(options.inResponseTo)}" IssueInstant="${instant}" Version="2.0"><saml2:Issuer xmlns:saml2="${NS.assertion}">${issuer}</saml2:Issuer><saml2p:Status><saml2p:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></saml2p:Status><saml2:Assertion xmlns:saml2="${NS.assertion}" ID="${id()}" IssueInstant="${instant}" Version="2.0"><saml2:Issuer>${issuer}</saml2:Issuer><saml2:Subject><saml2:NameID Format="${TRANSIENT}" NameQualifier="${issuer}" SPNameQualifier="${esc(options.audience)}">AAdzZWNyZXQx${randomBytes(24).toString('base64')}</saml2:NameID><saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml2:SubjectConfirmationData Address="127.0.0.1" InResponseTo="${esc(options.inResponseTo)}" NotOnOrAfter="${until}" Recipient="${esc(options.recipient ?? options.acsUrl)}"/></saml2:SubjectConfirmation></saml2:Subject><saml2:Conditions NotBefore="${instant}" NotOnOrAfter="${until}"><saml2:AudienceRestriction><saml2:Audience>${esc(options.audience)}</saml2:Audience></saml2:AudienceRestriction></saml2:Conditions><saml2:AuthnStatement AuthnInstant="${instant}" SessionIndex="${id()}"><saml2:SubjectLocality Address="127.0.0.1"/><saml2:AuthnContext><saml2:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml2:AuthnContextClassRef></saml2:AuthnContext></saml2:AuthnStatement><saml2:AttributeStatement>${attribute('urn:oid:1.3.6.1.4.1.5923.1.1.1.6', 'eduPersonPrincipalName', [options.principal ?? `a0123456@${IDP_SCOPE}`])}${attribute('urn:oid:1.3.6.1.4.1.5923.1.1.1.1', 'eduPersonAffiliation', affiliations)}${attribute('urn:oid:1.3.6.1.4.1.5923.1.1.1.9', 'eduPersonScopedAffiliation', scoped)}${attribute('urn:oid:2.5.4.42', 'givenName', ['Taro'])}</saml2:AttributeStatement></saml2:Assertion></saml2p:Response>`;
}

function esc(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** The base64 body of a PEM. */
export function base64Of(pem: string): string {
  return pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
}

function wellFormed(xml: string): boolean {
  let ok = true;
  new DOMParser({
    errorHandler: {
      warning: () => undefined,
      error: () => (ok = false),
      fatalError: () => (ok = false),
    },
  }).parseFromString(xml, 'text/xml');
  return ok;
}

import { randomBytes } from 'node:crypto';
import { SAML, ValidateInResponseTo, type SamlConfig } from '@node-saml/node-saml';
import type { Request, Response, Server } from 'restify';
import { RequestBodyError } from '../../http/errors';
import type { Page } from '../../http/page';
import { readFormBody } from '../../http/requestBody';
import { isLanguage, type Language } from '../../i18n/language';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { SingleSignOn } from '../identityProvider';
import type { LoginFinisher } from '../loginFinisher';
import { chooseLanguage } from '../loginHandlers';
import type { LoginRequest } from '../loginRequest';
import type { SsoBrowserBinding } from '../ssoBrowserBinding';
import { ssoCallback } from '../ssoCallback';
import { isSsoStateKey, type SsoStateStore } from '../ssoStateStore';
import type { IdpMetadata } from './idpMetadata';
import type { SamlKeyPair } from './samlKeyPair';
import { samlPerson } from './samlPerson';
import { checkSamlResponse } from './samlResponseChecks';
import { SAML_ACS_PATH, SAML_METADATA_PATH, type SamlSettings } from './samlSettings';
import { isElement, parseXml, XMLNS } from './samlXml';

const TRANSIENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient';
/** An AuthnRequest is answered within the login request's own 10 minutes, or not at all. */
const REQUEST_TTL_SECONDS = 600;
/** Tolerated difference between the IdP's clock and ours. */
const CLOCK_SKEW_MS = 60_000;
/** A stock Shibboleth response is 10–20 KiB; the bound keeps a flood of XML cheap. */
const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

export interface SamlServiceProviderDeps {
  settings: SamlSettings;
  idp: IdpMetadata;
  keyPair: SamlKeyPair;
  /** `PUBLIC_URL`: our ACS URL is below it. */
  publicUrl: string;
  /** AuthnRequest ID → login request, shared by every instance, each taken once. */
  states: SsoStateStore;
  clock: Clock;
  logger: Logger;
  maxBodyBytes?: number;
}

/**
 * The SAML 2.0 service provider (Shibboleth, GakuNin): a signed AuthnRequest over HTTP-Redirect
 * asking for a transient NameID, the answer posted to `POST /auth/saml/acs`, our metadata at
 * `GET /auth/saml/metadata`. node-saml verifies signatures (the Response's or the assertion's,
 * with every signing certificate of the IdP's metadata), decrypts, and checks the audience;
 * {@link checkSamlResponse} checks the rest. The AuthnRequest's ID is the key of the shared
 * state, so the answer's `InResponseTo` finds the login request, once.
 */
export class SamlServiceProvider implements SingleSignOn {
  readonly protocol = 'saml';
  private readonly acsUrl: string;
  private readonly options: SamlConfig;
  private readonly verifier: SAML;
  private readonly metadata: string;

  constructor(private readonly deps: SamlServiceProviderDeps) {
    const { settings, idp, keyPair } = deps;
    this.acsUrl = `${deps.publicUrl}${SAML_ACS_PATH}`;
    this.options = {
      entryPoint: idp.ssoUrl,
      issuer: settings.spEntityId,
      audience: settings.spEntityId,
      callbackUrl: this.acsUrl,
      idpCert: idp.signingCertificates,
      privateKey: keyPair.privateKey,
      publicCert: keyPair.certificate,
      decryptionPvk: keyPair.privateKey,
      signatureAlgorithm: 'sha256',
      digestAlgorithm: 'sha256',
      // A stock Shibboleth IdP refuses node-saml's default, emailAddress.
      identifierFormat: TRANSIENT,
      // The IdP decides how the student authenticates (password, MFA).
      disableRequestedAuthnContext: true,
      // Either the Response or its assertion must be signed (node-saml insists on one of them).
      wantAuthnResponseSigned: false,
      wantAssertionsSigned: false,
      // node-saml reads the wall clock; the times are checked against the service's clock.
      acceptedClockSkewMs: -1,
      // InResponseTo is checked against the shared store, taken once.
      validateInResponseTo: ValidateInResponseTo.never,
    };
    this.verifier = new SAML(this.options);
    this.metadata = this.verifier.generateServiceProviderMetadata(
      keyPair.certificate,
      keyPair.certificate,
    );
  }

  async start(request: LoginRequest, browserKey: string): Promise<string> {
    // An NCName (no leading digit) and a key the state store takes.
    const id = `_${randomBytes(20).toString('hex')}`;
    await this.deps.states.put(
      id,
      { requestId: request.id, details: { language: request.language, browser: browserKey } },
      REQUEST_TTL_SECONDS,
    );
    const saml = new SAML({ ...this.options, generateUniqueId: () => id });
    return saml.getAuthorizeUrlAsync('', undefined, {});
  }

  register(server: Server, finisher: LoginFinisher, binding: SsoBrowserBinding): void {
    server.get(SAML_METADATA_PATH, async (_req: Request, res: Response): Promise<void> => {
      res.sendRaw(200, this.metadata, {
        'Content-Type': 'application/samlmetadata+xml',
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'public, max-age=3600',
      });
    });
    server.post(
      SAML_ACS_PATH,
      ssoCallback(finisher, this.deps.logger, 'SAML response could not be handled', (req) =>
        this.consume(req, finisher, binding),
      ),
    );
  }

  /** The identity provider's answer (`SAMLResponse`, HTTP-POST binding). */
  private async consume(
    req: Request,
    finisher: LoginFinisher,
    binding: SsoBrowserBinding,
  ): Promise<Page> {
    const browserLanguage = chooseLanguage(null, undefined, req);
    let form: URLSearchParams;
    try {
      form = await readFormBody(req, this.deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
    } catch (err) {
      if (!(err instanceof RequestBodyError)) throw err;
      const page = finisher.refuse(browserLanguage, 'invalid', 'badRequest');
      // An oversized body is not drained: closing the connection is cheaper.
      return err.status === 413
        ? { ...page, status: 413, headers: { Connection: 'close' } }
        : { ...page, status: err.status };
    }
    const encoded = (form.get('SAMLResponse') ?? '').replace(/\s+/g, '');
    const response = /^[A-Za-z0-9+/]+={0,2}$/.test(encoded)
      ? parseXml(Buffer.from(encoded, 'base64').toString('utf8'))
      : undefined;
    if (!response || !isElement(response, XMLNS.protocol, 'Response')) {
      return this.refuse(finisher, browserLanguage, 'unreadable');
    }
    // Taken before anything else: whatever follows, this request's answer is used up.
    const requestId = response.getAttribute('InResponseTo') ?? '';
    const state = isSsoStateKey(requestId) ? await this.deps.states.take(requestId) : undefined;
    if (!state) return this.refuse(finisher, browserLanguage, 'unknown_request');
    const asked = state.details?.language;
    const language = isLanguage(asked) ? asked : browserLanguage;
    // Only the browser that started this login may end it (a forwarded IdP link binds nothing).
    if (!binding.matches(req.headers.cookie, state.details?.browser)) {
      return this.refuse(finisher, language, 'other_browser');
    }

    let assertionXml: string | undefined;
    try {
      const { profile } = await this.verifier.validatePostResponseAsync({ SAMLResponse: encoded });
      assertionXml = profile?.getAssertionXml?.();
    } catch (err) {
      return this.refuse(finisher, language, 'rejected_by_library', (err as Error).message);
    }
    const assertion = assertionXml === undefined ? undefined : parseXml(assertionXml);
    if (!assertion) return this.refuse(finisher, language, 'no_assertion');
    const checked = checkSamlResponse(response, assertion, {
      idpEntityId: this.deps.idp.entityId,
      acsUrl: this.acsUrl,
      requestId,
      nowMs: this.deps.clock.now().toMillis(),
      skewMs: CLOCK_SKEW_MS,
    });
    if (!checked.ok) return this.refuse(finisher, language, checked.reason);

    const person = samlPerson(checked.attributes, {
      studentIdAttribute: this.deps.settings.studentIdAttribute,
      requiredAffiliation: this.deps.settings.requiredAffiliation,
      scopes: this.deps.idp.scopes,
    });
    if (person.kind === 'notStudent') {
      this.deps.logger.info(
        { event: 'saml_not_student', affiliationReleased: person.affiliationReleased },
        'SAML login of someone without the required affiliation',
      );
      return finisher.refuse(language, 'not_student', 'notStudent');
    }
    if (person.kind === 'unusable') return this.refuse(finisher, language, person.reason);
    const page = await finisher.finish(state.requestId, { studentId: person.studentId }, language);
    return { ...page, headers: { ...page.headers, 'Set-Cookie': binding.cleared() } };
  }

  /** The "could not be completed" page; why goes to the log, never to the page. */
  private refuse(
    finisher: LoginFinisher,
    language: Language,
    reason: string,
    detail?: string,
  ): Page {
    this.deps.logger.warn(
      { event: 'saml_refused', reason, ...(detail ? { detail: detail.slice(0, 200) } : {}) },
      `SAML response refused: ${reason}`,
    );
    return finisher.refuse(language, 'refused', 'ssoFailed');
  }
}

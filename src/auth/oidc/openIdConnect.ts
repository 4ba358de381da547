import * as client from 'openid-client';
import type { Request, Server } from 'restify';
import type { Page } from '../../http/page';
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
import type { DiscoveredProvider } from './discoverOpenIdProvider';
import { OIDC_CALLBACK_PATH, type OidcSettings } from './oidcSettings';
import { scopeFor, studentIdFromClaim } from './studentIdClaim';

/** A pending sign-on lives as long as the login request it answers (10 minutes). */
const STATE_TTL_SECONDS = 600;

/** Token and UserInfo requests give up after this long; the student gets the failure page. */
const REQUEST_TIMEOUT_SECONDS = 10;

export interface OpenIdConnectDeps {
  settings: OidcSettings;
  /** The provider's metadata and client authentication, learnt at start-up. */
  provider: DiscoveredProvider;
  /** `PUBLIC_URL`: the redirect URI is `<PUBLIC_URL>/auth/oidc/callback`. */
  publicUrl: string;
  /** Shared by all instances: the callback may reach another one than the start. */
  states: SsoStateStore;
  clock: Clock;
  logger: Logger;
}

/**
 * The OpenID Connect relying party (`openid-client`): the authorization code flow with PKCE
 * (S256), `state` and `nonce`. `start` remembers the state (with the PKCE verifier, the nonce and
 * the student's language) in the shared store and sends the browser to the provider; the
 * callback takes the state once, redeems the code and lets the library check the answer and the
 * ID token (issuer, audience, nonce, expiry — by the injected clock). Any refusal is the
 * `ssoFailed` page in the student's language, with nothing bound.
 */
export class OpenIdConnect implements SingleSignOn {
  readonly protocol = 'oidc';
  private readonly redirectUri: string;

  constructor(private readonly deps: OpenIdConnectDeps) {
    this.redirectUri = `${deps.publicUrl}${OIDC_CALLBACK_PATH}`;
  }

  async start(request: LoginRequest, browserKey: string): Promise<string> {
    const codeVerifier = client.randomPKCECodeVerifier();
    const nonce = client.randomNonce();
    const state = client.randomState();
    await this.deps.states.put(
      state,
      {
        requestId: request.id,
        details: { codeVerifier, nonce, language: request.language, browser: browserKey },
      },
      STATE_TTL_SECONDS,
    );
    return client.buildAuthorizationUrl(this.configuration(), {
      redirect_uri: this.redirectUri,
      scope: scopeFor(this.deps.settings.studentIdClaim),
      state,
      nonce,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    }).href;
  }

  register(server: Server, finisher: LoginFinisher, binding: SsoBrowserBinding): void {
    server.get(
      OIDC_CALLBACK_PATH,
      ssoCallback(finisher, this.deps.logger, 'OpenID Connect callback failed', (req) =>
        this.callback(req, finisher, binding),
      ),
    );
  }

  /** `GET /auth/oidc/callback?code=…&state=…` (or `?error=…&state=…`): the provider's answer. */
  private async callback(
    req: Request,
    finisher: LoginFinisher,
    binding: SsoBrowserBinding,
  ): Promise<Page> {
    // The answer as received on our public address, whatever host a proxy forwarded it to.
    const answer = new URL(this.redirectUri);
    answer.search = new URL(req.url ?? '/', 'http://localhost').search;
    const state = answer.searchParams.get('state') ?? '';
    // Taken before anything else, so a replayed answer finds nothing.
    const pending = isSsoStateKey(state) ? await this.deps.states.take(state) : undefined;
    const { codeVerifier, nonce, language: asked } = pending?.details ?? {};
    const language = chooseLanguage(null, isLanguage(asked) ? asked : undefined, req);
    if (!pending || !codeVerifier || !nonce) return this.refuse(finisher, language, 'state');
    // Only the browser that started this login may end it (a forwarded provider link binds nothing).
    if (!binding.matches(req.headers.cookie, pending.details?.browser)) {
      return this.refuse(finisher, language, 'other_browser');
    }

    let claim: unknown;
    try {
      claim = await this.redeem(answer, { state, codeVerifier, nonce });
    } catch (err) {
      // The provider out of reach is our failure, not the student's: the "sorry" page.
      if (unreachable(err)) throw err;
      return this.refuse(finisher, language, refusalReason(err), err);
    }
    const studentId = studentIdFromClaim(claim);
    if (!studentId) return this.refuse(finisher, language, 'student_id_claim');
    const page = await finisher.finish(pending.requestId, { studentId }, language);
    return { ...page, headers: { ...page.headers, 'Set-Cookie': binding.cleared() } };
  }

  /**
   * Redeems the code and returns the student-ID claim: from the ID token, else (providers that
   * put profile claims only there) from UserInfo, whose `sub` must match the ID token's.
   */
  private async redeem(
    answer: URL,
    checks: { state: string; codeVerifier: string; nonce: string },
  ): Promise<unknown> {
    const configuration = this.configuration();
    const tokens = await client.authorizationCodeGrant(configuration, answer, {
      expectedState: checks.state,
      pkceCodeVerifier: checks.codeVerifier,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    const name = this.deps.settings.studentIdClaim;
    if (!claims || claims[name] !== undefined || !this.deps.provider.metadata.userinfo_endpoint) {
      return claims?.[name];
    }
    const info = await client.fetchUserInfo(configuration, tokens.access_token, claims.sub);
    return info[name];
  }

  /**
   * The library's view of the provider and of us. Made per use, because "now" for the ID token's
   * time checks is the injected clock: the skew is its distance from the wall clock (zero in
   * production, where the clock is the wall clock).
   */
  private configuration(): client.Configuration {
    const { settings, provider, clock } = this.deps;
    const authentication =
      provider.authMethod === 'client_secret_post'
        ? client.ClientSecretPost(settings.clientSecret)
        : client.ClientSecretBasic(settings.clientSecret);
    const configuration = new client.Configuration(
      provider.metadata,
      settings.clientId,
      { [client.clockSkew]: Math.round((clock.now().toMillis() - Date.now()) / 1000) },
      authentication,
    );
    // The configuration allows http only for a provider on this machine (development, tests).
    if (new URL(settings.issuer).protocol === 'http:') client.allowInsecureRequests(configuration);
    configuration.timeout = REQUEST_TIMEOUT_SECONDS;
    return configuration;
  }

  /** The `ssoFailed` page, counted as `refused`; the log says why (never a token or a code). */
  private refuse(finisher: LoginFinisher, language: Language, reason: string, err?: unknown): Page {
    const detail =
      err instanceof Error
        ? { code: errorCode(err), claim: claimOf(err), detail: checkOf(err) }
        : {};
    this.deps.logger.info({ event: 'oidc_refused', reason, ...detail }, 'OpenID Connect refused');
    return finisher.refuse(language, 'refused', 'ssoFailed');
  }
}

/** Which check refused: the provider said no, it refused the code, or its answer failed a check. */
function refusalReason(err: unknown): string {
  if (err instanceof client.AuthorizationResponseError) return 'provider_error';
  if (err instanceof client.ResponseBodyError) return 'token_request';
  return 'answer';
}

/** No answer from the provider: fetch failed (by name: it may come from another realm), time-out. */
function unreachable(err: unknown): boolean {
  const { name, message, code } = err as { name?: unknown; message?: unknown; code?: unknown };
  return (name === 'TypeError' && message === 'fetch failed') || code === 'OAUTH_TIMEOUT';
}

/** The provider's `error` (`access_denied`, `invalid_grant`) or the library's check code. */
function errorCode(err: Error): unknown {
  const { error, code } = err as Error & { error?: unknown; code?: unknown };
  return typeof error === 'string' ? error : code;
}

/**
 * The check that refused, in the words of oauth4webapi (openid-client wraps its errors in a
 * generic message): fixed sentences naming a claim or parameter, never its value.
 */
function checkOf(err: Error): string {
  return err.cause instanceof Error ? err.cause.message : err.message;
}

/** The ID-token claim a check refused (`nonce`, `iss`, `exp`), as the library names it. */
function claimOf(err: Error): string | undefined {
  const inner = err.cause instanceof Error ? err.cause.cause : undefined;
  const claim = (inner as { claim?: unknown } | undefined)?.claim;
  return typeof claim === 'string' ? claim : undefined;
}

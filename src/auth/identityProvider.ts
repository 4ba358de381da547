import type { Server } from 'restify';
import type { LoginFinisher } from './loginFinisher';
import type { LoginRequest } from './loginRequest';
import type { SsoBrowserBinding } from './ssoBrowserBinding';
import type { UniversityIdentity } from './universityIdentity';

export type { UniversityIdentity } from './universityIdentity';

/**
 * Our own login form's check (the embedded demo directory): an ID and a password, the unknown ID
 * and the wrong password alike.
 */
export interface PasswordCheck {
  authenticate(studentId: string, password: string): Promise<UniversityIdentity | undefined>;
}

/**
 * Single sign-on (SAML 2.0, OpenID Connect): the university's server collects the password, not
 * us. A login starts on our page (which names the chat being linked), goes to the identity
 * provider, and comes back to the provider's callback route, which ends it through the
 * {@link LoginFinisher}.
 */
export interface SingleSignOn {
  /** For logs and the README: `saml` or `oidc`. */
  readonly protocol: 'saml' | 'oidc';
  /**
   * Where to send the browser to log in for `request`. Remembers (in the shared store, so that
   * any instance can take the callback) what the callback must check: the request it answers,
   * and `browserKey`, which the callback must find in the browser's cookie
   * ({@link SsoBrowserBinding}) before it ends the login.
   */
  start(request: LoginRequest, browserKey: string): Promise<string>;
  /**
   * Registers the callback route (and, for SAML, the metadata) that end logins: only for the
   * browser `binding` recognises, with the key the state kept.
   */
  register(server: Server, finisher: LoginFinisher, binding: SsoBrowserBinding): void;
}

/** Exactly one identity source is active: our form against a directory file, or single sign-on. */
export type IdentitySource =
  { kind: 'password'; check: PasswordCheck } | { kind: 'sso'; sso: SingleSignOn };

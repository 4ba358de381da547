/** A stored password hash is not `scrypt$N$r$p$saltB64$hashB64` with sane parameters. */
export class InvalidPasswordHashError extends Error {
  override readonly name = 'InvalidPasswordHashError';
  readonly code = 'AUTH_INVALID_PASSWORD_HASH';

  constructor(readonly reason: string) {
    super(`Invalid password hash: ${reason}.`);
  }
}

/** Which SAML file read at start-up is unusable; the composition names its setting. */
export type SamlSetupFile = 'idpMetadata' | 'spKey' | 'spCert';

/** A SAML file read at start-up (the IdP's metadata, our key or certificate) cannot be used. */
export class SamlSetupError extends Error {
  override readonly name = 'SamlSetupError';
  readonly code = 'AUTH_SAML_SETUP';

  constructor(
    readonly file: SamlSetupFile,
    readonly reason: string,
  ) {
    super(`The SAML ${file} file cannot be used: ${reason}.`);
  }
}

/**
 * The OpenID Provider cannot be used at start-up: not reachable, or its discovery document is
 * unusable. `reason` ends the sentence the composition reports under `OIDC_ISSUER`.
 */
export class OidcDiscoveryError extends Error {
  override readonly name = 'OidcDiscoveryError';
  readonly code = 'AUTH_OIDC_DISCOVERY';

  constructor(
    readonly issuer: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`The OpenID Provider at ${issuer} cannot be used: ${reason}.`, options);
  }
}

/** The OpenID Connect relying party's settings (`OIDC_*`), read and checked by the configuration. */
export interface OidcSettings {
  /**
   * The provider's issuer identifier, exactly as its discovery document
   * (`<issuer>/.well-known/openid-configuration`) and its ID tokens spell it.
   */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The claim that holds the student ID (`preferred_username` by default), `@domain` removed. */
  studentIdClaim: string;
}

/** Our callback, below `PUBLIC_URL`: the redirect URI to register with the provider. */
export const OIDC_CALLBACK_PATH = '/auth/oidc/callback';

import type { IdentitySource } from '../auth/identityProvider';
import type { SsoStateStore } from '../auth/ssoStateStore';
import type { Config } from '../config/config';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { DemoDirectory } from '../auth/demoDirectory';
import { createOidcSingleSignOn } from './oidcSingleSignOn';
import { createSamlSingleSignOn } from './samlSingleSignOn';

export interface IdentitySourceDeps {
  /** The directory file (`IDENTITY_DIRECTORY_FILE`, loaded at start-up): our form checks it. */
  directory: DemoDirectory;
  ssoStates: SsoStateStore;
  clock: Clock;
  logger: Logger;
}

/**
 * The one identity source configuration selects: SAML 2.0 (`SAML_IDP_METADATA_FILE`), OpenID
 * Connect (`OIDC_ISSUER`), or our form against the directory file (`IDENTITY_DIRECTORY_FILE`,
 * the bundled demo directory by default). `loadConfig` has refused two at once. Asynchronous:
 * OpenID Connect reads the provider's discovery document at start-up.
 */
export async function createIdentitySource(
  config: Config,
  deps: IdentitySourceDeps,
): Promise<IdentitySource> {
  if (config.saml) {
    return {
      kind: 'sso',
      sso: createSamlSingleSignOn(config.saml, { ...deps, publicUrl: config.publicUrl }),
    };
  }
  if (config.oidc) {
    return {
      kind: 'sso',
      sso: await createOidcSingleSignOn(config.oidc, { ...deps, publicUrl: config.publicUrl }),
    };
  }
  return { kind: 'password', check: deps.directory };
}

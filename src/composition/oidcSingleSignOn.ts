import { OidcDiscoveryError } from '../auth/errors';
import type { SingleSignOn } from '../auth/identityProvider';
import { discoverOpenIdProvider, type DiscoveryOptions } from '../auth/oidc/discoverOpenIdProvider';
import type { OidcSettings } from '../auth/oidc/oidcSettings';
import { OpenIdConnect } from '../auth/oidc/openIdConnect';
import type { SsoStateStore } from '../auth/ssoStateStore';
import type { Clock } from '../platform/clock';
import { ConfigError } from '../platform/errors';
import type { Logger } from '../platform/logger';

export interface OidcSingleSignOnDeps {
  publicUrl: string;
  ssoStates: SsoStateStore;
  clock: Clock;
  logger: Logger;
  /** Tests shorten the retries of an unreachable provider. */
  discovery?: DiscoveryOptions;
}

/**
 * OpenID Connect single sign-on from its settings: the provider's discovery document is read here,
 * at start-up; a provider that cannot be reached or used stops start-up with one sentence naming
 * `OIDC_ISSUER`.
 */
export async function createOidcSingleSignOn(
  settings: OidcSettings,
  deps: OidcSingleSignOnDeps,
): Promise<SingleSignOn> {
  let provider;
  try {
    provider = await discoverOpenIdProvider(settings, { logger: deps.logger, ...deps.discovery });
  } catch (err) {
    if (err instanceof OidcDiscoveryError) {
      throw new ConfigError('OIDC_ISSUER', `OIDC_ISSUER: ${err.message}`);
    }
    throw err;
  }
  deps.logger.info(
    { event: 'oidc_ready', issuer: provider.metadata.issuer, auth: provider.authMethod },
    'OpenID Connect single sign-on',
  );
  return new OpenIdConnect({
    settings,
    provider,
    publicUrl: deps.publicUrl,
    states: deps.ssoStates,
    clock: deps.clock,
    logger: deps.logger,
  });
}

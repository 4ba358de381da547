import * as client from 'openid-client';
import type { Logger } from '../../platform/logger';
import { OidcDiscoveryError } from '../errors';
import type { OidcSettings } from './oidcSettings';

/** How the client authenticates at the token endpoint: with its secret, in a header or the body. */
export type ClientSecretMethod = 'client_secret_basic' | 'client_secret_post';

/** What start-up learnt about the provider. */
export interface DiscoveredProvider {
  metadata: client.ServerMetadata;
  authMethod: ClientSecretMethod;
}

export interface DiscoveryOptions {
  /** Tries before giving up on a provider that cannot be reached; default 3. */
  attempts?: number;
  /** The wait before the second try, doubled before each next one; default 1 s. */
  retryDelayMs?: number;
  /** Per request; default 10 s. */
  timeoutSeconds?: number;
  logger?: Logger;
}

/**
 * Reads the provider's discovery document (`<issuer>/.well-known/openid-configuration`) once, at
 * start-up. A provider that cannot be reached (network error, time-out, HTTP 5xx) is tried
 * `attempts` times, 1 s and then 2 s apart: a provider starting alongside the service, or a
 * network coming up, should not stop it, while a wrong address still fails within seconds. A
 * document that answers but cannot be used (not found, not JSON, another issuer, a multi-tenant
 * issuer, no secret-based client authentication) fails at once: trying again would not change it.
 * Either way an {@link OidcDiscoveryError}, which the composition reports under `OIDC_ISSUER`.
 */
export async function discoverOpenIdProvider(
  settings: OidcSettings,
  options: DiscoveryOptions = {},
): Promise<DiscoveredProvider> {
  const attempts = options.attempts ?? 3;
  const issuer = new URL(settings.issuer);
  // The configuration allows http only for a provider on this machine (development, tests).
  const execute = issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [];
  let metadata: client.ServerMetadata | undefined;
  for (let attempt = 1; !metadata; attempt += 1) {
    try {
      const found = await client.discovery(issuer, settings.clientId, undefined, undefined, {
        execute,
        timeout: options.timeoutSeconds ?? 10,
      });
      metadata = found.serverMetadata();
    } catch (err) {
      if (!unreachable(err)) {
        throw problem(`its discovery document cannot be used (${reasonOf(err)})`, settings);
      }
      if (attempt >= attempts) {
        const tries = attempts === 1 ? 'once' : `${attempts} times`;
        throw problem(`it could not be reached (tried ${tries}; ${reasonOf(err)})`, settings);
      }
      options.logger?.warn(
        { event: 'oidc_discovery_retry', attempt, reason: reasonOf(err) },
        'OpenID Provider not reachable yet; trying again',
      );
      await delay((options.retryDelayMs ?? 1000) * 2 ** (attempt - 1));
    }
  }
  // Entra ID's multi-tenant issuers ("common", "organizations") accept anyone's tenant.
  if (metadata.issuer.includes('{tenantid}')) {
    throw problem("it is a multi-tenant issuer; use the university tenant's own issuer", settings);
  }
  if (!metadata.authorization_endpoint || !metadata.token_endpoint) {
    throw problem('its discovery document names no authorization or token endpoint', settings);
  }
  return { metadata, authMethod: authMethodOf(metadata, settings) };
}

/** `client_secret_basic` (the default of the standard) unless the provider supports only post. */
function authMethodOf(metadata: client.ServerMetadata, settings: OidcSettings): ClientSecretMethod {
  const supported = metadata.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
  if (supported.includes('client_secret_basic')) return 'client_secret_basic';
  if (supported.includes('client_secret_post')) return 'client_secret_post';
  throw problem('it supports neither client_secret_basic nor client_secret_post', settings);
}

function problem(what: string, settings: OidcSettings): OidcDiscoveryError {
  return new OidcDiscoveryError(settings.issuer, what);
}

/** Whether trying again may help: no connection, no answer in time, or a server error. */
function unreachable(err: unknown): boolean {
  const { name, message, code, cause } = err as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
    cause?: { status?: unknown };
  };
  // fetch's own failure (refused, reset, unknown host); by name, as it may come from another realm.
  if (name === 'TypeError' && message === 'fetch failed') return true;
  if (code === 'OAUTH_TIMEOUT') return true;
  return (
    code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' &&
    typeof cause?.status === 'number' &&
    cause.status >= 500
  );
}

/** A short reason for the sentence and the log: the library's words, the network's code. */
function reasonOf(err: unknown): string {
  if (!(err instanceof Error)) return 'unknown error';
  const cause = err.cause as { code?: unknown; message?: unknown; status?: unknown } | undefined;
  if (typeof cause?.status === 'number') return `${err.message}: HTTP ${cause.status}`;
  if (typeof cause?.code === 'string') return `${err.message}: ${cause.code}`;
  if (typeof cause?.message === 'string') return `${err.message}: ${cause.message}`;
  return err.message;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import type { Activity } from 'botbuilder';
import { CachingConnectorFactory } from './cachingConnectorFactory';
import type { ConnectorClientCache } from './connectorClientCache';

/**
 * botbuilder's authentication, unchanged, except that the connector factories it gives the
 * adapter keep their connector clients in `clients` across turns.
 */
export class CachingBotFrameworkAuthentication extends BotFrameworkAuthentication {
  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly clients: ConnectorClientCache,
  ) {
    super();
  }

  async authenticateRequest(
    activity: Activity,
    authHeader: string,
  ): Promise<AuthenticateRequestResult> {
    return this.cachingResult(await this.inner.authenticateRequest(activity, authHeader));
  }

  async authenticateStreamingRequest(
    authHeader: string,
    channelIdHeader: string,
  ): Promise<AuthenticateRequestResult> {
    return this.cachingResult(
      await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader),
    );
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.caching(this.inner.createConnectorFactory(claimsIdentity), claimsIdentity);
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.inner.createUserTokenClient(claimsIdentity);
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  private cachingResult(result: AuthenticateRequestResult): AuthenticateRequestResult {
    if (!result.connectorFactory) return result;
    return {
      ...result,
      connectorFactory: this.caching(result.connectorFactory, result.claimsIdentity),
    };
  }

  private caching(factory: ConnectorFactory, claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new CachingConnectorFactory(factory, factoryAppId(claimsIdentity), this.clients);
  }
}

/**
 * The app id botframework-connector makes a connector factory for (its private `getAppId`):
 * the audience claim of a channel's token, else the `appid` claim of the Emulator's, undefined
 * for an anonymous request. (Its credentials factory refuses to make clients for any app id
 * but the configured one, so a kept client could not serve another app anyway.)
 */
function factoryAppId(claimsIdentity: ClaimsIdentity): string | undefined {
  return (
    claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ??
    claimsIdentity.getClaimValue(AuthenticationConstants.AppIdClaim) ??
    undefined
  );
}

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
import { KeptClients, type ConnectorClientCache } from './connectorClientCache';

/** More app ids than one deployment has: the user-token clients kept at most. */
const MAX_USER_TOKEN_CLIENTS = 10;

/**
 * botbuilder's authentication, unchanged, except that the connector factories it gives the
 * adapter keep their connector clients in `clients` across turns, and user-token clients are
 * kept too.
 */
export class CachingBotFrameworkAuthentication extends BotFrameworkAuthentication {
  private readonly userTokenClients = new KeptClients<UserTokenClient>(MAX_USER_TOKEN_CLIENTS);

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

  /**
   * botbuilder makes one for every turn (credentials and an HTTP pipeline, like a connector
   * client), though it depends only on the app id: kept per app id. Only app ids the credentials
   * factory accepts get one (it refuses any other), so they stay as few as the configuration;
   * they are bounded all the same.
   */
  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.userTokenClients.get(factoryAppId(claimsIdentity) ?? '', () =>
      this.inner.createUserTokenClient(claimsIdentity),
    );
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

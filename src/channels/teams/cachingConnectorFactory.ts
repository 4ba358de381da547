import { ConnectorFactory, type ConnectorClient } from 'botframework-connector';
import { postActivitiesDirectly } from './activityPosts';
import type { ConnectorClientCache } from './connectorClientCache';

/**
 * A botbuilder `ConnectorFactory` that hands out the connector clients kept in `clients`,
 * asking `inner` only for those it has not made yet. `appId` must be the app id `inner` was made
 * for: it is part of what a kept client is looked up by.
 */
export class CachingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly appId: string | undefined,
    private readonly clients: ConnectorClientCache,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.clients.client({ appId: this.appId, audience, serviceUrl }, () =>
      this.inner.create(serviceUrl, audience).then(postActivitiesDirectly),
    );
  }
}

import {
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import type { Logger } from '../../platform/logger';
import { CachingBotFrameworkAuthentication } from './cachingBotFrameworkAuthentication';
import { ConnectorClientCache } from './connectorClientCache';
import { TeamsCloudAdapter } from './teamsCloudAdapter';
import { TeamsMiddleware } from './teamsMiddleware';

/** The app registration, in botbuilder's names (`MicrosoftAppId`, …); all unset = Emulator mode. */
export interface BotFrameworkSettings {
  appId?: string;
  appPassword?: string;
  appType?: string;
  tenantId?: string;
}

/**
 * The Bot Framework adapter for Teams (and the Bot Framework Emulator): botbuilder's
 * `CloudAdapter` (as {@link TeamsCloudAdapter}), authenticated with the app registration from
 * configuration, rendering neutral cards as Adaptive Cards and reading card submits as typed
 * answers. Without an app id it accepts unauthenticated requests, as the Emulator expects; this
 * is logged once. Connector clients are kept across turns in `connectorClients` (a new cache
 * unless given). The caller sets `onTurnError`.
 */
export function createTeamsAdapter(
  settings: BotFrameworkSettings,
  logger: Logger,
  connectorClients = new ConnectorClientCache(),
): TeamsCloudAdapter {
  const options: Partial<ConfigurationBotFrameworkAuthenticationOptions> = {};
  if (settings.appId) options.MicrosoftAppId = settings.appId;
  if (settings.appPassword) options.MicrosoftAppPassword = settings.appPassword;
  if (settings.appType) options.MicrosoftAppType = settings.appType;
  if (settings.tenantId) options.MicrosoftAppTenantId = settings.tenantId;
  if (!settings.appId) {
    logger.warn(
      'MicrosoftAppId is not set: /api/messages accepts unauthenticated requests (Bot Framework Emulator mode)',
    );
  }
  const auth = new ConfigurationBotFrameworkAuthentication(
    options as ConfigurationBotFrameworkAuthenticationOptions,
  );
  const adapter = new TeamsCloudAdapter(
    new CachingBotFrameworkAuthentication(auth, connectorClients),
  );
  adapter.use(new TeamsMiddleware());
  return adapter;
}

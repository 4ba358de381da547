import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { SamlSetupError, type SamlSetupFile } from '../auth/errors';
import type { SingleSignOn } from '../auth/identityProvider';
import { parseIdpMetadata } from '../auth/saml/idpMetadata';
import { parseSamlKeyPair } from '../auth/saml/samlKeyPair';
import { SamlServiceProvider } from '../auth/saml/samlServiceProvider';
import type { SamlSettings } from '../auth/saml/samlSettings';
import type { SsoStateStore } from '../auth/ssoStateStore';
import type { Clock } from '../platform/clock';
import { ConfigError } from '../platform/errors';
import type { Logger } from '../platform/logger';
import { PROJECT_ROOT } from '../platform/projectRoot';

const SETTINGS: Record<SamlSetupFile, keyof SamlSettings & string> = {
  idpMetadata: 'idpMetadataFile',
  spKey: 'spKeyFile',
  spCert: 'spCertFile',
};

const VARIABLES: Record<SamlSetupFile, string> = {
  idpMetadata: 'SAML_IDP_METADATA_FILE',
  spKey: 'SAML_SP_KEY_FILE',
  spCert: 'SAML_SP_CERT_FILE',
};

export interface SamlSingleSignOnDeps {
  publicUrl: string;
  ssoStates: SsoStateStore;
  clock: Clock;
  logger: Logger;
}

/**
 * SAML single sign-on from its settings: the IdP's metadata and our key pair are read and checked
 * here, at start-up (relative paths from the project's root). A file that is missing or unusable
 * stops start-up with one sentence naming its setting.
 */
export function createSamlSingleSignOn(
  settings: SamlSettings,
  deps: SamlSingleSignOnDeps,
): SingleSignOn {
  const path = (file: SamlSetupFile): string => settings[SETTINGS[file]];
  const read = (file: SamlSetupFile): string => {
    const given = path(file);
    try {
      return readFileSync(isAbsolute(given) ? given : join(PROJECT_ROOT, given), 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new ConfigError(
        VARIABLES[file],
        `${VARIABLES[file]} names "${given}", which cannot be read (${code}).`,
      );
    }
  };
  try {
    const idp = parseIdpMetadata(read('idpMetadata'));
    const keyPair = parseSamlKeyPair(read('spKey'), read('spCert'));
    deps.logger.info(
      { idp: idp.entityId, signingCertificates: idp.signingCertificates.length },
      'single sign-on: SAML',
    );
    return new SamlServiceProvider({
      settings,
      idp,
      keyPair,
      publicUrl: deps.publicUrl,
      states: deps.ssoStates,
      clock: deps.clock,
      logger: deps.logger,
    });
  } catch (err) {
    if (!(err instanceof SamlSetupError)) throw err;
    const variable = VARIABLES[err.file];
    throw new ConfigError(
      variable,
      `${variable} "${path(err.file)}" cannot be used: ${err.reason}.`,
    );
  }
}

import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as samlify from 'samlify';
import type { DemoDirectory } from '../../src/auth/demoDirectory';
import { SamlSetupError } from '../../src/auth/errors';
import { MemorySsoStateStore } from '../../src/auth/memorySsoStateStore';
import { parseIdpMetadata } from '../../src/auth/saml/idpMetadata';
import { parseSamlKeyPair } from '../../src/auth/saml/samlKeyPair';
import { createIdentitySource } from '../../src/composition/identitySource';
import { loadConfig } from '../../src/config/config';
import { systemClock } from '../../src/platform/clock';
import { ConfigError } from '../../src/platform/errors';
import { createLogger } from '../../src/platform/logger';
import {
  base64Of,
  IDP_ENTITY_ID,
  IDP_SSO_URL,
  TestShibbolethIdp,
  testKeyPair,
  type TestKeyPair,
} from '../support/samlTestIdp';

function setupError(run: () => unknown): SamlSetupError {
  try {
    run();
  } catch (err) {
    if (err instanceof SamlSetupError) return err;
    throw err;
  }
  throw new Error('expected a SamlSetupError');
}

async function refusal(run: () => Promise<unknown>): Promise<ConfigError> {
  try {
    await run();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('SAML set-up', () => {
  let idp: TestShibbolethIdp;
  let other: TestKeyPair;

  beforeAll(async () => {
    idp = await TestShibbolethIdp.create();
    other = await testKeyPair('other.example.ac.jp');
  });
  afterAll(() => idp.close());

  describe('settings', () => {
    it('turns SAML on with the metadata file, with the documented defaults', () => {
      const config = loadConfig({ PUBLIC_URL: 'https://bot.example.ac.jp', ...idp.env() });
      expect(config.saml).toEqual({
        idpMetadataFile: idp.files.metadata,
        spKeyFile: idp.files.spKey,
        spCertFile: idp.files.spCert,
        spEntityId: 'https://bot.example.ac.jp/auth/saml/metadata',
        studentIdAttribute: 'urn:oid:1.3.6.1.4.1.5923.1.1.1.6',
        requiredAffiliation: 'student',
      });
      expect(loadConfig({}).saml).toBeUndefined();
    });

    it('needs the key pair with the metadata, and the metadata for any other SAML setting', () => {
      const withoutKey = idp.env();
      delete withoutKey.SAML_SP_KEY_FILE;
      expect(configError(() => loadConfig(withoutKey)).variable).toBe('SAML_SP_KEY_FILE');
      const stray = configError(() => loadConfig({ SAML_SP_CERT_FILE: idp.files.spCert }));
      expect(stray.variable).toBe('SAML_SP_CERT_FILE');
      expect(stray.message).toMatch(/SAML_IDP_METADATA_FILE/);
      const affiliation = configError(() =>
        loadConfig({ ...idp.env(), SAML_REQUIRED_AFFILIATION: 'student staff' }),
      );
      expect(affiliation.variable).toBe('SAML_REQUIRED_AFFILIATION');
      const entity = configError(() => loadConfig({ ...idp.env(), SAML_SP_ENTITY_ID: 'certbot' }));
      expect(entity.variable).toBe('SAML_SP_ENTITY_ID');
    });
  });

  describe('the IdP metadata', () => {
    it('reads a Shibboleth IdP: entity ID, redirect SSO URL, every signing certificate, scope', () => {
      const metadata = parseIdpMetadata(idp.metadata());
      expect(metadata.entityId).toBe(IDP_ENTITY_ID);
      expect(metadata.ssoUrl).toBe(IDP_SSO_URL);
      // The back-channel and the front-channel keys; the encryption one is not for signing.
      expect(metadata.signingCertificates).toHaveLength(2);
      expect(metadata.scopes).toEqual([{ value: 'example.ac.jp', regexp: false }]);
    });

    it('reads the metadata another implementation (samlify) writes', () => {
      const written = samlify
        .IdentityProvider({
          entityID: 'https://idp.other.ac.jp/saml',
          signingCert: other.cert,
          singleSignOnService: [
            {
              Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
              Location: 'https://idp.other.ac.jp/sso',
            },
          ],
          singleLogoutService: [
            {
              Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
              Location: 'https://idp.other.ac.jp/slo',
            },
          ],
        })
        .getMetadata();
      const metadata = parseIdpMetadata(written);
      expect(metadata.entityId).toBe('https://idp.other.ac.jp/saml');
      expect(metadata.ssoUrl).toBe('https://idp.other.ac.jp/sso');
      expect(metadata.signingCertificates.map(base64Of)).toEqual([base64Of(other.cert)]);
    });

    it('takes the one IdP of an aggregate, and refuses an aggregate of several', () => {
      const entity = idp.metadata().replace(/^<\?xml[^>]*>\s*/, '');
      const sp = `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://sp.example.ac.jp"><md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></md:EntityDescriptor>`;
      const aggregate = (...entities: string[]) =>
        `<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">${entities.join('')}</md:EntitiesDescriptor>`;
      expect(parseIdpMetadata(aggregate(sp, entity)).entityId).toBe(IDP_ENTITY_ID);
      expect(setupError(() => parseIdpMetadata(aggregate(entity, entity))).reason).toMatch(
        /2 identity providers/,
      );
    });

    it.each([
      ['not XML', 'this is not metadata', /not well-formed XML/],
      ['a DTD', '<!DOCTYPE x [<!ENTITY a "b">]><x/>', /not well-formed XML/],
      [
        'an SP only',
        '<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"><SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></EntityDescriptor>',
        /no SAML 2.0 identity provider/,
      ],
    ])('refuses %s', (_case, xml, reason) => {
      const error = setupError(() => parseIdpMetadata(xml));
      expect(error.file).toBe('idpMetadata');
      expect(error.reason).toMatch(reason);
    });

    it('refuses metadata without a redirect SSO URL, without a signing key, with a broken one', () => {
      const metadata = idp.metadata();
      const noRedirect = metadata.replace(
        /<md:SingleSignOnService Binding="[^"]*Redirect"[^>]*\/>/,
        '',
      );
      expect(setupError(() => parseIdpMetadata(noRedirect)).reason).toMatch(/HTTP-Redirect/);
      const noKeys = metadata.replace(/<md:KeyDescriptor[\s\S]*<\/md:KeyDescriptor>/, '');
      expect(setupError(() => parseIdpMetadata(noKeys)).reason).toMatch(/no signing certificate/);
      const broken = metadata.replace(/<ds:X509Certificate>[^<]{20}/, '<ds:X509Certificate>AAAA');
      expect(setupError(() => parseIdpMetadata(broken)).reason).toMatch(/signing certificate 1/);
    });
  });

  describe('our key pair', () => {
    it('reads an RSA key and its certificate', () => {
      const pair = parseSamlKeyPair(idp.spKeys.key, idp.spKeys.cert);
      expect(pair.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----/);
      expect(base64Of(pair.certificate)).toBe(base64Of(idp.spKeys.cert));
    });

    it('refuses a certificate in place of the key, an EC key, and a certificate of another key', () => {
      expect(setupError(() => parseSamlKeyPair(idp.spKeys.cert, idp.spKeys.cert)).file).toBe(
        'spKey',
      );
      const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
        type: 'pkcs8',
        format: 'pem',
      });
      expect(setupError(() => parseSamlKeyPair(ec.toString(), idp.spKeys.cert)).reason).toMatch(
        /RSA/,
      );
      const mismatch = setupError(() => parseSamlKeyPair(idp.spKeys.key, other.cert));
      expect(mismatch.file).toBe('spCert');
      expect(mismatch.reason).toMatch(/SAML_SP_KEY_FILE/);
    });
  });

  describe('at start-up (the composition)', () => {
    const deps = {
      directory: {} as DemoDirectory,
      ssoStates: new MemorySsoStateStore(systemClock),
      clock: systemClock,
      logger: createLogger('silent'),
    };
    const source = (env: Record<string, string>) =>
      createIdentitySource(loadConfig({ PUBLIC_URL: 'https://bot.example.ac.jp', ...env }), deps);

    it('makes SAML the identity source', async () => {
      const identity = await source(idp.env());
      expect(identity.kind).toBe('sso');
      expect(identity.kind === 'sso' && identity.sso.protocol).toBe('saml');
    });

    it('stops with one sentence naming SAML_SP_KEY_FILE when the key file is missing', async () => {
      const missing = join(idp.dir, 'no-such-key.pem');
      const error = await refusal(() => source({ ...idp.env(), SAML_SP_KEY_FILE: missing }));
      expect(error.variable).toBe('SAML_SP_KEY_FILE');
      expect(error.message).toBe(
        `SAML_SP_KEY_FILE names "${missing}", which cannot be read (ENOENT).`,
      );
    });

    it('stops with one sentence naming SAML_IDP_METADATA_FILE when the metadata does not parse', async () => {
      const garbled = join(idp.dir, 'garbled-metadata.xml');
      writeFileSync(garbled, idp.metadata().slice(0, 400));
      const error = await refusal(() => source({ ...idp.env(), SAML_IDP_METADATA_FILE: garbled }));
      expect(error.variable).toBe('SAML_IDP_METADATA_FILE');
      expect(error.message).toBe(
        `SAML_IDP_METADATA_FILE "${garbled}" cannot be used: it is not well-formed XML.`,
      );
    });

    it('names SAML_SP_CERT_FILE when the certificate is not the key’s', async () => {
      const foreign = join(idp.dir, 'foreign-cert.pem');
      writeFileSync(foreign, other.cert);
      const error = await refusal(() => source({ ...idp.env(), SAML_SP_CERT_FILE: foreign }));
      expect(error.variable).toBe('SAML_SP_CERT_FILE');
      expect(error.message.split('. ')).toHaveLength(1);
    });
  });
});

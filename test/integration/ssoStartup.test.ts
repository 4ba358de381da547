import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../support/freePort';
import { TestShibbolethIdp } from '../support/samlTestIdp';
import { startServiceProcess } from '../support/serviceProcess';

jest.setTimeout(180_000);

/**
 * The service as `npm start` runs it refuses to start on an unusable single sign-on set-up (SAML,
 * OpenID Connect, both): one sentence naming the setting.
 */
describe('single sign-on settings at start-up, as a process', () => {
  let idp: TestShibbolethIdp;

  beforeAll(async () => {
    idp = await TestShibbolethIdp.create();
  });
  afterAll(() => idp.close());

  async function refusal(env: Record<string, string>): Promise<string> {
    const service = startServiceProcess({ LOG_LEVEL: 'silent', ...idp.env(), ...env });
    expect(await service.exited).toBe(1);
    const lines = service.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(service.stderr()).not.toMatch(/\bat .*\.ts:\d+/);
    return lines[0];
  }

  it('stops on a missing key file, naming SAML_SP_KEY_FILE', async () => {
    const missing = join(idp.dir, 'missing-key.pem');
    expect(await refusal({ SAML_SP_KEY_FILE: missing })).toBe(
      `Configuration error: SAML_SP_KEY_FILE names "${missing}", which cannot be read (ENOENT).`,
    );
  });

  it('stops on metadata that does not parse, naming SAML_IDP_METADATA_FILE', async () => {
    const garbled = join(idp.dir, 'garbled.xml');
    writeFileSync(garbled, '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"');
    expect(await refusal({ SAML_IDP_METADATA_FILE: garbled })).toBe(
      `Configuration error: SAML_IDP_METADATA_FILE "${garbled}" cannot be used: it is not well-formed XML.`,
    );
  });

  const OIDC = {
    OIDC_CLIENT_ID: 'certificate-bot',
    OIDC_CLIENT_SECRET: 'test-client-secret-0123456789abcdef',
  };

  it('stops when SAML and OpenID Connect are both configured', async () => {
    expect(await refusal({ OIDC_ISSUER: 'https://login.example.ac.jp', ...OIDC })).toBe(
      'Configuration error: OIDC_ISSUER and SAML_IDP_METADATA_FILE are both set: configure one single sign-on, SAML or OpenID Connect.',
    );
  });

  it('stops when OIDC_ISSUER has no client secret', async () => {
    const env = { SAML_IDP_METADATA_FILE: '', SAML_SP_KEY_FILE: '', SAML_SP_CERT_FILE: '' };
    expect(
      await refusal({ ...env, OIDC_ISSUER: 'https://login.example.ac.jp', OIDC_CLIENT_ID: 'x' }),
    ).toBe('Configuration error: OIDC_CLIENT_SECRET must be set when OIDC_ISSUER is set.');
  });

  it('stops when the OpenID Provider cannot be reached, naming OIDC_ISSUER', async () => {
    const env = { SAML_IDP_METADATA_FILE: '', SAML_SP_KEY_FILE: '', SAML_SP_CERT_FILE: '' };
    // Nothing listens there: refused three times, 1 s and 2 s apart.
    const issuer = `http://127.0.0.1:${await freePort()}`;
    const line = await refusal({ ...env, OIDC_ISSUER: issuer, ...OIDC });
    expect(line).toMatch(/^Configuration error: OIDC_ISSUER: /);
    expect(line).toContain(issuer);
    expect(line).toContain('could not be reached (tried 3 times; ');
  });
});

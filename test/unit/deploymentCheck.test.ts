import { join } from 'node:path';
import { loadConfig } from '../../src/config/config';
import { checkDeployment } from '../../src/config/deploymentCheck';
import { usesDemoPayments } from '../../src/payments/createPaymentGateways';

const BOTH = ['paypal', 'smartpit'];
const ROOT = join(__dirname, '..', '..');

/** Every real part a production deployment needs (the files exist in the test folder's reach). */
const REAL = {
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://certificates.example.ac.jp',
  REDIS_URL: 'rediss://redis.example.ac.jp:6380',
  SMTP_URL: 'smtps://mailer:secret@smtp.example.ac.jp:465',
  IDENTITY_DIRECTORY_FILE: 'test/fixtures/university-students.json',
  STAFF_ACCOUNTS_FILE: 'test/fixtures/university-staff.json',
  PAYPAL_CLIENT_ID: 'client',
  PAYPAL_CLIENT_SECRET: 'secret',
  PAYPAL_WEBHOOK_ID: 'WH-1',
  SMARTPIT_CALLBACK_SECRET: 'smart-pit-secret',
  METRICS_TOKEN: 'a'.repeat(40),
};

const without = (...names: (keyof typeof REAL)[]) =>
  Object.fromEntries(Object.entries(REAL).filter(([name]) => !names.includes(name as never)));

describe('the deployment check', () => {
  it('finds nothing to refuse when every real part is configured', () => {
    const report = checkDeployment(loadConfig(REAL), BOTH);
    expect(report.refusals).toEqual([]);
    // The store-copier simulator is said, but production never serves it.
    expect(report.warnings).toEqual([expect.stringMatching(/^The store-copier simulator/)]);
  });

  it('warns once for each demo part live on a bare machine, and refuses nothing there', () => {
    const report = checkDeployment(loadConfig({}), BOTH);
    expect(report.warnings).toEqual([
      expect.stringMatching(/^REDIS_URL is not set: state is kept in memory/),
      'SMTP_URL is not set: mails are written as .eml files to the outbox folder var/outbox',
      expect.stringMatching(/^IDENTITY_DIRECTORY_FILE is not set: .*demo directory/),
      expect.stringMatching(/^STAFF_ACCOUNTS_FILE is not set: the demo staff account staff01/),
      expect.stringMatching(/^PAYPAL_CLIENT_ID is not set: .*demo checkout \/pay\/demo/),
      expect.stringMatching(/^SMARTPIT_CALLBACK_SECRET is not set: .*demo cashier/),
      expect.stringMatching(/^The store-copier simulator \/store is served/),
    ]);
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ['memory state', without('REDIS_URL'), /^REDIS_URL is not set/],
    ['outbox mail', without('SMTP_URL'), /^SMTP_URL is not set/],
    ['the demo directory (unset)', without('IDENTITY_DIRECTORY_FILE'), /^IDENTITY_DIRECTORY_FILE/],
    [
      'the demo directory (named)',
      { ...REAL, IDENTITY_DIRECTORY_FILE: join(ROOT, 'data', 'demo-students.json') },
      /^IDENTITY_DIRECTORY_FILE is not set or is the bundled demo directory/,
    ],
    ['the demo staff', without('STAFF_ACCOUNTS_FILE'), /^STAFF_ACCOUNTS_FILE/],
    [
      'the demo staff (named)',
      { ...REAL, STAFF_ACCOUNTS_FILE: './data/../data/demo-staff.json' },
      /^STAFF_ACCOUNTS_FILE is not set or is the bundled demo file/,
    ],
    [
      'PayPal offered without PAYPAL_*',
      without('PAYPAL_CLIENT_ID', 'PAYPAL_CLIENT_SECRET', 'PAYPAL_WEBHOOK_ID'),
      /^The catalogue offers PayPal but PAYPAL_CLIENT_ID/,
    ],
    [
      'Smart Pit offered without its secret',
      without('SMARTPIT_CALLBACK_SECRET'),
      /^The catalogue offers Smart Pit but SMARTPIT_CALLBACK_SECRET/,
    ],
    [
      'an http PUBLIC_URL',
      { ...REAL, PUBLIC_URL: 'http://certificates.example.ac.jp' },
      /^PUBLIC_URL must start with https:\/\//,
    ],
    ['an open /metrics', without('METRICS_TOKEN'), /^METRICS_TOKEN is not set/],
  ])('refuses production with %s, in one sentence', (_what, env, sentence) => {
    const { refusals } = checkDeployment(loadConfig(env), BOTH);
    expect(refusals).toEqual([expect.stringMatching(sentence)]);
    expect(refusals[0]).toMatch(/\.$/);
    expect(refusals[0].split(/\.\s+[A-Z]/)).toHaveLength(1);
  });

  it('lists every problem at once', () => {
    const { refusals } = checkDeployment(loadConfig({ NODE_ENV: 'production' }), BOTH);
    expect(refusals).toHaveLength(8);
  });

  it('asks only for the gateways of the methods the catalogue offers', () => {
    const cashOnly = without('PAYPAL_CLIENT_ID', 'PAYPAL_CLIENT_SECRET', 'PAYPAL_WEBHOOK_ID');
    expect(checkDeployment(loadConfig(cashOnly), ['smartpit']).refusals).toEqual([]);
  });

  it('says a method is not offered, rather than demo, once a real gateway is configured', () => {
    const report = checkDeployment(loadConfig({ SMARTPIT_CALLBACK_SECRET: 's' }), BOTH);
    expect(report.warnings).toContain(
      'The catalogue offers PayPal but PAYPAL_CLIENT_ID is not set: PayPal is not offered to students',
    );
    expect(report.warnings.join('\n')).not.toMatch(/demo checkout|demo cashier/);
  });

  it('uses the demo payment pages only while no real gateway is configured', () => {
    expect(usesDemoPayments(loadConfig({}))).toBe(true);
    expect(usesDemoPayments(loadConfig({ SMARTPIT_CALLBACK_SECRET: 's' }))).toBe(false);
    const paypal = { PAYPAL_CLIENT_ID: 'c', PAYPAL_CLIENT_SECRET: 's', PAYPAL_WEBHOOK_ID: 'w' };
    expect(usesDemoPayments(loadConfig(paypal))).toBe(false);
  });
});

describe('the production settings', () => {
  it('turns production on with NODE_ENV=production only', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).production).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development' }).production).toBe(false);
    expect(loadConfig({}).production).toBe(false);
  });

  it('logs from debug for a developer and from info in production, unless LOG_LEVEL says', () => {
    expect(loadConfig({}).logLevel).toBe('debug');
    expect(loadConfig({ NODE_ENV: 'production' }).logLevel).toBe('info');
    expect(loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'warn' }).logLevel).toBe('warn');
  });

  it('writes readable lines to a developer’s terminal and JSON otherwise', () => {
    expect(loadConfig({}, true).logFormat).toBe('pretty');
    expect(loadConfig({}, false).logFormat).toBe('json');
    expect(loadConfig({ NODE_ENV: 'production' }, true).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'json' }, true).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'pretty' }, false).logFormat).toBe('pretty');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/^LOG_FORMAT must be json or pretty/);
  });

  it('takes a METRICS_TOKEN of 32 characters or more', () => {
    expect(loadConfig({ METRICS_TOKEN: 'x'.repeat(32) }).metricsToken).toBe('x'.repeat(32));
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/^METRICS_TOKEN must be 32/);
    expect(() => loadConfig({ METRICS_TOKEN: `${'x'.repeat(32)} y` })).toThrow(/METRICS_TOKEN/);
  });
});

describe('exactly one identity source', () => {
  const SAML = {
    SAML_IDP_METADATA_FILE: 'idp.xml',
    SAML_SP_KEY_FILE: 'sp-key.pem',
    SAML_SP_CERT_FILE: 'sp-cert.pem',
  };
  const OIDC = {
    OIDC_ISSUER: 'https://login.example.ac.jp',
    OIDC_CLIENT_ID: 'certbot',
    OIDC_CLIENT_SECRET: 'secret',
  };

  it('refuses SAML and OpenID Connect at once, in one sentence naming a setting', () => {
    expect(() => loadConfig({ ...SAML, ...OIDC })).toThrow(
      /^OIDC_ISSUER and SAML_IDP_METADATA_FILE are both set: configure one single sign-on/,
    );
  });

  it.each([
    ['SAML', SAML],
    ['OIDC', OIDC],
  ])('refuses %s with an explicit IDENTITY_DIRECTORY_FILE', (_name, sso) => {
    const env = { ...sso, IDENTITY_DIRECTORY_FILE: 'students.json' };
    expect(() => loadConfig(env)).toThrow(/^IDENTITY_DIRECTORY_FILE and (SAML|OIDC)_\w+ are both/);
  });

  it.each([
    ['SAML', SAML],
    ['OIDC', OIDC],
  ])('with %s, production needs the records file, not the demo directory', (_name, sso) => {
    const production = { ...without('IDENTITY_DIRECTORY_FILE'), ...sso };
    expect(checkDeployment(loadConfig(production), BOTH).refusals).toEqual([
      expect.stringMatching(/^STUDENT_RECORDS_FILE is not set: with single sign-on/),
    ]);
    const withRecords = { ...production, STUDENT_RECORDS_FILE: 'records.csv' };
    expect(checkDeployment(loadConfig(withRecords), BOTH).refusals).toEqual([]);
    const development = { ...sso, NODE_ENV: 'development' };
    expect(checkDeployment(loadConfig(development), BOTH).warnings).toContainEqual(
      expect.stringMatching(/^STUDENT_RECORDS_FILE is not set: the records of students who log in/),
    );
  });
});

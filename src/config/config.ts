import type { BotFrameworkSettings } from '../channels/teams/teamsAdapter';
import type { MailSettings } from '../mail/createMailer';
import type { PaymentSettings } from '../payments/createPaymentGateways';
import {
  EDU_PERSON_PRINCIPAL_NAME,
  SAML_METADATA_PATH,
  type SamlSettings,
} from '../auth/saml/samlSettings';
import type { OidcSettings } from '../auth/oidc/oidcSettings';
import { isLoopbackUrl } from '../channels/teams/isLoopbackUrl';
import type { LogFormat, LogLevel } from '../platform/logger';
import { parseAddressRange, type AddressRange } from '../http/addressRange';
import { parseReminderOffsets, type ReminderOffset } from '../reminders/reminderTimes';
import { ConfigError } from '../platform/errors';
import type { DateTime } from 'luxon';
import { parseClockStart } from './clockStart';
import type { RedisSettings } from '../storage/redisSettings';
import { redisConfig } from './redisConfig';

/** Typed configuration, read once from the environment by {@link loadConfig}. */
export interface Config {
  /**
   * `NODE_ENV=production`: the service refuses to start while a demo part would be live, and
   * serves no demo page (see `src/config/demoParts.ts`).
   */
  production: boolean;
  port: number;
  publicUrl: string;
  logLevel: LogLevel;
  logFormat: LogFormat;
  /** Bearer token that `/metrics` requires; unset = open (refused in production). */
  metricsToken?: string;
  /** `REDIS_URL` and/or `REDIS_CLUSTER_NODES`; unset = state in memory (one instance only). */
  redis?: RedisSettings;
  /**
   * Proxies (addresses and CIDR blocks) whose `X-Forwarded-For` is believed; empty = the header
   * is ignored and the TCP peer is the client.
   */
  trustedProxies: AddressRange[];
  /** Idle conversation state (dialog stacks) is dropped after this many seconds. */
  conversationTtlSeconds: number;
  line?: {
    channelSecret: string;
    channelAccessToken: string;
    apiBaseUrl: string;
    /** LINE's data host (rich menu images): `https://api-data.line.me`, or a test server. */
    dataApiBaseUrl: string;
    accountLinkUrl: string;
    /** A turn that takes longer than this shows LINE's loading animation. */
    loadingDelayMs: number;
    /** Push requests per second, for all instances together (LINE allows 2,000). */
    pushPerSecond: number;
    /** Multicast requests per second, for all instances together (LINE allows 200). */
    multicastPerSecond: number;
  };
  botFramework: BotFrameworkSettings;
  mail: MailSettings;
  manualUrl: string;
  callCenterPhone: string;
  /** The bundled demo directory of students, or the university's replacement file. */
  identityDirectoryFile: string;
  /** SAML 2.0 single sign-on (`SAML_IDP_METADATA_FILE` turns it on); unset = another source. */
  saml?: SamlSettings;
  /** OpenID Connect single sign-on (`OIDC_ISSUER` turns it on); unset = another source. */
  oidc?: OidcSettings;
  /**
   * The registrar's records (JSON or CSV), re-read when the file changes; unset = the identity
   * directory's entries are the records.
   */
  studentRecordsFile?: string;
  /** Certificate types, fees, deadlines, closures: the university's catalogue file. */
  catalogueFile: string;
  /** PayPal Orders v2; unset = the embedded demo checkout stands in for card payments. */
  paypal?: PaymentSettings['paypal'];
  /** Smart Pit cash payments; unset secret = the embedded demo cashier page. */
  smartPit: PaymentSettings['smartPit'];
  shutdownTimeoutMs: number;
  /**
   * `CLOCK_START`: the service's clock starts at this instant and runs on from there (demos,
   * staging, outside tests); unset = the system clock. Refused in production.
   */
  clockStart?: DateTime;
  /** News about a student (address confirmed, payment, number, expiry) on every linked chat. */
  notifyEveryChannel: boolean;
  /** When students are reminded before their payment and print deadlines. */
  reminders: { offsets: ReminderOffset[]; sweepIntervalMs: number };
  staff: {
    /** Staff accounts (id, names, scrypt password hash); the bundled file holds one demo account. */
    accountsFile: string;
    /** Bearer tokens of the staff API, by the name that appears in the audit log. */
    apiTokens: { name: string; token: string }[];
    /** A dashboard session ends after this long without a request. */
    sessionIdleMinutes: number;
  };
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(
      name,
      `${name} must be a whole number from ${min} to ${max}, not "${raw}".`,
    );
  }
  return Number(raw);
}

function flag(env: Env, name: string): boolean {
  const raw = text(env, name)?.toLowerCase();
  if (raw === undefined || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw new ConfigError(name, `${name} must be true or false, not "${raw}".`);
}

function httpUrl(env: Env, name: string, fallback: string): string {
  const raw = text(env, name) ?? fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `${name} must be an absolute http(s) URL, not "${raw}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(name, `${name} must be an absolute http(s) URL, not "${raw}".`);
  }
  return raw.replace(/\/+$/, '');
}

function trustedProxiesConfig(env: Env): AddressRange[] {
  const ranges: AddressRange[] = [];
  for (const entry of (text(env, 'TRUSTED_PROXIES') ?? '').split(',')) {
    if (!entry.trim()) continue;
    const range = parseAddressRange(entry);
    if (!range) {
      throw new ConfigError(
        'TRUSTED_PROXIES',
        `TRUSTED_PROXIES must be a comma-separated list of IP addresses and CIDR blocks (e.g. 10.0.0.0/8, ::1), not "${entry.trim().slice(0, 64)}".`,
      );
    }
    ranges.push(range);
  }
  return ranges;
}

function lineConfig(env: Env): Config['line'] {
  const channelSecret = text(env, 'LINE_CHANNEL_SECRET');
  const channelAccessToken = text(env, 'LINE_CHANNEL_ACCESS_TOKEN');
  if (!channelSecret && !channelAccessToken) return undefined;
  if (!channelSecret) {
    throw new ConfigError(
      'LINE_CHANNEL_SECRET',
      'LINE_CHANNEL_SECRET must be set when LINE_CHANNEL_ACCESS_TOKEN is set.',
    );
  }
  if (!channelAccessToken) {
    throw new ConfigError(
      'LINE_CHANNEL_ACCESS_TOKEN',
      'LINE_CHANNEL_ACCESS_TOKEN must be set when LINE_CHANNEL_SECRET is set.',
    );
  }
  return {
    channelSecret,
    channelAccessToken,
    apiBaseUrl: httpUrl(env, 'LINE_API_BASE_URL', 'https://api.line.me'),
    dataApiBaseUrl: httpUrl(env, 'LINE_DATA_API_BASE_URL', 'https://api-data.line.me'),
    accountLinkUrl: httpUrl(
      env,
      'LINE_ACCOUNT_LINK_URL',
      'https://access.line.me/dialog/bot/accountLink',
    ),
    loadingDelayMs: integer(env, 'LINE_LOADING_DELAY_MS', 1000, 0, 60_000),
    pushPerSecond: integer(env, 'LINE_PUSH_PER_SECOND', 1000, 1, 2000),
    multicastPerSecond: integer(env, 'LINE_MULTICAST_PER_SECOND', 100, 1, 200),
  };
}

function remindersConfig(env: Env): Config['reminders'] {
  const raw = text(env, 'REMINDER_OFFSETS') ?? '2d,lastday@09';
  let offsets: ReminderOffset[];
  try {
    offsets = raw.toLowerCase() === 'off' ? [] : parseReminderOffsets(raw);
  } catch {
    throw new ConfigError(
      'REMINDER_OFFSETS',
      `REMINDER_OFFSETS must be "off" or a comma-separated list of Nd (days before) and lastday@HH (hour on the last day), not "${raw}".`,
    );
  }
  return {
    offsets,
    sweepIntervalMs: integer(env, 'REMINDER_SWEEP_INTERVAL_MS', 15_000, 1000, 3_600_000),
  };
}

const SAML_SETTINGS = [
  'SAML_SP_KEY_FILE',
  'SAML_SP_CERT_FILE',
  'SAML_SP_ENTITY_ID',
  'SAML_STUDENT_ID_ATTRIBUTE',
  'SAML_REQUIRED_AFFILIATION',
] as const;

/**
 * SAML single sign-on: `SAML_IDP_METADATA_FILE` turns it on and then needs our key pair; the
 * files themselves are read (and refused) at start-up by the composition.
 */
function samlConfig(env: Env, publicUrl: string): Config['saml'] {
  const idpMetadataFile = text(env, 'SAML_IDP_METADATA_FILE');
  if (idpMetadataFile === undefined) {
    const stray = SAML_SETTINGS.find((name) => text(env, name) !== undefined);
    if (stray) {
      throw new ConfigError(
        stray,
        `${stray} is set, but SAML_IDP_METADATA_FILE, which turns SAML on, is not.`,
      );
    }
    return undefined;
  }
  const required = (name: 'SAML_SP_KEY_FILE' | 'SAML_SP_CERT_FILE', what: string): string => {
    const value = text(env, name);
    if (value === undefined) {
      throw new ConfigError(name, `${name} must name ${what} when SAML_IDP_METADATA_FILE is set.`);
    }
    return value;
  };
  const spEntityId = text(env, 'SAML_SP_ENTITY_ID') ?? `${publicUrl}${SAML_METADATA_PATH}`;
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S{1,1000}$/.test(spEntityId)) {
    throw new ConfigError(
      'SAML_SP_ENTITY_ID',
      `SAML_SP_ENTITY_ID must be an absolute URI (e.g. https://bot.example.ac.jp/auth/saml/metadata), not "${spEntityId.slice(0, 80)}".`,
    );
  }
  const studentIdAttribute = text(env, 'SAML_STUDENT_ID_ATTRIBUTE') ?? EDU_PERSON_PRINCIPAL_NAME;
  if (!/^\S{1,256}$/.test(studentIdAttribute)) {
    throw new ConfigError(
      'SAML_STUDENT_ID_ATTRIBUTE',
      'SAML_STUDENT_ID_ATTRIBUTE must be an attribute name without spaces, such as urn:oid:1.3.6.1.4.1.5923.1.1.1.6.',
    );
  }
  const requiredAffiliation = (text(env, 'SAML_REQUIRED_AFFILIATION') ?? 'student').toLowerCase();
  if (!/^[a-z0-9._-]{1,64}$/.test(requiredAffiliation)) {
    throw new ConfigError(
      'SAML_REQUIRED_AFFILIATION',
      `SAML_REQUIRED_AFFILIATION must be one eduPersonAffiliation value such as student, not "${requiredAffiliation.slice(0, 80)}".`,
    );
  }
  return {
    idpMetadataFile,
    spKeyFile: required('SAML_SP_KEY_FILE', 'our private key (PEM)'),
    spCertFile: required('SAML_SP_CERT_FILE', 'our certificate (PEM)'),
    spEntityId,
    studentIdAttribute,
    requiredAffiliation,
  };
}

const OIDC_SETTINGS = ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_STUDENT_ID_CLAIM'] as const;

/**
 * OpenID Connect single sign-on: `OIDC_ISSUER` turns it on and then needs the client's ID and
 * secret; the provider's discovery document is read (and refused) at start-up by the composition.
 * The issuer is kept exactly as written: ID tokens must name it exactly.
 */
function oidcConfig(env: Env): Config['oidc'] {
  const issuer = text(env, 'OIDC_ISSUER');
  if (issuer === undefined) {
    const stray = OIDC_SETTINGS.find((name) => text(env, name) !== undefined);
    if (stray) {
      throw new ConfigError(
        stray,
        `${stray} is set, but OIDC_ISSUER, which turns OpenID Connect on, is not.`,
      );
    }
    return undefined;
  }
  let url: URL | undefined;
  try {
    url = new URL(issuer);
  } catch {
    url = undefined;
  }
  // https, or http for a provider on this machine only (development, tests).
  const secure = url?.protocol === 'https:' || (url?.protocol === 'http:' && isLoopbackUrl(issuer));
  if (!url || !secure || url.username || url.password || url.search || url.hash) {
    throw new ConfigError(
      'OIDC_ISSUER',
      `OIDC_ISSUER must be the provider's https issuer URL without query (e.g. https://login.microsoftonline.com/<tenant-id>/v2.0), not "${issuer.slice(0, 120)}".`,
    );
  }
  const required = (name: 'OIDC_CLIENT_ID' | 'OIDC_CLIENT_SECRET'): string => {
    const value = text(env, name);
    if (value === undefined) {
      throw new ConfigError(name, `${name} must be set when OIDC_ISSUER is set.`);
    }
    return value;
  };
  const studentIdClaim = text(env, 'OIDC_STUDENT_ID_CLAIM') ?? 'preferred_username';
  if (!/^\S{1,256}$/.test(studentIdClaim)) {
    throw new ConfigError(
      'OIDC_STUDENT_ID_CLAIM',
      'OIDC_STUDENT_ID_CLAIM must be a claim name without spaces, such as preferred_username or upn.',
    );
  }
  return {
    issuer,
    clientId: required('OIDC_CLIENT_ID'),
    clientSecret: required('OIDC_CLIENT_SECRET'),
    studentIdClaim,
  };
}

/** The bundled demo directory of students, whose passwords are in the README. */
export const DEMO_DIRECTORY_FILE = 'data/demo-students.json';

/** The bundled staff accounts file: one demo account, whose password is in the README. */
export const DEMO_STAFF_ACCOUNTS_FILE = 'data/demo-staff.json';

const API_TOKEN = /^([A-Za-z0-9_.-]{1,40}):([A-Za-z0-9_~+/=-]{32,200})$/;

function staffConfig(env: Env): Config['staff'] {
  const apiTokens: Config['staff']['apiTokens'] = [];
  for (const entry of (text(env, 'STAFF_API_TOKENS') ?? '').split(',')) {
    if (!entry.trim()) continue;
    const match = API_TOKEN.exec(entry.trim());
    if (!match) {
      throw new ConfigError(
        'STAFF_API_TOKENS',
        'STAFF_API_TOKENS must be a comma-separated list of name:token, each token at least 32 characters (e.g. from `openssl rand -hex 32`).',
      );
    }
    if (apiTokens.some((known) => known.name === match[1])) {
      throw new ConfigError('STAFF_API_TOKENS', `STAFF_API_TOKENS names "${match[1]}" twice.`);
    }
    apiTokens.push({ name: match[1], token: match[2] });
  }
  return {
    accountsFile: text(env, 'STAFF_ACCOUNTS_FILE') ?? DEMO_STAFF_ACCOUNTS_FILE,
    apiTokens,
    sessionIdleMinutes: integer(env, 'STAFF_SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
  };
}

function mailConfig(env: Env): Config['mail'] {
  const smtpUrl = text(env, 'SMTP_URL');
  if (smtpUrl !== undefined && !/^smtps?:\/\/[^/]+/.test(smtpUrl)) {
    throw new ConfigError('SMTP_URL', 'SMTP_URL must look like smtp://user:password@host:587.');
  }
  const from =
    text(env, 'MAIL_FROM') ?? 'Certificate Issuance <no-reply@certificates.example.ac.jp>';
  if (!/[^\s@<]+@[^\s@>]+/.test(from)) {
    throw new ConfigError('MAIL_FROM', `MAIL_FROM must contain an email address, not "${from}".`);
  }
  return { smtpUrl, from, outboxDir: text(env, 'MAIL_OUTBOX_DIR') ?? 'var/outbox' };
}

function paypalConfig(env: Env): Config['paypal'] {
  const names = ['PAYPAL_CLIENT_ID', 'PAYPAL_CLIENT_SECRET', 'PAYPAL_WEBHOOK_ID'] as const;
  const values = names.map((name) => text(env, name));
  if (values.every((value) => value === undefined)) return undefined;
  const missing = names.find((_, i) => values[i] === undefined);
  if (missing) {
    throw new ConfigError(missing, `${missing} must be set with the other PAYPAL_ variables.`);
  }
  const [clientId, clientSecret, webhookId] = values as string[];
  return {
    clientId,
    clientSecret,
    webhookId,
    apiBaseUrl: httpUrl(env, 'PAYPAL_API_BASE_URL', 'https://api-m.sandbox.paypal.com'),
  };
}

/**
 * `LOG_FORMAT` when set; otherwise readable lines for a developer at a terminal, and JSON in
 * production or when the output goes to a file or a collector.
 */
function logFormat(env: Env, production: boolean, terminal: boolean): LogFormat {
  const raw = text(env, 'LOG_FORMAT');
  if (raw === undefined) return !production && terminal ? 'pretty' : 'json';
  if (raw !== 'json' && raw !== 'pretty') {
    throw new ConfigError('LOG_FORMAT', `LOG_FORMAT must be json or pretty, not "${raw}".`);
  }
  return raw;
}

function metricsToken(env: Env): string | undefined {
  const token = text(env, 'METRICS_TOKEN');
  if (token !== undefined && !/^[A-Za-z0-9_~+/=.-]{32,200}$/.test(token)) {
    throw new ConfigError(
      'METRICS_TOKEN',
      'METRICS_TOKEN must be 32 to 200 letters, digits or _~+/=.- (e.g. from `openssl rand -hex 32`).',
    );
  }
  return token;
}

/**
 * Single sign-on, if configured: SAML or OpenID Connect. Exactly one identity source is active,
 * so SAML with OIDC, or either with an explicit `IDENTITY_DIRECTORY_FILE`, stops start-up.
 */
function identitySources(env: Env, publicUrl: string): Pick<Config, 'saml' | 'oidc'> {
  const saml = samlConfig(env, publicUrl);
  const oidc = oidcConfig(env);
  if (saml && oidc) {
    throw new ConfigError(
      'OIDC_ISSUER',
      'OIDC_ISSUER and SAML_IDP_METADATA_FILE are both set: configure one single sign-on, SAML or OpenID Connect.',
    );
  }
  const sso = saml ? 'SAML_IDP_METADATA_FILE' : oidc ? 'OIDC_ISSUER' : undefined;
  if (sso && text(env, 'IDENTITY_DIRECTORY_FILE') !== undefined) {
    throw new ConfigError(
      'IDENTITY_DIRECTORY_FILE',
      `IDENTITY_DIRECTORY_FILE and ${sso} are both set: students log in through one identity source (unset IDENTITY_DIRECTORY_FILE and give the registrar's records as STUDENT_RECORDS_FILE).`,
    );
  }
  return { saml, oidc };
}

/**
 * Reads and validates the configuration once. Throws {@link ConfigError}, whose message is one
 * sentence naming the variable, on the first bad value. `terminal` says whether the logs go to
 * a person's terminal (the default log format depends on it).
 */
export function loadConfig(env: Env = process.env, terminal = false): Config {
  const production = text(env, 'NODE_ENV') === 'production';
  const port = integer(env, 'PORT', 3978, 0, 65_535);
  const publicUrl = httpUrl(env, 'PUBLIC_URL', `http://localhost:${port}`);
  // A developer sees debug lines (the outbox mail's link among them); production logs from info.
  const logLevel = (text(env, 'LOG_LEVEL') ?? (production ? 'info' : 'debug')) as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}.`);
  }
  return {
    production,
    port,
    publicUrl,
    logLevel,
    logFormat: logFormat(env, production, terminal),
    metricsToken: metricsToken(env),
    redis: redisConfig({
      url: text(env, 'REDIS_URL'),
      clusterNodes: text(env, 'REDIS_CLUSTER_NODES'),
      keyPrefix: text(env, 'REDIS_KEY_PREFIX'),
    }),
    trustedProxies: trustedProxiesConfig(env),
    conversationTtlSeconds: integer(
      env,
      'CONVERSATION_TTL_SECONDS',
      7 * 24 * 3600,
      60,
      90 * 24 * 3600,
    ),
    line: lineConfig(env),
    botFramework: {
      appId: text(env, 'MicrosoftAppId'),
      appPassword: text(env, 'MicrosoftAppPassword'),
      appType: text(env, 'MicrosoftAppType'),
      tenantId: text(env, 'MicrosoftAppTenantId'),
    },
    mail: mailConfig(env),
    manualUrl: httpUrl(env, 'MANUAL_URL', `${publicUrl}/manual`),
    callCenterPhone: text(env, 'CALL_CENTER_PHONE') ?? '06-6809-4327',
    identityDirectoryFile: text(env, 'IDENTITY_DIRECTORY_FILE') ?? DEMO_DIRECTORY_FILE,
    ...identitySources(env, publicUrl),
    studentRecordsFile: text(env, 'STUDENT_RECORDS_FILE'),
    catalogueFile: text(env, 'CATALOGUE_FILE') ?? 'data/catalogue.json',
    paypal: paypalConfig(env),
    smartPit: { callbackSecret: text(env, 'SMARTPIT_CALLBACK_SECRET') },
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 0, 120_000),
    clockStart: parseClockStart(text(env, 'CLOCK_START')),
    notifyEveryChannel: flag(env, 'NOTIFY_EVERY_CHANNEL'),
    reminders: remindersConfig(env),
    staff: staffConfig(env),
  };
}

import { DateTime } from 'luxon';
import pino from 'pino';
import pinoPretty from 'pino-pretty';
import { ZONE } from './clock';

export type Logger = pino.Logger;

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** How log lines are written: JSON for collectors, or readable lines for a person. */
export type LogFormat = 'json' | 'pretty';

/**
 * Fields that hold a secret or a capability: one-time URLs and tokens, payment references (a
 * Smart Pit number pays an order, a PayPal order id finds it), reservation numbers (print the
 * document), verification codes, account-link nonces. At `info` and above their values are
 * replaced, whoever logs them; a `debug` line may keep them for a developer.
 */
const SECRET_FIELDS = new Set([
  'reference',
  'transactionId',
  'paypalOrderId',
  'captureId',
  'smartPitNumber',
  'reservationNumber',
  'number',
  'verificationCode',
  'token',
  'linkToken',
  'nonce',
  'link',
  'url',
  'location',
]);

const INFO = 30;
const REDACTED = '[redacted]';

/** Error fields worth logging; others (a Redis command's arguments, HTTP options) may hold data. */
const ERROR_FIELDS = [
  'type',
  'message',
  'stack',
  'code',
  'errno',
  'syscall',
  'status',
  'statusCode',
  'operation',
  'issue',
  'debugId',
] as const;

/**
 * Structured logs: JSON lines for collectors, or readable lines for a person at a terminal
 * (`format: 'pretty'`, times in Japan time). Message text, email addresses and passwords are
 * never passed to the logger; the redaction below is a second line of defence should a caller
 * log a whole object by mistake, and secrets are kept out of every line at `info` and above.
 */
export function createLogger(
  level: LogLevel,
  destination?: pino.DestinationStream,
  format: LogFormat = 'json',
): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'certificate-bot' },
    redact: {
      paths: ['text', 'email', '*.text', '*.email', 'message.text', 'password', '*.password'],
      censor: REDACTED,
    },
    serializers: { err: serializeError },
    hooks: {
      logMethod(args, method, levelValue) {
        if (levelValue >= INFO && isRecord(args[0])) args[0] = withoutSecrets(args[0]);
        return method.apply(this, args);
      },
    },
  };
  if (format === 'pretty') {
    return pino(
      options,
      pinoPretty({
        destination: destination ?? 1,
        sync: true,
        ignore: 'pid,hostname,service',
        // pino's epoch milliseconds, shown in Japan time whatever the machine's zone.
        translateTime: false,
        customPrettifiers: {
          time: (time) =>
            `[${DateTime.fromMillis(Number(time)).setZone(ZONE).toFormat('HH:mm:ss.SSS')}]`,
        },
      }),
    );
  }
  return pino(options, destination);
}

/** A copy of `fields` (and of the records one level down) with secret values replaced. */
function withoutSecrets(fields: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (SECRET_FIELDS.has(key)) copy[key] = REDACTED;
    else if (isRecord(value) && !(value instanceof Error)) copy[key] = redactFlat(value);
    else copy[key] = value;
  }
  return copy;
}

function redactFlat(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [key, SECRET_FIELDS.has(key) ? REDACTED : value]),
  );
}

/** An error as pino would write it, limited to {@link ERROR_FIELDS} (and its cause, likewise). */
function serializeError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const full = pino.stdSerializers.err(err) as unknown as Record<string, unknown>;
  const kept: Record<string, unknown> = {};
  for (const field of ERROR_FIELDS) if (full[field] !== undefined) kept[field] = full[field];
  if (err.cause instanceof Error) kept.cause = serializeError(err.cause);
  return kept;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import pino from 'pino';
import type { LogLevel } from '../config/config';

export type Logger = pino.Logger;

/**
 * Structured JSON logs. Message text and email addresses are never passed to the logger; the
 * redaction below is a second line of defence should a caller log a whole object by mistake.
 */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'certificate-bot' },
      redact: {
        paths: ['text', 'email', '*.text', '*.email', 'message.text', 'password', '*.password'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

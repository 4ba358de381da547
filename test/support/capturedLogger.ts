import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/platform/logger';

/**
 * A debug-level logger whose every line is kept in `lines`, so a test can prove what never
 * reaches the logs (message text, user ids, addresses).
 */
export function capturedLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger(
    'debug',
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );
  return { logger, lines };
}

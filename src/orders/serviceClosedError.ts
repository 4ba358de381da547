import type { LocalizedText } from './catalogue';

/** No new orders now (a closure or maintenance window); the student is told when to come back. */
export class ServiceClosedError extends Error {
  override readonly name = 'ServiceClosedError';
  readonly code = 'ORDER_SERVICE_CLOSED';

  constructor(
    /** ISO time in Japan time when orders are taken again. */
    readonly reopensAt: string,
    readonly reason?: LocalizedText,
  ) {
    super(`Orders: the service is closed until ${reopensAt}.`);
  }
}

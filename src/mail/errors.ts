/**
 * A mail could not be handed over (SMTP refused it, the outbox folder is not writable, …). The
 * message names the transport and the cause's code, never the recipient; the original error is
 * deliberately not kept as `cause`, since SMTP errors quote the recipient's address. So this
 * error can be logged as it is.
 */
export class MailDeliveryError extends Error {
  override readonly name = 'MailDeliveryError';

  constructor(
    readonly transport: 'smtp' | 'outbox',
    readonly code: string | undefined,
    readonly responseCode?: number,
  ) {
    super(
      `The ${transport} mailer could not send a mail` +
        `${code ? ` (${code}${responseCode ? ` ${responseCode}` : ''})` : ''}.`,
    );
  }

  /** Wraps whatever a transport threw, keeping only its code and SMTP response code. */
  static from(transport: 'smtp' | 'outbox', err: unknown): MailDeliveryError {
    const { code, responseCode } = (err ?? {}) as { code?: unknown; responseCode?: unknown };
    return new MailDeliveryError(
      transport,
      typeof code === 'string' ? code : undefined,
      typeof responseCode === 'number' ? responseCode : undefined,
    );
  }
}

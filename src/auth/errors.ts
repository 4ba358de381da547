/** A stored password hash is not `scrypt$N$r$p$saltB64$hashB64` with sane parameters. */
export class InvalidPasswordHashError extends Error {
  override readonly name = 'InvalidPasswordHashError';
  readonly code = 'AUTH_INVALID_PASSWORD_HASH';

  constructor(readonly reason: string) {
    super(`Invalid password hash: ${reason}.`);
  }
}

/**
 * `NODE_ENV=production` with demo parts still live: start-up stops and lists every problem at
 * once, one sentence each, so that an operator fixes them in one round.
 */
export class ProductionRefusedError extends Error {
  override readonly name = 'ProductionRefusedError';

  constructor(readonly problems: readonly string[]) {
    super(`The service refuses to start in production: ${problems.join(' ')}`);
  }
}

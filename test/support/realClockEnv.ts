/**
 * The environment without libfaketime: the shifted-clock test runs preload it into every
 * process, but redis-server aborts under it, and Redis keeps the real clock anyway (the service
 * never compares its own clock with Redis's).
 */
export function realClockEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([name]) => name !== 'LD_PRELOAD' && !name.startsWith('FAKETIME')),
  );
}

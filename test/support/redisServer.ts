import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './freePort';
import { realClockEnv } from './realClockEnv';

/** A redis-server of one test alone: safe to restart, kill or inspect whole (KEYS *, DBSIZE). */
export interface PrivateRedis {
  port: number;
  url: string;
  /** Stops the server gracefully (an append-only server keeps its data for `restart`). */
  stop(): Promise<void>;
  /** Stops the server (if running) and starts it again on the same port and directory. */
  restart(): Promise<void>;
  /** Stops the server and deletes its directory; call once, at the end of the test. */
  dispose(): Promise<void>;
}

export interface PrivateRedisOptions {
  /** Persist every write (appendfsync always), so that data survives `restart`. */
  appendOnly?: boolean;
  /**
   * Serve TLS only, with this certificate and key (PEM): the plain port is closed and `port`
   * is the TLS port; clients are not asked for a certificate. `url` is then `rediss:`.
   */
  tls?: { cert: string; key: string };
}

const READY = 'Ready to accept connections';

/** Starts `redis-server` on a free port in a fresh temporary directory. */
export async function startRedisServer(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'certbot-redis-'));
  const persistence = options.appendOnly ? ['--appendonly', 'yes', '--appendfsync', 'always'] : [];
  const tls = options.tls;
  if (tls) {
    await writeFile(join(dir, 'cert.pem'), tls.cert);
    await writeFile(join(dir, 'key.pem'), tls.key, { mode: 0o600 });
  }
  const listen = (free: number): string[] =>
    tls
      ? [
          '--port',
          '0',
          '--tls-port',
          String(free),
          '--tls-cert-file',
          join(dir, 'cert.pem'),
          '--tls-key-file',
          join(dir, 'key.pem'),
          '--tls-auth-clients',
          'no',
        ]
      : ['--port', String(free)];
  let args: string[] = [];
  const launched = await launchOnFreePorts(1, ([free]) => {
    args = [...listen(free), '--bind', '127.0.0.1', '--save', '', '--dir', dir, ...persistence];
    return args;
  });
  const [port] = launched.ports;
  let child: ChildProcess | undefined = launched.child;

  const stop = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (running) await stopRedisServer(running);
  };
  return {
    port,
    url: `${tls ? 'rediss' : 'redis'}://127.0.0.1:${port}/0`,
    stop,
    restart: async () => {
      await stop();
      child = await launchRedisServer(args);
    },
    dispose: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts `redis-server` on `count` ports the OS calls free, with the arguments `argsFor` builds
 * from them. A port is only free until someone takes it (any process's outgoing connection may
 * get it as its local port before redis-server binds it), so a start refused with "Address
 * already in use" is tried again on other ports, up to five times.
 */
export async function launchOnFreePorts(
  count: number,
  argsFor: (ports: number[]) => string[],
  label = 'redis-server',
): Promise<{ child: ChildProcess; ports: number[] }> {
  for (let attempt = 1; ; attempt++) {
    const ports: number[] = [];
    while (ports.length < count) {
      const port = await freePort();
      if (!ports.includes(port)) ports.push(port);
    }
    try {
      return { child: await launchRedisServer(argsFor(ports), `${label} on ${ports[0]}`), ports };
    } catch (error) {
      const taken = error instanceof Error && error.message.includes('Address already in use');
      if (!taken || attempt >= 5) throw error;
    }
  }
}

/**
 * Starts `redis-server` with `args` on the real clock and resolves once it accepts connections;
 * rejects with its output if it exits first. `label` names it in that error.
 */
export function launchRedisServer(args: string[], label = 'redis-server'): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn('redis-server', args, {
      env: realClockEnv(process.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes(READY)) {
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        child.off('exit', onExit);
        resolve(child);
      }
    };
    const onExit = (code: number | null): void =>
      reject(new Error(`${label} exited (${code}) before it was ready:\n${output}`));
    child.stdout?.on('data', onData);
    child.stderr?.resume();
    child.once('exit', onExit);
    child.once('error', reject);
  });
}

/** Stops a `redis-server` started by {@link launchRedisServer} (SIGTERM) and waits for its exit. */
export async function stopRedisServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

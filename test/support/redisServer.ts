import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
}

const READY = 'Ready to accept connections';

/** Starts `redis-server` on a free port in a fresh temporary directory. */
export async function startRedisServer(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'certbot-redis-'));
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir];
  if (options.appendOnly) args.push('--appendonly', 'yes', '--appendfsync', 'always');
  let child: ChildProcess | undefined = await launch(args);

  const stop = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    await exited;
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}/0`,
    stop,
    restart: async () => {
      await stop();
      child = await launch(args);
    },
    dispose: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function launch(args: string[]): Promise<ChildProcess> {
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
      reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`));
    child.stdout?.on('data', onData);
    child.stderr?.resume();
    child.once('exit', onExit);
    child.once('error', reject);
  });
}

/**
 * The environment without libfaketime: the shifted-clock test runs preload it into every
 * process, but redis-server aborts under it, and Redis keeps the real clock anyway (the service
 * never compares its own clock with Redis's).
 */
function realClockEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([name]) => name !== 'LD_PRELOAD' && !name.startsWith('FAKETIME')),
  );
}

/** A port nobody listens on right now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

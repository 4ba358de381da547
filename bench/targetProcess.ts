import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** What the benchmark tells a target when it starts it. */
export interface TargetOptions {
  /** Redis for the targets that keep state; each uses `redisPrefix` for its keys. */
  redisUrl: string;
  redisPrefix: string;
  /** The local LINE API double (LINE targets). */
  lineApiBaseUrl: string;
  lineAccessToken: string;
  lineChannelSecret: string;
}

/** Messages between the benchmark (parent) and a target (child), over the IPC channel. */
export type ToTarget =
  { type: 'start'; options: TargetOptions } | { type: 'cpu' } | { type: 'stop' };
export type FromTarget =
  | { type: 'ready'; baseUrl: string }
  | { type: 'cpu'; micros: number }
  | { type: 'stopped'; maxRssBytes: number }
  | { type: 'failed'; message: string };

/** A target server running in a child process of its own. */
export interface RunningTarget {
  baseUrl: string;
  /** CPU time (user + system) the target's process has used so far, in ms. */
  cpuMs(): Promise<number>;
  /** Closes the server, ends the process and resolves with its peak RSS. */
  stop(): Promise<{ maxRssBytes: number }>;
}

/**
 * Forks `dist/bench/targets/<name>.js` and starts its server. A process per target, so that
 * its peak RSS is that server's alone and the load generator, the doubles and the other
 * targets' leftovers (heap, JIT code, sockets) take nothing from it.
 */
export async function startTarget(name: string, options: TargetOptions): Promise<RunningTarget> {
  const child = fork(join(__dirname, 'targets', `${name}.js`), [], {
    stdio: 'inherit',
    // As `npm start` runs the service: restify's use of process.binding is known.
    execArgv: [...process.execArgv, '--disable-warning=DEP0111'],
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    onceMessage(child, (message) =>
      message.type === 'ready'
        ? resolve(message.baseUrl)
        : reject(new Error(`target ${name}: ${describe(message)}`)),
    );
    child.once('exit', (code) => reject(new Error(`target ${name} exited (${code}) at start`)));
    send(child, { type: 'start', options });
  });
  return {
    baseUrl,
    cpuMs: () =>
      new Promise((resolve, reject) => {
        onceMessage(child, (message) =>
          message.type === 'cpu'
            ? resolve(message.micros / 1000)
            : reject(new Error(`target ${name}: ${describe(message)}`)),
        );
        send(child, { type: 'cpu' });
      }),
    stop: () =>
      new Promise((resolve, reject) => {
        onceMessage(child, (message) => {
          if (message.type !== 'stopped') {
            reject(new Error(`target ${name}: ${describe(message)}`));
            return;
          }
          child.once('exit', () => resolve({ maxRssBytes: message.maxRssBytes }));
        });
        send(child, { type: 'stop' });
      }),
  };
}

function onceMessage(child: ChildProcess, listener: (message: FromTarget) => void): void {
  child.once('message', (message) => listener(message as FromTarget));
}

function send(child: ChildProcess, message: ToTarget): void {
  child.send(message);
}

function describe(message: FromTarget): string {
  return message.type === 'failed' ? message.message : `unexpected ${message.type}`;
}

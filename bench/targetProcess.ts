import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

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
  | { type: 'start'; options: TargetOptions }
  | { type: 'cpu' }
  | { type: 'memory' }
  | { type: 'stop' };
export type FromTarget =
  /** `startMs` / `readyMs`: the target's `performance.now()` (ms since its process started). */
  | { type: 'ready'; baseUrl: string; startMs: number; readyMs: number }
  | { type: 'cpu'; micros: number }
  | { type: 'memory'; memory: TargetMemory }
  | { type: 'stopped'; maxRssBytes: number }
  | { type: 'failed'; message: string };

/** A target's memory after a forced GC (`gc` false: started without `--expose-gc`, no GC). */
export interface TargetMemory {
  heapUsedBytes: number;
  /** The V8 heap's size (used or not), and memory outside it that V8 knows of (buffers, …). */
  heapTotalBytes: number;
  externalBytes: number;
  rssBytes: number;
  gc: boolean;
}

/** How to start a target's process. */
export interface TargetProcessOptions {
  /** Run it with `--expose-gc`, so that {@link RunningTarget.memory} can force a GC first. */
  exposeGc?: boolean;
}

/** A target server running in a child process of its own. */
export interface RunningTarget {
  baseUrl: string;
  /**
   * From fork to the target's report that it listens (ms, this process's clock); of which
   * `loadedMs`: until the target took the start message (Node started, its modules loaded).
   */
  startup: { listeningMs: number; loadedMs: number };
  /** CPU time (user + system) the target's process has used so far, in ms. */
  cpuMs(): Promise<number>;
  /** Heap used and RSS of the target's process, after a forced GC when it has `--expose-gc`. */
  memory(): Promise<TargetMemory>;
  /** Closes the server, ends the process and resolves with its peak RSS. */
  stop(): Promise<{ maxRssBytes: number }>;
}

/**
 * Forks `dist/bench/targets/<name>.js` and starts its server. A process per target, so that
 * its peak RSS is that server's alone and the load generator, the doubles and the other
 * targets' leftovers (heap, JIT code, sockets) take nothing from it.
 */
export async function startTarget(
  name: string,
  options: TargetOptions,
  processOptions: TargetProcessOptions = {},
): Promise<RunningTarget> {
  const forked = performance.now();
  const child = fork(join(__dirname, 'targets', `${name}.js`), [], {
    stdio: 'inherit',
    // As `npm start` runs the service: restify's use of process.binding is known.
    execArgv: [
      ...process.execArgv,
      '--disable-warning=DEP0111',
      ...(processOptions.exposeGc ? ['--expose-gc'] : []),
    ],
  });
  const { baseUrl, startup } = await new Promise<Pick<RunningTarget, 'baseUrl' | 'startup'>>(
    (resolve, reject) => {
      onceMessage(child, (message) => {
        if (message.type !== 'ready') {
          reject(new Error(`target ${name}: ${describe(message)}`));
          return;
        }
        const listeningMs = performance.now() - forked;
        const loadedMs = listeningMs - (message.readyMs - message.startMs);
        resolve({ baseUrl: message.baseUrl, startup: { listeningMs, loadedMs } });
      });
      child.once('exit', (code) => reject(new Error(`target ${name} exited (${code}) at start`)));
      send(child, { type: 'start', options });
    },
  );
  return {
    baseUrl,
    startup,
    cpuMs: () =>
      new Promise((resolve, reject) => {
        onceMessage(child, (message) =>
          message.type === 'cpu'
            ? resolve(message.micros / 1000)
            : reject(new Error(`target ${name}: ${describe(message)}`)),
        );
        send(child, { type: 'cpu' });
      }),
    memory: () =>
      new Promise((resolve, reject) => {
        onceMessage(child, (message) =>
          message.type === 'memory'
            ? resolve(message.memory)
            : reject(new Error(`target ${name}: ${describe(message)}`)),
        );
        send(child, { type: 'memory' });
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

import { performance } from 'node:perf_hooks';
import { setImmediate } from 'node:timers/promises';
import type { FromTarget, TargetMemory, TargetOptions, ToTarget } from './targetProcess';

/** A started target server: where it listens and how to close it. */
export interface TargetServer {
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * The child side of {@link startTarget}: starts the server when told, reports its URL, and on
 * `cpu` reports the CPU time used so far, on `memory` heap used and RSS (after a full GC when
 * the process has `--expose-gc`), on `stop` closes it and reports the process's peak RSS before
 * exiting.
 */
export function serveTarget(start: (options: TargetOptions) => Promise<TargetServer>): void {
  let server: TargetServer | undefined;
  // An IPC message is sent asynchronously: exit only once it has gone.
  const reply = (message: FromTarget): Promise<void> =>
    new Promise((resolve) => process.send?.(message, undefined, undefined, () => resolve()));
  const fail = async (err: unknown): Promise<void> => {
    await reply({
      type: 'failed',
      message: err instanceof Error ? (err.stack ?? err.message) : String(err),
    });
    process.exit(1);
  };
  process.on('message', (message: ToTarget) => {
    if (message.type === 'start') {
      const startMs = performance.now();
      start(message.options).then(async (started) => {
        server = started;
        const readyMs = performance.now();
        await reply({ type: 'ready', baseUrl: started.baseUrl, startMs, readyMs });
      }, fail);
    } else if (message.type === 'cpu') {
      const { user, system } = process.cpuUsage();
      void reply({ type: 'cpu', micros: user + system });
    } else if (message.type === 'memory') {
      measureMemory().then((memory) => reply({ type: 'memory', memory }), fail);
    } else {
      Promise.resolve(server?.close()).then(async () => {
        // resourceUsage().maxRSS is in kilobytes: the peak of this process's whole life.
        await reply({ type: 'stopped', maxRssBytes: process.resourceUsage().maxRSS * 1024 });
        process.exit(0);
      }, fail);
    }
  });
}

/** Heap used and RSS, after two full GCs (the second frees what finalizers of the first let go). */
async function measureMemory(): Promise<TargetMemory> {
  const { gc } = globalThis;
  if (gc) {
    gc();
    await setImmediate();
    gc();
  }
  const { heapUsed, heapTotal, external, rss } = process.memoryUsage();
  return {
    heapUsedBytes: heapUsed,
    heapTotalBytes: heapTotal,
    externalBytes: external,
    rssBytes: rss,
    gc: gc !== undefined,
  };
}

import type { FromTarget, TargetOptions, ToTarget } from './targetProcess';

/** A started target server: where it listens and how to close it. */
export interface TargetServer {
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * The child side of {@link startTarget}: starts the server when told, reports its URL, and on
 * `cpu` reports the CPU time used so far, on
 * `stop` closes it and reports the process's peak RSS before exiting.
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
      start(message.options).then(async (started) => {
        server = started;
        await reply({ type: 'ready', baseUrl: started.baseUrl });
      }, fail);
    } else if (message.type === 'cpu') {
      const { user, system } = process.cpuUsage();
      void reply({ type: 'cpu', micros: user + system });
    } else {
      Promise.resolve(server?.close()).then(async () => {
        // resourceUsage().maxRSS is in kilobytes: the peak of this process's whole life.
        await reply({ type: 'stopped', maxRssBytes: process.resourceUsage().maxRSS * 1024 });
        process.exit(0);
      }, fail);
    }
  });
}

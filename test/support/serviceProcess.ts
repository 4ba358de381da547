import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** The service running as its own process, as `npm start` runs it. */
export interface ServiceProcess {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/**
 * Runs `src/index.ts` as `npm start` would, in its own process, with only `PATH` and `env` in its
 * environment (so nothing of the test runner's environment leaks in).
 */
export function startServiceProcess(env: Record<string, string>): ServiceProcess {
  const child = spawn(
    process.execPath,
    // The flags of `npm start`: restify's one deprecation warning is not the service's output.
    ['--disable-warning=DEP0111', '-r', './scripts/tsRegister.js', 'src/index.ts'],
    { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env } },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** The JSON log lines (pino) the service has written to its standard output so far. */
export function jsonLogLines(service: ServiceProcess): Record<string, unknown>[] {
  return service
    .stdout()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Waits until `check` holds (polling every 50 ms), or fails naming `what`. */
export async function waitFor(
  check: () => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Waits until the service says it is running: the banner, and the "listening" log line, which
 * the logger writes (asynchronously) after every start-up line, so those are all in `stdout`
 * then. Generous: compiling the service in a fresh process takes seconds, many more on a loaded
 * CI machine.
 */
export function waitForStart(service: ServiceProcess, timeoutMs = 90_000): Promise<void> {
  const started = () => {
    const out = service.stdout();
    return out.includes('Open the web chat') && /\blistening\b/.test(out);
  };
  return waitFor(started, 'start-up', timeoutMs).catch((err: Error) => {
    const tail = (text: string) => text.slice(-800);
    throw new Error(
      `${err.message}\nstdout: ${tail(service.stdout())}\nstderr: ${tail(service.stderr())}`,
    );
  });
}

/** Stops a service that is still running (SIGKILL) and waits for it to be gone. */
export async function killServiceProcess(service: ServiceProcess | undefined): Promise<void> {
  if (!service || service.child.exitCode !== null) return;
  service.child.kill('SIGKILL');
  await service.exited;
}

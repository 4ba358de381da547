import { readFileSync, statSync, watch, type FSWatcher, type Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { DataFileError } from '../platform/errors';
import type { Logger } from '../platform/logger';
import { MAX_RECORDS_FILE_BYTES, parseStudentRecords, tooLarge } from './parseStudentRecords';
import type { DirectoryEntry } from './student';
import { normalizeStudentId } from './studentId';
import type { StudentRecords } from './studentRecords';

export interface StudentRecordsFileOptions {
  logger: Logger;
  /** Quiet time after the last change before the file is read again (default 500 ms). */
  debounceMs?: number;
  /**
   * How long a file that cannot be used must stay unchanged before it is reported (default 2 s):
   * an export still being written is read again, not reported.
   */
  settleMs?: number;
  /**
   * The file is also checked this often (default 30 s; 0 = never), for file systems whose
   * change events do not reach us (network shares, some container mounts).
   */
  pollMs?: number;
}

/**
 * The registrar's records from `STUDENT_RECORDS_FILE` (JSON or CSV, see
 * {@link parseStudentRecords}), re-read when the file changes, without a restart.
 *
 * The folder is watched rather than the file: exports usually replace the file by a rename,
 * which ends a watch on the file itself. A changed file that can be used replaces the records
 * at once; one that cannot (half written, broken, missing) leaves the previous records in use
 * and, once it has stayed so for `settleMs`, is reported by a warning naming the problem by
 * position, never by content. {@link close} stops watching.
 */
export class StudentRecordsFile implements StudentRecords {
  private entries: Map<string, DirectoryEntry>;
  /** The stamp of the file as last read and settled on (used or reported): not read again. */
  private seen: string;
  /** The stamp of a file that could not be used once: reported if it is still so when settled. */
  private suspect?: string;
  private readonly logger: Logger;
  private readonly debounceMs: number;
  private readonly settleMs: number;
  private watcher?: FSWatcher;
  private poller?: NodeJS.Timeout;
  private timer?: NodeJS.Timeout;
  /** The next read is due to a change of the file itself, so it reads whatever the stamp says. */
  private force = false;
  private running?: Promise<void>;
  private again = false;
  private closed = false;

  private constructor(
    readonly file: string,
    entries: Map<string, DirectoryEntry>,
    stamp: string,
    options: StudentRecordsFileOptions,
  ) {
    this.entries = entries;
    this.seen = stamp;
    this.logger = options.logger;
    this.debounceMs = options.debounceMs ?? 500;
    this.settleMs = options.settleMs ?? 2000;
    this.watch(options.pollMs ?? 30_000);
  }

  /**
   * Reads `file` and starts watching it. Throws {@link DataFileError} when the file cannot be
   * used: at start-up a bad file stops the service.
   */
  static open(file: string, options: StudentRecordsFileOptions): StudentRecordsFile {
    let stats: Stats;
    let bytes: Buffer;
    try {
      stats = statSync(file);
      if (stats.size > MAX_RECORDS_FILE_BYTES) throw tooLarge(file);
      bytes = readFileSync(file);
    } catch (err) {
      if (err instanceof DataFileError) throw err;
      throw new DataFileError('student records', file, 'it cannot be read', { cause: err });
    }
    return new StudentRecordsFile(file, parseStudentRecords(bytes, file), stampOf(stats), options);
  }

  /** How many students the records hold now. */
  get size(): number {
    return this.entries.size;
  }

  async find(studentId: string): Promise<DirectoryEntry | undefined> {
    const entry = this.entries.get(normalizeStudentId(studentId));
    return entry && structuredClone(entry);
  }

  /** Stops watching; a read under way finishes first (and changes nothing). */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    clearInterval(this.poller);
    this.watcher?.close();
    this.watcher = undefined;
    await this.running;
  }

  private watch(pollMs: number): void {
    const name = basename(this.file);
    try {
      // Not persistent: the records never keep the process alive; close() ends the watch.
      this.watcher = watch(dirname(this.file), { persistent: false }, (_event, changed) => {
        // Another name may be a link the file goes through (a Kubernetes ConfigMap's ..data).
        this.schedule(changed === null || changed === name);
      });
      this.watcher.on('error', (err) => {
        this.logger.warn(
          { err, file: this.file },
          'Stopped watching the student records file; it is still checked every so often',
        );
        this.watcher?.close();
        this.watcher = undefined;
      });
    } catch (err) {
      this.logger.warn(
        { err, file: this.file },
        'Cannot watch the student records file; it is checked every so often instead',
      );
    }
    if (pollMs > 0) {
      this.poller = setInterval(() => {
        if (!this.timer) this.schedule(false, 0);
      }, pollMs);
      this.poller.unref();
    }
  }

  /** Reads the file after `delay` without a further change (`force`: read even if unchanged). */
  private schedule(force: boolean, delay = this.debounceMs): void {
    if (this.closed) return;
    this.force ||= force;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.run();
    }, delay);
    this.timer.unref();
  }

  /** One read at a time; a change during a read is read after it. */
  private run(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    const force = this.force;
    this.force = false;
    this.running = this.reload(force)
      .catch((err: unknown) => {
        this.logger.warn({ err, file: this.file }, 'Re-reading the student records file failed');
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.schedule(false);
        }
      });
  }

  private async reload(force: boolean): Promise<void> {
    let stamp: string | undefined;
    let entries: Map<string, DirectoryEntry>;
    try {
      const stats = await stat(this.file);
      stamp = stampOf(stats);
      if (!force && stamp === this.seen) return;
      if (stats.size > MAX_RECORDS_FILE_BYTES) throw tooLarge(this.file);
      entries = parseStudentRecords(await readFile(this.file), this.file);
    } catch (err) {
      const problem = problemOf(err);
      if (problem === undefined) throw err;
      // A file that is not there (or cannot be looked at) has the problem as its stamp.
      stamp ??= `absent: ${problem}`;
      if (this.closed || (!force && stamp === this.seen)) return;
      this.unusable(stamp, problem);
      return;
    }
    if (this.closed) return;
    this.entries = entries;
    this.seen = stamp;
    this.suspect = undefined;
    this.logger.info({ file: this.file, students: entries.size }, 'Student records re-read');
  }

  /** The file as it is now cannot be used: look again once it settles, then report it. */
  private unusable(stamp: string, problem: string): void {
    if (this.suspect !== stamp) {
      this.suspect = stamp;
      this.schedule(false, this.settleMs);
      return;
    }
    this.seen = stamp;
    this.suspect = undefined;
    this.logger.warn(
      { file: this.file, problem },
      'The student records file changed but cannot be used; the previous records stay in use',
    );
  }
}

/** What identifies one version of a file without reading it. */
function stampOf(stats: Stats): string {
  return `${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
}

/** Why the file cannot be used, in words without personal data; undefined for a fault of ours. */
function problemOf(err: unknown): string | undefined {
  if (err instanceof DataFileError) return err.reason;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'it is missing';
  if (typeof code === 'string') return `it cannot be read (${code})`;
  return undefined;
}

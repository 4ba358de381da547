/** A registration made before looking at the outbox, so that no message slips in unseen. */
export interface WaitTicket {
  /** Resolves when woken (possibly before this call), after `ms`, or when `signal` aborts. */
  wait(ms: number, signal?: AbortSignal): Promise<void>;
  /** Stops listening; call it once done with the ticket. */
  dispose(): void;
}

interface Entry {
  woken: boolean;
  resolve?: () => void;
}

/**
 * The long polls waiting on this instance, per session. A ticket is taken *before* reading, so a
 * message appended between the read and the wait still wakes the poll.
 */
export class SessionWaiters {
  private readonly waiting = new Map<string, Set<Entry>>();
  private closedFlag = false;

  get closed(): boolean {
    return this.closedFlag;
  }

  listen(sessionId: string): WaitTicket {
    const entry: Entry = { woken: this.closedFlag };
    let entries = this.waiting.get(sessionId);
    if (!entries) this.waiting.set(sessionId, (entries = new Set()));
    entries.add(entry);
    const dispose = (): void => {
      entries.delete(entry);
      if (entries.size === 0 && this.waiting.get(sessionId) === entries) {
        this.waiting.delete(sessionId);
      }
    };
    return { wait: (ms, signal) => waitOn(entry, ms, signal), dispose };
  }

  /** Wakes every poll waiting on the session. */
  wake(sessionId: string): void {
    for (const entry of this.waiting.get(sessionId) ?? []) fire(entry);
  }

  /** Wakes every poll, now and later: the outbox is shutting down. */
  closeAll(): void {
    this.closedFlag = true;
    for (const entries of this.waiting.values()) for (const entry of entries) fire(entry);
  }
}

function fire(entry: Entry): void {
  entry.woken = true;
  entry.resolve?.();
}

function waitOn(entry: Entry, ms: number, signal?: AbortSignal): Promise<void> {
  if (entry.woken || signal?.aborted || ms <= 0) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      entry.resolve = undefined;
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    entry.resolve = done;
  });
}

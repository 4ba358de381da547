import type { Logger } from '../platform/logger';
import type { QueuedTurn, TurnQueue, TurnRunner } from './turnQueue';

/**
 * The embedded turn queue: one promise chain per student on this instance, and an in-process
 * record of seen event ids. Enough for a single instance; several instances need Redis.
 */
export class MemoryTurnQueue implements TurnQueue {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly seen = new Map<string, number>();
  private closed = false;

  constructor(
    private readonly runner: TurnRunner,
    private readonly logger: Logger,
    private readonly seenTtlMs = 24 * 3600 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  async enqueue(
    queueKey: string,
    turn: QueuedTurn,
    eventId?: { channel: string; id: string },
  ): Promise<boolean> {
    if (this.closed) throw new Error('The turn queue is closed.');
    if (eventId && !this.markSeen(`${eventId.channel}:${eventId.id}`)) return false;
    const previous = this.chains.get(queueKey) ?? Promise.resolve();
    const next = previous.then(() => this.run(turn));
    this.chains.set(queueKey, next);
    void next.then(() => {
      if (this.chains.get(queueKey) === next) this.chains.delete(queueKey);
    });
    return true;
  }

  async idle(): Promise<void> {
    while (this.chains.size > 0) await Promise.all([...this.chains.values()]);
  }

  async close(timeoutMs: number): Promise<void> {
    this.closed = true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.idle(),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
  }

  private async run(turn: QueuedTurn): Promise<void> {
    try {
      await this.runner(turn);
    } catch (err) {
      // The runner answers the student itself; a throw here is a bug, logged, never fatal.
      this.logger.error({ err, channel: turn.channel }, 'turn failed outside the bot');
    }
  }

  private markSeen(id: string): boolean {
    const now = this.now();
    const until = this.seen.get(id);
    if (until !== undefined && until > now) return false;
    this.seen.set(id, now + this.seenTtlMs);
    if (this.seen.size > 100_000) {
      for (const [key, expiry] of this.seen) if (expiry <= now) this.seen.delete(key);
    }
    return true;
  }
}

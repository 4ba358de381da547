import {
  DEAD_LETTER_LIMIT,
  DEAD_LETTER_TTL_SECONDS,
  type DeadLetter,
  type DeadLetters,
} from './deadLetters';

/** The embedded {@link DeadLetters}: one process, gone on restart. */
export class MemoryDeadLetters implements DeadLetters {
  private readonly letters: string[] = [];
  /** Recorded event ids (`channel:id`) and until when they are remembered (epoch ms). */
  private readonly seen = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async record(letter: DeadLetter): Promise<boolean> {
    if (letter.eventId !== undefined && !this.markSeen(`${letter.channel}:${letter.eventId}`)) {
      return false;
    }
    this.letters.unshift(JSON.stringify(letter));
    this.letters.length = Math.min(this.letters.length, DEAD_LETTER_LIMIT);
    return true;
  }

  async list(limit: number): Promise<DeadLetter[]> {
    return this.letters.slice(0, Math.max(0, limit)).map((raw) => JSON.parse(raw) as DeadLetter);
  }

  private markSeen(id: string): boolean {
    const now = this.now();
    const until = this.seen.get(id);
    if (until !== undefined && until > now) return false;
    this.seen.set(id, now + DEAD_LETTER_TTL_SECONDS * 1000);
    if (this.seen.size > DEAD_LETTER_LIMIT * 10) {
      for (const [key, expiry] of this.seen) if (expiry <= now) this.seen.delete(key);
    }
    return true;
  }
}

import {
  EMAIL_TOKEN_RETAIN_MS,
  type EmailTokenLookup,
  type EmailTokenRecord,
  type EmailTokenStore,
  type IssueOptions,
  type IssueResult,
} from './emailTokenStore';

type TokenState = 'pending' | 'used' | 'superseded';

interface Entry {
  record: EmailTokenRecord;
  expiresAtMs: number;
  state: TokenState;
}

/**
 * The embedded token store: one process, gone on restart. Every method runs without awaiting
 * in between, which is what makes each one atomic here.
 */
export class MemoryEmailTokenStore implements EmailTokenStore {
  private readonly tokens = new Map<string, Entry>();
  private readonly current = new Map<string, string>();
  private readonly sends = new Map<string, number[]>();

  async issue(
    tokenHash: string,
    record: EmailTokenRecord,
    { nowMs, limit }: IssueOptions,
  ): Promise<IssueResult> {
    this.sweep(nowMs, limit.windowMs);
    const recent = (this.sends.get(record.studentId) ?? []).filter(
      (at) => at > nowMs - limit.windowMs,
    );
    if (recent.length >= limit.max) {
      this.sends.set(record.studentId, recent);
      return { issued: false, retryAtMs: recent[0] + limit.windowMs };
    }
    this.sends.set(record.studentId, [...recent, nowMs]);
    const previous = this.current.get(record.studentId);
    const replaced = previous === undefined ? undefined : this.tokens.get(previous);
    if (replaced?.state === 'pending') replaced.state = 'superseded';
    this.tokens.set(tokenHash, {
      record: { ...record },
      expiresAtMs: Date.parse(record.expiresAt),
      state: 'pending',
    });
    this.current.set(record.studentId, tokenHash);
    return { issued: true };
  }

  async inspect(tokenHash: string, nowMs: number): Promise<EmailTokenLookup> {
    return this.lookup(this.tokens.get(tokenHash), nowMs);
  }

  async consume(tokenHash: string, nowMs: number): Promise<EmailTokenLookup> {
    const entry = this.tokens.get(tokenHash);
    const found = this.lookup(entry, nowMs);
    if (entry && found.status === 'valid') entry.state = 'used';
    return found;
  }

  private lookup(entry: Entry | undefined, nowMs: number): EmailTokenLookup {
    if (!entry || nowMs >= entry.expiresAtMs + EMAIL_TOKEN_RETAIN_MS) return { status: 'unknown' };
    if (entry.state === 'used') return { status: 'used' };
    if (entry.state === 'superseded' || nowMs >= entry.expiresAtMs) return { status: 'expired' };
    return { status: 'valid', record: { ...entry.record } };
  }

  /** Drops what no look-up can find any more, so a long-running process does not grow. */
  private sweep(nowMs: number, windowMs: number): void {
    for (const [studentId, times] of this.sends) {
      if (times.every((at) => at <= nowMs - windowMs)) this.sends.delete(studentId);
    }
    for (const [hash, entry] of this.tokens) {
      if (nowMs >= entry.expiresAtMs + EMAIL_TOKEN_RETAIN_MS) {
        this.tokens.delete(hash);
        if (this.current.get(entry.record.studentId) === hash) {
          this.current.delete(entry.record.studentId);
        }
      }
    }
  }
}

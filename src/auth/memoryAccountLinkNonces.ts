import type { Clock } from '../platform/clock';
import type { AccountLinkBinding, AccountLinkNonces } from './accountLinkNonces';
import { expiryFrom, hasExpired, LOGIN_TTL_SECONDS } from './expiry';
import { isRandomToken, randomToken } from './randomToken';

interface Pending {
  binding: AccountLinkBinding;
  expiresAt: string;
}

/** The embedded {@link AccountLinkNonces}: one process, lost on restart. */
export class MemoryAccountLinkNonces implements AccountLinkNonces {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlSeconds = LOGIN_TTL_SECONDS,
  ) {}

  async issue(binding: AccountLinkBinding): Promise<string> {
    for (const [nonce, entry] of this.pending) {
      if (hasExpired(entry.expiresAt, this.clock)) this.pending.delete(nonce);
    }
    const nonce = randomToken();
    this.pending.set(nonce, {
      binding: structuredClone(binding),
      expiresAt: expiryFrom(this.clock, this.ttlSeconds),
    });
    return nonce;
  }

  async consume(nonce: string): Promise<AccountLinkBinding | undefined> {
    if (!isRandomToken(nonce)) return undefined;
    const entry = this.pending.get(nonce);
    this.pending.delete(nonce);
    if (!entry || hasExpired(entry.expiresAt, this.clock)) return undefined;
    return { ...entry.binding };
  }
}

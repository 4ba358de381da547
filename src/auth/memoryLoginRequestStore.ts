import type { Clock } from '../platform/clock';
import { expiryFrom, hasExpired, LOGIN_TTL_SECONDS } from './expiry';
import type { LoginRequest, LoginRequestStore } from './loginRequest';
import { isRandomToken, randomToken } from './randomToken';

/** The embedded {@link LoginRequestStore}: one process, lost on restart. */
export class MemoryLoginRequestStore implements LoginRequestStore {
  private readonly requests = new Map<string, LoginRequest>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlSeconds = LOGIN_TTL_SECONDS,
  ) {}

  async create(request: Omit<LoginRequest, 'id' | 'expiresAt'>): Promise<LoginRequest> {
    this.forgetExpired();
    const created: LoginRequest = {
      ...structuredClone(request),
      id: randomToken(),
      expiresAt: expiryFrom(this.clock, this.ttlSeconds),
    };
    this.requests.set(created.id, created);
    return structuredClone(created);
  }

  async peek(id: string): Promise<LoginRequest | undefined> {
    const request = this.valid(id);
    return request && structuredClone(request);
  }

  async take(id: string): Promise<LoginRequest | undefined> {
    const request = this.valid(id);
    if (isRandomToken(id)) this.requests.delete(id);
    return request;
  }

  private valid(id: string): LoginRequest | undefined {
    if (!isRandomToken(id)) return undefined;
    const request = this.requests.get(id);
    return request && !hasExpired(request.expiresAt, this.clock) ? request : undefined;
  }

  private forgetExpired(): void {
    for (const [id, request] of this.requests) {
      if (hasExpired(request.expiresAt, this.clock)) this.requests.delete(id);
    }
  }
}

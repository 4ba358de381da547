import type { ConnectorClient } from 'botframework-connector';

/** Teams replies through a handful of regional serviceUrls; far fewer than this. */
export const DEFAULT_MAX_CONNECTOR_CLIENTS = 100;

/** Everything a connector client is made for: a client made for one never serves another. */
export interface ConnectorClientTarget {
  /** The app id the connector factory was made for (its credentials'), undefined when anonymous. */
  appId: string | undefined;
  /** The OAuth audience of the credentials; undefined means the factory's default. */
  audience: string | undefined;
  /** The activity's `serviceUrl`, exactly as received. */
  serviceUrl: string;
}

/**
 * Promises of clients kept by key, at most `max` of them, the least recently used dropped first.
 * A creation in progress is shared by concurrent callers; one that fails (or throws) is
 * forgotten, so the next caller tries again.
 */
export class KeptClients<T> {
  private readonly clients = new Map<string, Promise<T>>();

  constructor(private readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`max must be ≥ 1, got ${max}`);
  }

  /** How many clients are kept (or being created). */
  get size(): number {
    return this.clients.size;
  }

  /** The client kept under `key`, or the one `create` makes, which is then kept if it succeeds. */
  get(key: string, create: () => Promise<T>): Promise<T> {
    const kept = this.clients.get(key);
    if (kept) {
      // Map keeps insertion order: moving the entry to the end marks it most recently used.
      this.clients.delete(key);
      this.clients.set(key, kept);
      return kept;
    }
    const created = Promise.resolve().then(create);
    this.clients.set(key, created);
    if (this.clients.size > this.max) this.clients.delete(this.clients.keys().next().value!);
    created.catch(() => {
      if (this.clients.get(key) === created) this.clients.delete(key);
    });
    return created;
  }
}

/**
 * The connector clients of one adapter, kept across turns: botbuilder's `CloudAdapter` would
 * otherwise build a new client, with its credentials and HTTP pipeline, for every turn. At most
 * `max` clients are kept (see {@link KeptClients}), so that activities naming ever new
 * serviceUrls (unauthenticated in Emulator mode) cannot grow memory.
 *
 * A kept client never sends a stale token: it signs every request through its credentials
 * (`ServiceClientContext`'s sign-request policy calls `signRequest`, hence `getToken`), and
 * `AppCredentials.getToken` serves a token only until five minutes before it expires, then asks
 * MSAL (or the managed identity) for a new one. Emulator mode's empty credentials sign nothing.
 */
export class ConnectorClientCache {
  private readonly clients: KeptClients<ConnectorClient>;

  constructor(max = DEFAULT_MAX_CONNECTOR_CLIENTS) {
    this.clients = new KeptClients(max);
  }

  /** How many clients are kept (or being created). */
  get size(): number {
    return this.clients.size;
  }

  /** The client kept for `target`, or the one `create` makes, which is then kept if it succeeds. */
  client(
    target: ConnectorClientTarget,
    create: () => Promise<ConnectorClient>,
  ): Promise<ConnectorClient> {
    const key = JSON.stringify([target.appId ?? null, target.audience ?? null, target.serviceUrl]);
    return this.clients.get(key, create);
  }
}

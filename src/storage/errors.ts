/**
 * A compare-and-set write found a newer version of the item (its eTag changed since it was read).
 * The message is word for word botbuilder `MemoryStorage`'s, so callers cannot tell the stores apart.
 */
export class StorageConflictError extends Error {
  override readonly name = 'StorageConflictError';
  readonly code = 'STORAGE_ETAG_CONFLICT';

  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
  }
}

/**
 * A stored item is not the JSON this service writes (edited by hand, or written by something
 * else). The read fails for this turn instead of handing the bot half a state.
 */
export class UnreadableStorageItemError extends Error {
  override readonly name = 'UnreadableStorageItemError';
  readonly code = 'STORAGE_ITEM_UNREADABLE';

  constructor(
    /** The botbuilder storage key (not the Redis key). */
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(`Storage: the stored item "${key}" is not readable JSON.`, options);
  }
}

/** What ioredis rejects a command with when it cannot reach Redis (rather than Redis refusing it). */
const UNREACHABLE_NAMES = new Set(['MaxRetriesPerRequestError', 'ClusterAllFailedError']);
const UNREACHABLE_MESSAGES = [
  'Connection is closed.',
  "Stream isn't writeable",
  'Failed to refresh slots cache',
  'None of startup nodes is available',
];
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']);

/**
 * Whether `err` (or an error it was caused by) says Redis could not be reached: the command may
 * not have run, and running the whole turn again once Redis is back is the remedy. A Redis reply
 * error (a script's, a wrong type) is not: running again would fail the same way.
 */
export function isStateUnreachableError(err: unknown): boolean {
  for (let cause = err, depth = 0; cause instanceof Error && depth < 8; depth++) {
    const { name, message } = cause;
    const code = (cause as { code?: unknown }).code;
    if (UNREACHABLE_NAMES.has(name)) return true;
    if (UNREACHABLE_MESSAGES.some((text) => message.startsWith(text))) return true;
    if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return true;
    cause = cause.cause;
  }
  return false;
}

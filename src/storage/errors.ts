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

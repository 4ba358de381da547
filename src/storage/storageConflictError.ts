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

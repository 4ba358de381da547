/**
 * Runs tasks of one key one after another, in the order they were given, on this instance;
 * tasks of different keys run concurrently. For turns that must run inside their HTTP request
 * (Bot Framework invokes), where the Redis turn queue cannot carry them.
 */
export class KeyedSerializer {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}

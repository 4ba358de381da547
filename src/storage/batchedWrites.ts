import type Redis from 'ioredis';
import type { Cluster } from 'ioredis';

/**
 * Makes `redis` send the commands issued in one turn of the event loop (many students' turns at
 * once) in one socket write: the first command corks the connection's socket, and the socket is
 * uncorked once the loop has run every callback of its I/O phase (`setImmediate`, as ioredis's
 * auto-pipelining waits), which writes everything it holds with one `writev`. Uncorked at the end
 * of the tick instead (`process.nextTick`), the socket took ten times as many writes in the
 * LINE benchmark: each answer from Redis or a webhook is a tick of its own.
 *
 * What ioredis's `enableAutoPipelining` is for, without its cost: it wraps each batch of commands
 * in a pipeline object of its own (copying the client's scripts into it) and answers them through
 * it, about 60 % more client CPU per command (issue 17; `BENCH_SCENARIO=redis`). Nothing else
 * changes: each command is still sent by ioredis's own `sendCommand`, to the same connection, in
 * the order it was issued, and answered, retried or queued offline as before.
 *
 * What it asks of the rest of the service: close the connection with `quit()` (which waits for
 * its answer, so everything held is written), never with `process.exit()` right after a command;
 * and no `monitor` on a batched connection (ioredis deletes an instance's own `sendCommand` when a
 * monitoring connection closes, which would drop this wrapper).
 */
export function batchWrites(redis: Redis): void {
  if (heldReadsOf.has(redis)) return;
  const held: HeldRead[] = [];
  heldReadsOf.set(redis, held);
  const send = redis.sendCommand;
  let corked: Redis['stream'] | undefined;
  const uncork = (): void => {
    const socket = corked;
    corked = undefined;
    socket?.uncork();
  };
  redis.sendCommand = function sendInBatch(this: Redis, ...args) {
    // Reads held back for one MGET go first: every command is still sent in the order issued.
    if (held.length > 0) sendHeldReads(this, held);
    // Only a connection that is ready writes at once; any other queues the command (or writes its
    // handshake), and corking it would hold nothing.
    if (corked === undefined && this.status === 'ready' && this.stream?.writable) {
      corked = this.stream;
      corked.cork();
      setImmediate(uncork);
    }
    return send.apply(this, args);
  } as Redis['sendCommand'];
}

/** The same for every node of a cluster, those it knows and those it finds later. */
export function batchWritesOnNodes(cluster: Cluster): void {
  cluster.on('+node', (node: Redis) => batchWrites(node));
  for (const node of cluster.nodes('all')) batchWrites(node);
}

/** A GET held back to go out with others in one MGET. */
interface HeldRead {
  key: string;
  resolve: (value: string | null) => void;
  reject: (reason: unknown) => void;
}

/** The batched connections, each with the reads it holds for its next MGET. */
const heldReadsOf = new WeakMap<Redis, HeldRead[]>();

/**
 * GETs `key` on a connection whose writes are batched (see {@link batchWrites}), together with the
 * other GETs of the same tick: held until the tick's callbacks and promise jobs are done, or
 * until any other command is sent on the connection (so commands still reach Redis in the order
 * they were issued), then sent as one MGET. A turn reads its conversation
 * state and its user state at once, and fifty students' turns run together: each GET is a
 * command of its own to Redis and to the client (issue 17), one MGET answers them all. Only
 * for a single server: on a cluster, keys of one MGET must share a slot, so every other client
 * (a cluster, a connection not batched) simply GETs.
 *
 * One difference from GET: MGET answers nil for a key that holds another type where GET fails
 * with WRONGTYPE, so such a key reads as missing (and the next write of a state replaces it). The
 * service's keys of a kind hold one type; only a foreign writer under its prefix could differ.
 */
export function batchedGet(
  redis: { get(key: string): Promise<string | null> },
  key: string,
): Promise<string | null> {
  const connection = redis as Redis;
  const held = heldReadsOf.get(connection);
  if (!held) return redis.get(key);
  return new Promise((resolve, reject) => {
    held.push({ key, resolve, reject });
    if (held.length === 1) process.nextTick(sendHeldReads, connection, held);
  });
}

/** Sends the reads `connection` holds (none when another command sent them first) as one MGET. */
function sendHeldReads(connection: Redis, held: HeldRead[]): void {
  if (held.length === 0) return;
  const reads = held.splice(0);
  // MGET even for one key, so that a key of another type reads alike (nil) alone or not.
  connection.mget(reads.map((read) => read.key)).then(
    (values) => reads.forEach((read, index) => read.resolve(values[index] ?? null)),
    (err: unknown) => reads.forEach((read) => read.reject(err)),
  );
}

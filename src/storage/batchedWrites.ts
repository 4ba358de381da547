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
  if (batched.has(redis)) return;
  batched.add(redis);
  const send = redis.sendCommand;
  let corked: Redis['stream'] | undefined;
  const uncork = (): void => {
    const socket = corked;
    corked = undefined;
    socket?.uncork();
  };
  redis.sendCommand = function sendInBatch(this: Redis, ...args) {
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

const batched = new WeakSet<Redis>();

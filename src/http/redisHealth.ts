import { Cluster } from 'ioredis';
import type { RedisClient } from '../storage/redisConnection';
import { withTimeout, type RedisHealth, type RedisProbe } from './healthRoute';
import type { StateAvailable } from './stateUnavailable';

/** One connection ioredis keeps to a node of a cluster. */
type ClusterNode = ReturnType<Cluster['nodes']>[number];

/**
 * The health probe of the service's Redis connection. A single server is one master. For a
 * cluster the masters are those `CLUSTER NODES` says serve slots (a dead master still does
 * until a replica takes over), and each is pinged on the connection ioredis keeps to it; a master
 * ioredis has no connection to (it dropped it when the node went away) counts as unreachable.
 * Only counts leave this function: never a node's address or the credentials.
 */
export function redisHealthProbe(redis: RedisClient): RedisProbe {
  return async (timeoutMs: number): Promise<RedisHealth> => {
    if (!(redis instanceof Cluster)) {
      const reachable = (await answersPing(redis, timeoutMs)) ? 1 : 0;
      return { mode: 'single', masters: 1, reachable };
    }
    const connections = new Map(redis.nodes('master').map((node) => [addressOf(node), node]));
    let masters: string[];
    try {
      masters = slotMasters(String(await withTimeout(redis.cluster('NODES'), timeoutMs)));
    } catch {
      // No node answers: every master known is unreachable (at least one, so never "ok").
      return { mode: 'cluster', masters: Math.max(connections.size, 1), reachable: 0 };
    }
    const answers = await Promise.all(
      masters.map((address) => {
        const node = connections.get(address);
        return node ? answersPing(node, timeoutMs) : false;
      }),
    );
    return { mode: 'cluster', masters: masters.length, reachable: answers.filter(Boolean).length };
  };
}

/** ioredis states in which the connection is lost: a command would wait, then fail. */
const LOST = new Set(['close', 'reconnecting', 'end']);

/**
 * False while the connection to Redis is lost (ioredis is reconnecting), without a round trip:
 * turns are then refused at once (503) instead of waiting out `maxRetriesPerRequest`. While
 * the first connection is still being made, commands queue and the turn is taken on.
 */
export function redisConnected(redis: RedisClient): StateAvailable {
  return () => !LOST.has(redis.status);
}

/**
 * The `host:port` of every master serving slots, from `CLUSTER NODES` (one line a node:
 * `id host:port@bus flags master-id ping pong epoch link slot…`).
 */
function slotMasters(clusterNodes: string): string[] {
  return clusterNodes
    .split('\n')
    .map((line) => line.trim().split(' '))
    .filter(
      ([, , flags, , , , , , ...slots]) => flags?.split(',').includes('master') && slots.length > 0,
    )
    .map(([, address]) => address.split('@')[0]);
}

function addressOf(node: ClusterNode): string {
  return `${node.options.host}:${node.options.port}`;
}

async function answersPing(node: RedisClient | ClusterNode, timeoutMs: number): Promise<boolean> {
  try {
    return (await withTimeout(node.ping(), timeoutMs)) === 'PONG';
  } catch {
    return false;
  }
}

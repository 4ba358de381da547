/** One seed node of a Redis Cluster, as `REDIS_CLUSTER_NODES` lists it. */
export interface RedisNode {
  host: string;
  port: number;
}

/**
 * Where the service's state lives: one Redis server (`REDIS_URL`), or a Redis Cluster
 * (`REDIS_CLUSTER_NODES`, with `REDIS_URL` then supplying only credentials and TLS). `mode` is
 * the word the health check reports.
 */
export type RedisSettings =
  | { mode: 'single'; url: string; keyPrefix: string }
  | {
      mode: 'cluster';
      /** Seed nodes: the client learns the rest of the cluster (and the slot map) from them. */
      nodes: RedisNode[];
      /** Its user, password and `rediss:` (TLS) apply to every node; its host is not used. */
      url?: string;
      keyPrefix: string;
    };

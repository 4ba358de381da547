import { ConfigError } from '../platform/errors';
import type { RedisNode, RedisSettings } from '../storage/redisSettings';

/** The raw Redis variables, trimmed (unset or blank = undefined). */
export interface RedisVariables {
  url?: string;
  clusterNodes?: string;
  keyPrefix?: string;
}

/** `host:port`, or `[v6 address]:port`. */
const NODE = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})$/;

/**
 * Validates `REDIS_URL`, `REDIS_CLUSTER_NODES` and `REDIS_KEY_PREFIX`; undefined when neither
 * URL nor nodes are set (the service then keeps its state in memory). Each mistake stops
 * start-up with one sentence naming the variable.
 */
export function redisConfig(vars: RedisVariables): RedisSettings | undefined {
  const url = vars.url === undefined ? undefined : redisUrl(vars.url);
  if (vars.clusterNodes === undefined) {
    return vars.url === undefined
      ? undefined
      : { mode: 'single', url: vars.url, keyPrefix: keyPrefix(vars.keyPrefix) };
  }
  if (url && !['', '/', '/0'].includes(url.pathname)) {
    throw new ConfigError(
      'REDIS_URL',
      `REDIS_URL selects database ${url.pathname.slice(1)}, but a Redis Cluster has only database 0.`,
    );
  }
  return {
    mode: 'cluster',
    nodes: clusterNodes(vars.clusterNodes),
    url: vars.url,
    keyPrefix: keyPrefix(vars.keyPrefix),
  };
}

function keyPrefix(raw: string | undefined): string {
  const prefix = raw ?? 'certbot:';
  if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(prefix)) {
    throw new ConfigError(
      'REDIS_KEY_PREFIX',
      'REDIS_KEY_PREFIX may hold only letters, digits and _ . : - (at most 64 characters).',
    );
  }
  return prefix;
}

function redisUrl(raw: string): URL {
  let parsed: URL | undefined;
  try {
    parsed = new URL(raw);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !['redis:', 'rediss:'].includes(parsed.protocol) || !parsed.hostname) {
    throw new ConfigError(
      'REDIS_URL',
      'REDIS_URL must look like redis://host:6379/0 or rediss://user:password@host:6380.',
    );
  }
  return parsed;
}

function clusterNodes(raw: string): RedisNode[] {
  const entries = raw.split(',').map((entry) => entry.trim());
  const nodes = entries.map((entry) => {
    const match = NODE.exec(entry);
    const port = match ? Number(match[2]) : 0;
    if (!match || port < 1 || port > 65535) {
      throw new ConfigError(
        'REDIS_CLUSTER_NODES',
        `REDIS_CLUSTER_NODES must list host:port pairs separated by commas, like 10.0.0.1:6379,10.0.0.2:6379 (not "${entry}").`,
      );
    }
    return { host: match[1].replace(/^\[|\]$/g, ''), port };
  });
  return nodes;
}

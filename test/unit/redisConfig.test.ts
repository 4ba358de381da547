import { Cluster } from 'ioredis';
import { loadConfig } from '../../src/config/config';
import { ConfigError } from '../../src/platform/errors';
import { connectRedis } from '../../src/storage/redisConnection';

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('Redis configuration', () => {
  it('reads a single node from REDIS_URL alone', () => {
    expect(loadConfig({ REDIS_URL: 'redis://cache:6379/2' }).redis).toEqual({
      mode: 'single',
      url: 'redis://cache:6379/2',
      keyPrefix: 'certbot:',
    });
  });

  it('reads a cluster from REDIS_CLUSTER_NODES alone, host names and IPv6 included', () => {
    const { redis } = loadConfig({
      REDIS_CLUSTER_NODES: ' 10.0.0.1:7000, redis-b.internal:7001,[fd00::3]:7002 ',
      REDIS_KEY_PREFIX: 'bot:',
    });
    expect(redis).toEqual({
      mode: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: 'redis-b.internal', port: 7001 },
        { host: 'fd00::3', port: 7002 },
      ],
      url: undefined,
      keyPrefix: 'bot:',
    });
  });

  it('takes user, password and TLS for every cluster node from REDIS_URL', () => {
    const config = loadConfig({
      REDIS_CLUSTER_NODES: '127.0.0.1:1',
      REDIS_URL: 'rediss://certbot:s%3Acret@ignored.example:6380',
    });
    expect(config.redis).toMatchObject({
      mode: 'cluster',
      nodes: [{ host: '127.0.0.1', port: 1 }],
    });
    // lazyConnect is not ours to set: connect, read the options, and stop before anything answers.
    const client = connectRedis(config.redis!);
    try {
      expect(client).toBeInstanceOf(Cluster);
      expect((client as Cluster).options.redisOptions).toMatchObject({
        username: 'certbot',
        password: 's:cret',
        tls: {},
        maxRetriesPerRequest: 2,
      });
    } finally {
      client.disconnect();
    }
  });

  it.each([
    [{ REDIS_CLUSTER_NODES: 'redis-a' }, 'REDIS_CLUSTER_NODES'],
    [{ REDIS_CLUSTER_NODES: 'redis-a:70000' }, 'REDIS_CLUSTER_NODES'],
    [{ REDIS_CLUSTER_NODES: 'redis-a:7000,,redis-b:7000' }, 'REDIS_CLUSTER_NODES'],
    [{ REDIS_CLUSTER_NODES: 'redis://redis-a:7000' }, 'REDIS_CLUSTER_NODES'],
    [{ REDIS_CLUSTER_NODES: 'redis-a:7000', REDIS_URL: 'redis://x:6379/3' }, 'REDIS_URL'],
    [{ REDIS_CLUSTER_NODES: 'redis-a:7000', REDIS_URL: 'cache:6379' }, 'REDIS_URL'],
    [{ REDIS_CLUSTER_NODES: 'redis-a:7000', REDIS_KEY_PREFIX: '{x}' }, 'REDIS_KEY_PREFIX'],
  ])('refuses %p naming %s in one sentence', (env, variable) => {
    const error = errorOf(env as Record<string, string>);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(variable)).toBe(true);
    expect(error.message).not.toContain('\n');
    expect(error.message.trim().endsWith('.')).toBe(true);
  });
});

import { execFile, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { realClockEnv } from './realClockEnv';
import { launchOnFreePorts, stopRedisServer } from './redisServer';

const run = promisify(execFile);

/**
 * A real local Redis Cluster of three masters (no replicas) that one test file owns alone:
 * the check that every multi-key command keeps to one hash slot only means something
 * on a real cluster, which answers CROSSSLOT where a single node would not.
 */
export interface LocalRedisCluster {
  /** The masters as `host:port`, the form `REDIS_CLUSTER_NODES` takes (comma-joined). */
  nodes: string[];
  /** Stops every node and deletes the cluster's temporary folder; call once. */
  close(): Promise<void>;
}

const MASTERS = 3;
/** Slot assignment travels over the cluster bus in well under this on a loaded CI machine. */
const CONVERGE_LIMIT_MS = 30_000;

/**
 * Starts three `redis-server --cluster-enabled yes` nodes on free ports (client and cluster-bus
 * port picked separately, so no port+10000 clash) in a fresh temporary folder, joins them with
 * `redis-cli --cluster create`, and resolves once every node reports `cluster_state:ok` with all
 * 16384 slots served. The servers run without libfaketime, like {@link startRedisServer}.
 */
export async function startRedisCluster(): Promise<LocalRedisCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'certbot-redis-cluster-'));
  const children: ChildProcess[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(children.map(stopRedisServer));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const nodes: string[] = [];
    for (let index = 0; index < MASTERS; index += 1) {
      const nodeDir = join(dir, `node${index}`);
      await mkdir(nodeDir);
      const { child, ports } = await launchOnFreePorts(
        2,
        ([port, busPort]) => nodeArgs(port, busPort, nodeDir),
        'redis-server (cluster node)',
      );
      children.push(child);
      nodes.push(`127.0.0.1:${ports[0]}`);
    }
    await run(
      'redis-cli',
      ['--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes'],
      { env: realClockEnv(process.env) },
    );
    await Promise.all(nodes.map(waitUntilClusterOk));
    return { nodes, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * One cluster for a whole Jest test file: started in `beforeAll`, closed in `afterAll`. Call it
 * at the top level of the file (or of a `describe`) and read the returned function inside tests
 * or `beforeAll` hooks registered after it.
 */
export function useRedisCluster(): () => LocalRedisCluster {
  let cluster: LocalRedisCluster | undefined;
  beforeAll(async () => {
    cluster = await startRedisCluster();
  }, 60_000);
  afterAll(async () => {
    await cluster?.close();
    cluster = undefined;
  });
  return () => {
    if (!cluster) throw new Error('The Redis Cluster is read before its beforeAll started it.');
    return cluster;
  };
}

/** The arguments of one cluster node (client and cluster-bus port picked apart: no port+10000 clash). */
function nodeArgs(port: number, busPort: number, dir: string): string[] {
  return [
    '--port',
    String(port),
    '--cluster-port',
    String(busPort),
    '--bind',
    '127.0.0.1',
    '--cluster-enabled',
    'yes',
    '--cluster-config-file',
    'nodes.conf',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
  ];
}

/** Polls `CLUSTER INFO` on one node: `redis-cli --cluster create` returns before gossip settles. */
async function waitUntilClusterOk(node: string): Promise<void> {
  const [host, port] = node.split(':');
  const giveUpAt = Date.now() + CONVERGE_LIMIT_MS;
  let info = '';
  while (Date.now() < giveUpAt) {
    const { stdout } = await run('redis-cli', ['-h', host, '-p', port, 'cluster', 'info'], {
      env: realClockEnv(process.env),
    });
    info = stdout;
    if (info.includes('cluster_state:ok') && info.includes('cluster_slots_ok:16384')) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Redis Cluster node ${node} did not reach cluster_state:ok:\n${info}`);
}

/* eslint-disable no-console -- a benchmark prints its figures */
import Redis from 'ioredis';
import { connectRedis } from '../src/storage/redisConnection';

export interface RedisClientOptions {
  redisUrl: string;
  /** Concurrent loops, like students' turns at once. */
  concurrency: number;
  /** Commands per timed block. */
  commandsPerBlock: number;
  /** Timed blocks per client (one more runs first, untimed, to warm up). */
  blocks: number;
}

interface Way {
  name: string;
  open(): Redis;
}

/**
 * The Redis client's own CPU per command, in this process: `concurrency` loops each SET a
 * conversation state's worth of JSON (1.3 KB, Japanese text in it) and GET it back, through
 * three connections in alternate blocks, so that all three meet the same machine:
 *
 * - the service's connection (`connectRedis`: the commands of one tick in one socket write);
 * - ioredis with `enableAutoPipelining` (what the service used before: the same single write per
 *   tick, through a pipeline object per tick);
 * - plain ioredis (one socket write per command).
 *
 * Prints the median over the blocks of CPU µs per command (`process.cpuUsage`, user + system) and
 * commands per second.
 */
export async function redisClientScenario(options: RedisClientOptions): Promise<void> {
  const prefix = `bench:${process.pid}:client:`;
  const ways: Way[] = [
    {
      name: 'service connection (connectRedis)',
      open: () =>
        connectRedis({ mode: 'single', url: options.redisUrl, keyPrefix: prefix }) as Redis,
    },
    {
      name: 'ioredis enableAutoPipelining',
      open: () => new Redis(options.redisUrl, { enableAutoPipelining: true }),
    },
    { name: 'ioredis plain', open: () => new Redis(options.redisUrl) },
  ];
  const clients = ways.map((way) => way.open());
  const state = JSON.stringify({
    dialogState: { text: 'ご用件を選んでください。'.repeat(20) },
    outbox: 'x'.repeat(700),
  });
  const results = ways.map(() => ({ cpu: [] as number[], rate: [] as number[] }));

  const block = async (client: Redis): Promise<{ cpuMicros: number; ms: number }> => {
    let issued = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: options.concurrency }, async (_, loop) => {
        const key = `${prefix}state:${loop}`;
        while (issued < options.commandsPerBlock) {
          issued += 2;
          await client.set(key, state);
          await client.get(key);
        }
      }),
    );
    const used = process.cpuUsage(cpu);
    return { cpuMicros: (used.user + used.system) / issued, ms: performance.now() - started };
  };

  for (const client of clients) await block(client);
  for (let round = 0; round < options.blocks; round++) {
    // Alternate the order too, so that no client always follows the same one.
    const order = round % 2 === 0 ? [0, 1, 2] : [2, 1, 0];
    for (const index of order) {
      const { cpuMicros, ms } = await block(clients[index]);
      results[index].cpu.push(cpuMicros);
      results[index].rate.push((options.commandsPerBlock / ms) * 1000);
    }
  }
  const keys = Array.from({ length: options.concurrency }, (_, loop) => `${prefix}state:${loop}`);
  await clients[2].del(...keys);
  for (const client of clients) client.disconnect();

  console.log('— redis client —');
  console.log(
    `${options.concurrency} loops of SET (${Buffer.byteLength(state)} bytes) + GET, ${options.blocks} blocks of ${options.commandsPerBlock} commands per client, in turn`,
  );
  ways.forEach((way, index) => {
    console.log(
      `${way.name.padEnd(36)} CPU µs/command: median ${median(results[index].cpu).toFixed(2)}   commands/s: median ${Math.round(median(results[index].rate))}`,
    );
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

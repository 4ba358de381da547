import { createHash } from 'node:crypto';
import { Cluster } from 'ioredis';
import { createStatePorts, type ServiceState } from '../../src/composition/ports';
import { loadConfig } from '../../src/config/config';
import { systemClock } from '../../src/platform/clock';
import { createLogger } from '../../src/platform/logger';
import type { ChatAccount } from '../../src/students/student';
import { TARO } from '../support/demoStudents';
import { paidOrder, PRINT_DEADLINE } from '../support/printFixtures';
import { testRedis, type TestRedis } from '../support/redis';
import { useRedisCluster } from '../support/redisCluster';

jest.setTimeout(240_000);

const STUDENTS = 1_000;
/** Students whose journeys run at once (one client, commands pipelined on its connections). */
const BATCH = 50;
const DAY_MS = 24 * 3600 * 1000;

const cluster = useRedisCluster();

/**
 * The key layout spreads the data: after 1,000 students' journeys on a 3-master cluster, no
 * master holds more than 60 % of the keys and no hash slot more than 5 %. (A dataset-wide tag
 * such as the old `{students}` or `{orders}` puts a whole family in one slot and fails this.)
 *
 * The journeys drive the service's own state ports (built by `createStatePorts`, as the app
 * builds them) rather than HTTP, which would take minutes for 1,000 students: each student logs
 * in from LINE, the chat keeps its conversation reference, dialog and user state, a web-chat
 * session with messages, queued turns; the student confirms an address by mail, orders, pays
 * (payment reference), gets a print reservation, and one wrong password is counted.
 */
describe('keys of 1,000 students on a 3-master Redis Cluster', () => {
  let redis: TestRedis;
  let state: ServiceState;

  beforeAll(async () => {
    redis = await testRedis(cluster());
    state = createStatePorts(
      loadConfig({ ...redis.env, LOG_LEVEL: 'silent' }),
      systemClock,
      createLogger('silent'),
    );
    const queue = state.ports.turnQueue(async () => undefined);
    for (let first = 0; first < STUDENTS; first += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, STUDENTS - first) }, (_, i) => first + i);
      await Promise.all(batch.map((n) => journey(state, queue, n)));
    }
    await queue.idle();
    await queue.close(5_000);
  });

  afterAll(async () => {
    await state.redis?.quit();
    await redis.cleanup();
  });

  it('leaves no master with more than 60 % of the keys, no slot with more than 5 %', async () => {
    const client = redis.redis as Cluster;
    const masters = client.nodes('master');
    expect(masters).toHaveLength(3);
    const perMaster: number[] = [];
    const perSlot = new Map<number, number>();
    for (const master of masters) {
      const keys = await keysUnder(master, redis.prefix);
      perMaster.push(keys.length);
      const slots = await Promise.all(
        keys.map((key) => master.call('CLUSTER', 'KEYSLOT', key) as Promise<number>),
      );
      for (const slot of slots) perSlot.set(slot, (perSlot.get(slot) ?? 0) + 1);
    }
    const total = perMaster.reduce((sum, n) => sum + n, 0);
    // Every journey left its keys (a test of an empty cluster would prove nothing).
    expect(total).toBeGreaterThan(STUDENTS * 10);
    const busiestMaster = Math.max(...perMaster) / total;
    const busiestSlot = Math.max(...perSlot.values()) / total;
    expect(busiestMaster).toBeLessThanOrEqual(0.6);
    expect(busiestSlot).toBeLessThanOrEqual(0.05);
    // COUNTKEYSINSLOT agrees with the count by key (the slot's owner answers for it).
    const [slot, count] = [...perSlot].sort((a, b) => b[1] - a[1])[0];
    const owners = await Promise.all(
      masters.map((master) => master.call('CLUSTER', 'COUNTKEYSINSLOT', slot) as Promise<number>),
    );
    expect(Math.max(...owners)).toBe(count);
  });

  it("keeps one student's keys in the student's slot, one order's in the order's", async () => {
    const { keys } = redis;
    const slotOf = (key: string) =>
      (redis.redis as Cluster).call('CLUSTER', 'KEYSLOT', key) as Promise<number>;
    const student = studentId(7);
    const bySlot = await Promise.all(
      [keys.student(student), keys.studentOrders(student), keys.emailSends(student)].map(slotOf),
    );
    expect(new Set(bySlot).size).toBe(1);
    const order = await Promise.all(
      [keys.order(orderId(7)), keys.printJobOfOrder(orderId(7))].map(slotOf),
    );
    expect(new Set(order).size).toBe(1);
    expect(await slotOf(keys.student(studentId(8)))).not.toBe(bySlot[0]);
  });
});

const studentId = (n: number) => `s${String(n).padStart(7, '0')}`;
const orderId = (n: number) => `ORD-20240116-${String(n).padStart(5, '0')}`;

/** One student's journey through every store that keeps per-student data. */
async function journey(
  state: ServiceState,
  queue: ReturnType<ServiceState['ports']['turnQueue']>,
  n: number,
): Promise<void> {
  const { ports } = state;
  const id = studentId(n);
  const line: ChatAccount = { channel: 'line', accountId: `U${hash(`line-${n}`).slice(0, 32)}` };
  const session = hash(`session-${n}`).slice(0, 32);
  await ports.students.login({ ...TARO, studentId: id }, line);
  await ports.conversations.save(line, { channelId: 'line', serviceUrl: 'https://api.line.me' });
  await ports.botStorage.conversations.write({
    [`line/conversations/${line.accountId}`]: { dialogState: { step: 1 } },
  });
  await ports.botStorage.users.write({ [`line/users/${line.accountId}`]: { language: 'ja' } });
  await queue.enqueue(
    `line:${line.accountId}`,
    { channel: 'line', payload: { n } },
    {
      channel: 'line',
      id: `evt-${n}`,
    },
  );

  await ports.webChatOutbox.open(session, { locale: 'ja-JP' });
  await ports.webChatOutbox.append(session, [
    { from: 'user', text: 'こんにちは' },
    { from: 'bot', text: 'ようこそ' },
  ]);
  await ports.webChatOutbox.countIncoming(session, 60_000);

  const now = Date.now();
  const token = hash(`token-${n}`);
  const address = `${id}@example.ac.jp`;
  await ports.emailTokens.issue(
    token,
    {
      studentId: id,
      address,
      purpose: 'register',
      language: 'ja',
      expiresAt: new Date(now + DAY_MS).toISOString(),
    },
    { nowMs: now, limit: { windowMs: 3_600_000, max: 5 } },
  );
  await ports.emailTokens.consume(token, now);
  await ports.students.setEmail(id, address);

  const order = paidOrder({
    orderId: orderId(n),
    studentId: id,
    version: 1,
    payment: { method: 'demo', reference: `demo-${n}`, paidAt: '2024-01-16T15:05:00.000+09:00' },
  });
  await ports.orders.create(order);
  await ports.printJobs.create(
    {
      number: String(10_000_000 + n),
      network: 'netprint',
      orderId: order.orderId,
      pdf: 'JVBERi0=',
      printDeadline: PRINT_DEADLINE,
      status: 'waiting',
    },
    { ttlMs: DAY_MS },
  );
  await ports.loginLimiter.acquire({ studentId: id, address: `10.0.${n >> 8}.${n & 255}` });
}

async function keysUnder(
  master: ReturnType<Cluster['nodes']>[number],
  prefix: string,
): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await master.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    found.push(...keys);
  } while (cursor !== '0');
  return found;
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

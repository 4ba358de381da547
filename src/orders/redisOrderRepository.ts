import type { RedisClient } from '../storage/redisConnection';
import type { RedisKeys } from '../storage/redisKeys';
import { UnreadableStorageItemError } from '../storage/errors';
import { DuplicateOrderError } from './errors';
import type { Order } from './order';
import { appliedScore, checkSuccessor, deadlineScore, dueScore } from './orderIndexing';
import type { OrderRepository } from './orderRepository';

/**
 * KEYS order · ARGV expected version ('0' = create), JSON → 1 written, 0 refused: two writers
 * of one version cannot both win.
 */
const WRITE = `
local current = redis.call('GET', KEYS[1])
local expected = tonumber(ARGV[1])
if expected == 0 then
  if current then return 0 end
else
  if not current then return 0 end
  local ok, stored = pcall(cjson.decode, current)
  if not ok or type(stored) ~= 'table' or tonumber(stored.version) ~= expected then return 0 end
end
redis.call('SET', KEYS[1], ARGV[2])
return 1`;

type OrderRedis = Pick<
  RedisClient,
  'get' | 'set' | 'eval' | 'zadd' | 'zrem' | 'zrevrange' | 'zrangebyscore'
>;

/**
 * The shared {@link OrderRepository}: an order is one JSON value in its own order's slot; a
 * per-student sorted set (the student's slot), the payment-reference and reservation-number
 * keys, the deadline sorted set and the all-orders sorted set (by application time; the last
 * two under the global tag `{orders}`) index it.
 *
 * On Redis Cluster these are different slots, so no script writes them together. The order
 * itself is the truth and its compare-and-set the one decision; the indexes are hints around
 * it, in an order that errs on the side of a reader checking once more: every index entry is
 * added *before* the order is written and a deadline removed only *after*, and every reader
 * re-checks what it found against the order (owner, reference, number, the deadline sweep its
 * expiry). A crash between steps thus leaves an extra entry at worst, never a missing one.
 */
export class RedisOrderRepository implements OrderRepository {
  constructor(
    private readonly redis: OrderRedis,
    private readonly keys: RedisKeys,
  ) {}

  async create(order: Order): Promise<void> {
    if (!(await this.write(0, order))) throw new DuplicateOrderError(order.orderId);
  }

  async get(orderId: string): Promise<Order | undefined> {
    return this.decode(orderId, await this.redis.get(this.keys.order(orderId)));
  }

  async listByStudent(studentId: string, limit?: number): Promise<Order[]> {
    if (limit !== undefined && limit <= 0) return [];
    const stop = limit === undefined ? -1 : limit - 1;
    const ids = await this.redis.zrevrange(this.keys.studentOrders(studentId), 0, stop);
    if (ids.length === 0) return [];
    const orders = await this.getAll(ids);
    return orders.filter((order) => order.studentId === studentId);
  }

  async listRecent(offset: number, count: number): Promise<Order[]> {
    if (count <= 0) return [];
    const start = Math.max(0, offset);
    const ids = await this.redis.zrevrange(this.keys.allOrders(), start, start + count - 1);
    if (ids.length === 0) return [];
    return this.getAll(ids);
  }

  async update(expected: Order, next: Order): Promise<boolean> {
    checkSuccessor(expected, next);
    return this.write(expected.version, next);
  }

  async findByPaymentReference(reference: string): Promise<Order | undefined> {
    const orderId = await this.redis.get(this.keys.orderByPaymentReference(reference));
    const order = orderId === null ? undefined : await this.get(orderId);
    return order?.payment?.reference === reference ? order : undefined;
  }

  async findByReservationNumber(number: string): Promise<Order | undefined> {
    const orderId = await this.redis.get(this.keys.orderByReservationNumber(number));
    const order = orderId === null ? undefined : await this.get(orderId);
    return order?.reservation?.number === number ? order : undefined;
  }

  async dueBy(isoTime: string, limit: number): Promise<string[]> {
    if (limit <= 0) return [];
    const until = dueScore(isoTime);
    return this.redis.zrangebyscore(this.keys.orderDeadlines(), '-inf', until, 'LIMIT', 0, limit);
  }

  private async write(expectedVersion: number, order: Order): Promise<boolean> {
    const deadline = deadlineScore(order);
    await this.index(order, deadline);
    const written =
      (await this.redis.eval(
        WRITE,
        1,
        this.keys.order(order.orderId),
        String(expectedVersion),
        JSON.stringify(order),
      )) === 1;
    if (written && deadline === undefined) {
      await this.redis.zrem(this.keys.orderDeadlines(), order.orderId);
    }
    if (!written && deadline !== undefined) await this.restoreDeadline(order.orderId);
    return written;
  }

  /** The index entries of `order`, written before it (each command touches one slot). */
  private async index(order: Order, deadline: number | undefined): Promise<void> {
    const { orderId } = order;
    const applied = appliedScore(order);
    const reference = order.payment?.reference;
    const number = order.reservation?.number;
    await Promise.all([
      // NX: an order's application time never changes, and a refused duplicate must not move it.
      this.redis.zadd(this.keys.studentOrders(order.studentId), 'NX', applied, orderId),
      this.redis.zadd(this.keys.allOrders(), 'NX', applied, orderId),
      deadline !== undefined && this.redis.zadd(this.keys.orderDeadlines(), deadline, orderId),
      reference && this.redis.set(this.keys.orderByPaymentReference(reference), orderId),
      number && this.redis.set(this.keys.orderByReservationNumber(number), orderId),
    ]);
  }

  /**
   * A refused write had put its deadline in the index first: puts back the stored order's (or
   * takes the entry out when that order is closed or absent), so the loser leaves no trace.
   */
  private async restoreDeadline(orderId: string): Promise<void> {
    // A damaged order cannot be expired either: it leaves the deadline index.
    const stored = await this.get(orderId).catch(() => undefined);
    const deadline = stored && deadlineScore(stored);
    if (deadline === undefined) await this.redis.zrem(this.keys.orderDeadlines(), orderId);
    else await this.redis.zadd(this.keys.orderDeadlines(), deadline, orderId);
  }

  /** The orders of `ids` that exist, in order; one GET each (they lie in different slots). */
  private async getAll(ids: string[]): Promise<Order[]> {
    const orders = await Promise.all(ids.map((id) => this.get(id)));
    return orders.filter((order): order is Order => order !== undefined);
  }

  private decode(orderId: string, raw: string | null): Order | undefined {
    if (raw === null) return undefined;
    try {
      return JSON.parse(raw) as Order;
    } catch (err) {
      throw new UnreadableStorageItemError(`order:${orderId}`, { cause: err });
    }
  }
}

import type Redis from 'ioredis';
import type { RedisKeys } from '../storage/redisKeys';
import { UnreadableStorageItemError } from '../storage/errors';
import { DuplicateOrderError } from './errors';
import type { Order } from './order';
import { appliedScore, checkSuccessor, deadlineScore, dueScore } from './orderIndexing';
import type { OrderRepository } from './orderRepository';

/**
 * KEYS order, student index, deadline index, all-orders index [, payment reference]
 * [, reservation number]
 * ARGV expected version ('0' = create), JSON, order id, applied ms, deadline ms ('' = closed),
 * has reference ('1'/'0'), has reservation ('1'/'0') → 1 written, 0 refused.
 * The order and every index change in one script: a reader never finds an index pointing at a
 * version that was not written, and two writers of one version cannot both win.
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
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3])
redis.call('ZADD', KEYS[4], ARGV[4], ARGV[3])
if ARGV[5] == '' then
  redis.call('ZREM', KEYS[3], ARGV[3])
else
  redis.call('ZADD', KEYS[3], ARGV[5], ARGV[3])
end
local next = 5
if ARGV[6] == '1' then
  redis.call('SET', KEYS[next], ARGV[3])
  next = next + 1
end
if ARGV[7] == '1' then redis.call('SET', KEYS[next], ARGV[3]) end
return 1`;

type OrderRedis = Pick<Redis, 'get' | 'mget' | 'eval' | 'zrevrange' | 'zrangebyscore'>;

/**
 * The shared {@link OrderRepository}: an order is one JSON value; a per-student sorted set, the
 * payment-reference and reservation-number keys, the deadline sorted set and the all-orders
 * sorted set (by application time) index it. All keys
 * carry the hash tag `{orders}` (see {@link RedisKeys}).
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
    const raws = await this.redis.mget(...ids.map((id) => this.keys.order(id)));
    return ids
      .map((id, i) => this.decode(id, raws[i]))
      .filter((order): order is Order => order !== undefined);
  }

  async listRecent(offset: number, count: number): Promise<Order[]> {
    if (count <= 0) return [];
    const start = Math.max(0, offset);
    const ids = await this.redis.zrevrange(this.keys.allOrders(), start, start + count - 1);
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(...ids.map((id) => this.keys.order(id)));
    return ids
      .map((id, i) => this.decode(id, raws[i]))
      .filter((order): order is Order => order !== undefined);
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
    const keys = [
      this.keys.order(order.orderId),
      this.keys.studentOrders(order.studentId),
      this.keys.orderDeadlines(),
      this.keys.allOrders(),
    ];
    const reference = order.payment?.reference;
    const number = order.reservation?.number;
    if (reference) keys.push(this.keys.orderByPaymentReference(reference));
    if (number) keys.push(this.keys.orderByReservationNumber(number));
    const written = await this.redis.eval(
      WRITE,
      keys.length,
      ...keys,
      String(expectedVersion),
      JSON.stringify(order),
      order.orderId,
      String(appliedScore(order)),
      String(deadlineScore(order) ?? ''),
      reference ? '1' : '0',
      number ? '1' : '0',
    );
    return written === 1;
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

import { DuplicateOrderError } from './errors';
import type { Order } from './order';
import { appliedScore, checkSuccessor, deadlineScore, dueScore } from './orderIndexing';
import type { OrderRepository } from './orderRepository';

/**
 * The embedded {@link OrderRepository}: orders in process memory, lost on restart. Orders are
 * kept as JSON so a caller can never change a stored order by mutating an object it got back.
 * Lookups scan every order; the embedded default serves one demo machine, not a university.
 */
export class MemoryOrderRepository implements OrderRepository {
  private readonly orders = new Map<string, string>();

  async create(order: Order): Promise<void> {
    if (this.orders.has(order.orderId)) throw new DuplicateOrderError(order.orderId);
    this.orders.set(order.orderId, JSON.stringify(order));
  }

  async get(orderId: string): Promise<Order | undefined> {
    const raw = this.orders.get(orderId);
    return raw === undefined ? undefined : (JSON.parse(raw) as Order);
  }

  async listByStudent(studentId: string, limit?: number): Promise<Order[]> {
    const mine = this.all()
      .filter((order) => order.studentId === studentId)
      .sort((a, b) => appliedScore(b) - appliedScore(a) || descending(a.orderId, b.orderId));
    return limit === undefined ? mine : mine.slice(0, Math.max(0, limit));
  }

  async listRecent(offset: number, count: number): Promise<Order[]> {
    if (count <= 0) return [];
    return this.all()
      .sort((a, b) => appliedScore(b) - appliedScore(a) || descending(a.orderId, b.orderId))
      .slice(Math.max(0, offset), Math.max(0, offset) + count);
  }

  async update(expected: Order, next: Order): Promise<boolean> {
    checkSuccessor(expected, next);
    // Read and write without an await in between: no other update can slip in.
    const raw = this.orders.get(expected.orderId);
    if (raw === undefined || (JSON.parse(raw) as Order).version !== expected.version) return false;
    this.orders.set(next.orderId, JSON.stringify(next));
    return true;
  }

  async findByPaymentReference(reference: string): Promise<Order | undefined> {
    return this.all().find((order) => order.payment?.reference === reference);
  }

  async findByReservationNumber(number: string): Promise<Order | undefined> {
    return this.all().find((order) => order.reservation?.number === number);
  }

  async dueBy(isoTime: string, limit: number): Promise<string[]> {
    const until = dueScore(isoTime);
    return this.all()
      .map((order) => ({ id: order.orderId, score: deadlineScore(order) }))
      .filter((entry): entry is { id: string; score: number } => entry.score !== undefined)
      .filter((entry) => entry.score <= until)
      .sort((a, b) => a.score - b.score || -descending(a.id, b.id))
      .slice(0, Math.max(0, limit))
      .map((entry) => entry.id);
  }

  private all(): Order[] {
    return [...this.orders.values()].map((raw) => JSON.parse(raw) as Order);
  }
}

/** Ties ordered like a Redis sorted set (by member, byte-wise), reversed. */
function descending(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}

import type { Order } from './order';

/**
 * Orders and their deadline index. Memory and Redis implementations pass one contract suite.
 * Updates are compare-and-set on `version`, so two instances (or a double click) can never
 * both move an order.
 */
export interface OrderRepository {
  /** Stores a new order (version 1); fails if the id exists. */
  create(order: Order): Promise<void>;
  get(orderId: string): Promise<Order | undefined>;
  /** A student's orders, newest first. */
  listByStudent(studentId: string, limit?: number): Promise<Order[]>;
  /**
   * Replaces `expected` (same id and version) with `next` (version + 1). Returns false, changing
   * nothing, when the stored order has moved on meanwhile.
   */
  update(expected: Order, next: Order): Promise<boolean>;
  /**
   * Every order, newest application first, `count` from position `offset` (O(log n + count)).
   * Orders created meanwhile push older ones down: a caller paging through should drop repeats.
   */
  listRecent(offset: number, count: number): Promise<Order[]>;
  /** Finds the order a payment provider reference belongs to (PayPal order id, Smart Pit number). */
  findByPaymentReference(reference: string): Promise<Order | undefined>;
  /** Finds the order of a reservation number (the store copier types it). */
  findByReservationNumber(number: string): Promise<Order | undefined>;
  /** Ids of orders still open whose expiry (`expiryOf`) is at or before `isoTime`, oldest first (O(log n + k)). */
  dueBy(isoTime: string, limit: number): Promise<string[]>;
}

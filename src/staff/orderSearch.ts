import { DateTime } from 'luxon';
import { isoJst } from '../orders/deadlines';
import type { Order } from '../orders/order';
import type { OrderRepository } from '../orders/orderRepository';
import { openDeadline } from '../orders/orderTransitions';
import type { OrderFilter } from './staffDesk';

/** How many orders one repository read fetches while searching. */
const PAGE = 500;

/** Whether an order passes every field of the filter, at `now`. */
export function matchesFilter(order: Order, filter: OrderFilter, now: DateTime): boolean {
  if (filter.status !== undefined && order.status !== filter.status) return false;
  if (filter.network !== undefined && order.network !== filter.network) return false;
  if (filter.studentId !== undefined && order.studentId !== filter.studentId) return false;
  if (
    filter.certificateId !== undefined &&
    !order.lines.some((line) => line.certificateId === filter.certificateId)
  ) {
    return false;
  }
  if (filter.deadlineWithinHours !== undefined) {
    const deadline = openDeadline(order);
    if (deadline === undefined) return false;
    const until = now.plus({ hours: filter.deadlineWithinHours });
    if (DateTime.fromISO(deadline).toMillis() > until.toMillis()) return false;
  }
  return true;
}

/**
 * Every order matching `filter`, each once. It reads through the narrowest index the filter
 * allows: the student's orders, the open orders by deadline, or else every order newest first.
 */
export async function* searchOrders(
  orders: OrderRepository,
  filter: OrderFilter,
  now: DateTime,
): AsyncGenerator<Order> {
  const seen = new Set<string>();
  const fresh = function* (page: Order[]) {
    for (const order of page) {
      if (seen.has(order.orderId) || !matchesFilter(order, filter, now)) continue;
      seen.add(order.orderId);
      yield order;
    }
  };
  if (filter.studentId !== undefined) {
    yield* fresh(await orders.listByStudent(filter.studentId));
    return;
  }
  if (filter.deadlineWithinHours !== undefined) {
    const until = isoJst(now.plus({ hours: filter.deadlineWithinHours }));
    // The deadline index holds open orders only, so it is as long as the work still to do.
    const ids = await orders.dueBy(until, Number.MAX_SAFE_INTEGER);
    for (let i = 0; i < ids.length; i += PAGE) {
      const page = await Promise.all(ids.slice(i, i + PAGE).map((id) => orders.get(id)));
      yield* fresh(page.filter((order): order is Order => order !== undefined));
    }
    return;
  }
  for (let offset = 0; ; offset += PAGE) {
    const page = await orders.listRecent(offset, PAGE);
    yield* fresh(page);
    if (page.length < PAGE) return;
  }
}

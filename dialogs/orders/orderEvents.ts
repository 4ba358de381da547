import type { Activity, TurnContext } from 'botbuilder';
import type { Order } from '../../src/orders/order';
import type { DialogServices } from '../dialogServices';
import { orderNews, reminderMessages } from './orderMessages';
import { orderVoice } from './orderVoice';

type OrderEventServices = Pick<DialogServices, 'orders' | 'catalogue' | 'clock'>;

/**
 * What to tell about an `orderUpdated` event: the change that happened, even when the order has
 * moved on since. Undefined for an unknown order; empty when the change is no news.
 */
export async function orderUpdateNews(
  context: TurnContext,
  services: OrderEventServices,
): Promise<Partial<Activity>[] | undefined> {
  const { orderId, status } = (context.activity.value ?? {}) as Record<string, unknown>;
  const order = typeof orderId === 'string' && (await services.orders.get(orderId));
  if (!order) return undefined;
  const moved =
    typeof status === 'string' ? { ...order, status: status as Order['status'] } : order;
  return orderNews(orderVoice(context, services.catalogue), moved);
}

/**
 * What an `orderReminder` event (a deadline reminder from the scheduler) says, told as the
 * order stands now: empty for an unknown order or one with nothing left to remind of.
 */
export async function reminderNews(
  context: TurnContext,
  services: OrderEventServices,
): Promise<Partial<Activity>[]> {
  const { orderId, kind } = (context.activity.value ?? {}) as Record<string, unknown>;
  const known = typeof orderId === 'string' && (kind === 'payment' || kind === 'print');
  const order = known ? await services.orders.get(orderId) : undefined;
  return order && known
    ? reminderMessages(orderVoice(context, services.catalogue), order, kind, services.clock.now())
    : [];
}

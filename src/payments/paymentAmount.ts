import type { Order } from '../orders/order';
import { InvalidPaymentAmountError } from './errors';

/**
 * The yen an order asks for: a positive whole number (JPY has no decimals). A total that is not
 * one is a bug upstream, refused before any provider sees it.
 */
export function paymentAmount(order: Pick<Order, 'orderId' | 'totalFee'>): number {
  const amount = order.totalFee;
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    throw new InvalidPaymentAmountError(order.orderId, amount);
  }
  return amount;
}

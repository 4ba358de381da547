import { escapeHtml } from '../../http/html';
import type { Catalogue } from '../../orders/catalogue';
import type { Order } from '../../orders/order';
import { openDeadline } from '../../orders/orderTransitions';
import type { OrderPage } from '../staffDesk';
import type { InputProblem } from '../staffInput';
import type { AdminWords } from './adminWords';
import { filterFields, type FilterInput } from './filterFields';

/** The orders page's parts: the filter as typed, its problems, and the matching orders. */
export interface OrdersView {
  input: FilterInput;
  problems: InputProblem[];
  /** Absent when the filter was refused. */
  page?: OrderPage;
  limit: number;
}

/** The bodies of the orders list (`/admin`) and of one order (`/admin/orders/:orderId`). */
export class OrderPages {
  constructor(private readonly catalogue: Pick<Catalogue, 'certificates' | 'networks'>) {}

  list(words: AdminWords, view: OrdersView): string {
    const { t } = words;
    const summary =
      view.problems.length > 0
        ? `<p class="error" role="alert">${escapeHtml(t('problem.summary'))}</p>`
        : '';
    const form = `${summary}<form class="filter-form" method="get" action="/admin">
${filterFields(words, this.catalogue, view.input, view.problems)}
<div class="actions"><button type="submit">${escapeHtml(t('filter.apply'))}</button>
<a href="/admin" class="secondary">${escapeHtml(t('filter.clear'))}</a></div>
</form>`;
    return `${form}\n${view.page ? this.table(words, view.input, view.page, view.limit) : ''}`;
  }

  order(words: AdminWords, order: Order): string {
    const { t } = words;
    const facts: [string, string][] = [
      [t('order.student'), order.studentId],
      [t('orders.status'), words.status(order.status)],
      [t('orders.certificates'), order.lines.map((line) => words.line(line)).join(', ')],
      [t('orders.total'), words.yen(order.totalFee)],
      [t('order.network'), words.network(order.network)],
      [t('order.language'), t(`language.${order.language}`)],
      [t('order.appliedAt'), words.deadline(order.appliedAt)],
      [t('order.paymentDeadline'), words.deadline(order.paymentDeadline)],
      [t('order.printDeadline'), words.deadline(order.printDeadline)],
    ];
    if (order.payment) {
      facts.push([t('order.payment'), t(`paymentMethod.${order.payment.method}`)]);
      if (order.payment.paidAt)
        facts.push([t('order.paidAt'), words.deadline(order.payment.paidAt)]);
    }
    if (order.reservation) facts.push([t('orders.reservation'), order.reservation.number]);
    const list = facts
      .map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`)
      .join('\n');
    const rows = order.history
      .map(
        (event) =>
          `<tr><td>${escapeHtml(words.time(event.at))}</td><td>${escapeHtml(words.status(event.status))}</td><td>${escapeHtml(words.reason(event.reason))}</td></tr>`,
      )
      .join('\n');
    return `<dl class="facts" id="order-facts">
${list}
</dl>
<h2>${escapeHtml(t('order.history'))}</h2>
<div class="table-wrap"><table id="history">
<thead><tr><th scope="col">${escapeHtml(t('order.at'))}</th><th scope="col">${escapeHtml(t('orders.status'))}</th><th scope="col">${escapeHtml(t('order.reason'))}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table></div>
<p><a href="/admin">${escapeHtml(t('order.back'))}</a></p>`;
  }

  private table(words: AdminWords, input: FilterInput, page: OrderPage, limit: number): string {
    const { t } = words;
    if (page.orders.length === 0) return `<p id="no-orders">${escapeHtml(t('orders.none'))}</p>`;
    const head = [
      'orderId',
      'studentId',
      'certificates',
      'total',
      'status',
      'deadline',
      'reservation',
    ]
      .map((key) => `<th scope="col">${escapeHtml(t(`orders.${key}`))}</th>`)
      .join('');
    const rows = page.orders.map((order) => {
      const deadline = openDeadline(order);
      const cells = [
        `<a href="/admin/orders/${encodeURIComponent(order.orderId)}">${escapeHtml(order.orderId)}</a>`,
        escapeHtml(order.studentId),
        escapeHtml(order.lines.map((line) => words.line(line)).join(', ')),
        escapeHtml(words.yen(order.totalFee)),
        escapeHtml(words.status(order.status)),
        deadline ? escapeHtml(words.deadline(deadline)) : '',
        escapeHtml(order.reservation?.number ?? ''),
      ];
      return `<tr data-order="${escapeHtml(order.orderId)}">${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`;
    });
    const truncated = page.truncated
      ? `<p class="note" id="truncated">${escapeHtml(t('orders.truncated', { n: limit }))}</p>`
      : '';
    const query = new URLSearchParams(
      Object.entries(input).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ).toString();
    const push = `<a id="push-to-these" href="/admin/push${query ? `?${escapeHtml(query)}` : ''}">${escapeHtml(t('orders.pushToThese'))}</a>`;
    return `<p id="order-count">${escapeHtml(t('orders.count', { n: page.orders.length }))} · ${push}</p>
${truncated}<div class="table-wrap"><table id="orders">
<thead><tr>${head}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table></div>`;
  }
}

import { html, joinHtml, type SafeHtml } from '../../http/html';
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

  list(words: AdminWords, view: OrdersView): SafeHtml {
    const { t } = words;
    const summary =
      view.problems.length > 0
        ? html`<p class="error" role="alert">${t('problem.summary')}</p>`
        : '';
    const form = html`${summary}<form class="filter-form" method="get" action="/admin">
${filterFields(words, this.catalogue, view.input, view.problems)}
<div class="actions"><button type="submit">${t('filter.apply')}</button>
<a href="/admin" class="secondary">${t('filter.clear')}</a></div>
</form>`;
    return html`${form}\n${view.page ? this.table(words, view.input, view.page, view.limit) : ''}`;
  }

  order(words: AdminWords, order: Order): SafeHtml {
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
    const list = facts.map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`);
    const rows = order.history.map(
      (event) =>
        html`<tr><td>${words.time(event.at)}</td><td>${words.status(event.status)}</td><td>${words.reason(event.reason)}</td></tr>`,
    );
    return html`<dl class="facts" id="order-facts">
${joinHtml(list, '\n')}
</dl>
<h2>${t('order.history')}</h2>
<div class="table-wrap"><table id="history">
<thead><tr><th scope="col">${t('order.at')}</th><th scope="col">${t('orders.status')}</th><th scope="col">${t('order.reason')}</th></tr></thead>
<tbody>
${joinHtml(rows, '\n')}
</tbody>
</table></div>
<p><a href="/admin">${t('order.back')}</a></p>`;
  }

  private table(words: AdminWords, input: FilterInput, page: OrderPage, limit: number): SafeHtml {
    const { t } = words;
    if (page.orders.length === 0) return html`<p id="no-orders">${t('orders.none')}</p>`;
    const head = [
      'orderId',
      'studentId',
      'certificates',
      'total',
      'status',
      'deadline',
      'reservation',
    ].map((key) => html`<th scope="col">${t(`orders.${key}`)}</th>`);
    const rows = page.orders.map((order) => {
      const deadline = openDeadline(order);
      const cells = [
        html`<a href="/admin/orders/${encodeURIComponent(order.orderId)}">${order.orderId}</a>`,
        order.studentId,
        order.lines.map((line) => words.line(line)).join(', '),
        words.yen(order.totalFee),
        words.status(order.status),
        deadline ? words.deadline(deadline) : '',
        order.reservation?.number,
      ];
      return html`<tr data-order="${order.orderId}">${cells.map((cell) => html`<td>${cell}</td>`)}</tr>`;
    });
    const truncated = page.truncated
      ? html`<p class="note" id="truncated">${t('orders.truncated', { n: limit })}</p>`
      : '';
    const query = new URLSearchParams(
      Object.entries(input).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ).toString();
    const composer = `/admin/push${query ? `?${query}` : ''}`;
    const push = html`<a id="push-to-these" href="${composer}">${t('orders.pushToThese')}</a>`;
    return html`<p id="order-count">${t('orders.count', { n: page.orders.length })} · ${push}</p>
${truncated}<div class="table-wrap"><table id="orders">
<thead><tr>${head}</tr></thead>
<tbody>
${joinHtml(rows, '\n')}
</tbody>
</table></div>`;
  }
}

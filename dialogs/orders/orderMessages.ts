import { MessageFactory, type Activity } from 'botbuilder';
import { DateTime } from 'luxon';
import { cardAttachment, type Card } from '../../src/channels/card';
import { formatDateTime } from '../../src/i18n/formatDateTime';
import { formatYen } from '../../src/i18n/formatYen';
import type { Translate } from '../../src/i18n/i18n';
import type { Language } from '../../src/i18n/language';
import { findCertificate, findNetwork, type Catalogue } from '../../src/orders/catalogue';
import { isPast } from '../../src/orders/deadlines';
import type { Order, OrderLine, PrintNetwork } from '../../src/orders/order';
import { paymentStartOf } from '../../src/orders/paymentStartOf';
import type { PaymentStart } from '../../src/orders/paymentGateway';
import type { DeadlineKind } from '../../src/reminders/deadlineEntries';

/** Everything the order messages need to speak: translations, language, catalogue names. */
export interface OrderVoice {
  t: Translate;
  language: Language;
  catalogue: Catalogue;
}

/** The last minute before a deadline ("23 Jan 23:59"): a deadline is exclusive. */
function lastMinuteText(voice: OrderVoice, deadline: string): string {
  return formatDateTime(DateTime.fromISO(deadline).minus({ seconds: 1 }), voice.language);
}

/** "Printable until 23 Jan 23:59". */
function untilText(voice: OrderVoice, deadline: string): string {
  return voice.t('order.until', { time: lastMinuteText(voice, deadline) });
}

function lineText(
  voice: OrderVoice,
  line: Pick<OrderLine, 'certificateId' | 'language' | 'copies'>,
) {
  const certificate = findCertificate(voice.catalogue, line.certificateId);
  return voice.t('order.line', {
    name: certificate?.name[voice.language] ?? line.certificateId,
    language: voice.t(line.language === 'ja' ? 'order.languageJa' : 'order.languageEn'),
    copies: line.copies,
  });
}

/** The store chains of a network, e.g. "FamilyMart / Lawson". */
export function storesText(voice: OrderVoice, network: PrintNetwork): string {
  const stores = findNetwork(voice.catalogue, network)?.stores ?? [];
  return stores.map((store) => store.name[voice.language]).join(' / ');
}

export interface Summary {
  lines: Pick<OrderLine, 'certificateId' | 'language' | 'copies' | 'unitFee'>[];
  network: PrintNetwork;
  paymentDeadline: string;
  printDeadline: string;
}

/** The summary before applying: lines, store, total fee, exact deadlines, the print-fee note. */
export function summaryCard(voice: OrderVoice, summary: Summary): Partial<Activity> {
  const { t } = voice;
  const total = summary.lines.reduce((sum, line) => sum + line.copies * line.unitFee, 0);
  const card: Card = {
    title: t('order.summaryTitle'),
    body: summary.lines.map((line) => lineText(voice, line)),
    fields: [
      { label: t('order.store'), value: storesText(voice, summary.network) },
      { label: t('order.total'), value: formatYen(total, voice.language) },
      { label: t('order.paymentDeadline'), value: untilText(voice, summary.paymentDeadline) },
      { label: t('order.printDeadline'), value: untilText(voice, summary.printDeadline) },
    ],
  };
  card.body = [...(card.body ?? []), t('order.printFeeNote'), t('order.deadlineNote')];
  return MessageFactory.attachment(cardAttachment(card));
}

/** How to pay: a link card (demo checkout, PayPal) or the Smart Pit number to take to the store. */
export function paymentCard(
  voice: OrderVoice,
  order: Order,
  start: PaymentStart,
): Partial<Activity> {
  const { t } = voice;
  const fields = [
    { label: t('order.amount'), value: formatYen(order.totalFee, voice.language) },
    { label: t('order.paymentDeadline'), value: untilText(voice, order.paymentDeadline) },
  ];
  const card: Card =
    start.kind === 'link'
      ? {
          title: t('order.payTitle', { orderId: order.orderId }),
          fields,
          body: [t('order.payNote')],
          buttons: [{ kind: 'link', label: t('order.payButton'), url: start.url }],
        }
      : {
          title: t('order.smartPitTitle', { orderId: order.orderId }),
          hero: start.smartPitNumber,
          fields,
          body: [t('order.smartPitNote'), t('order.payNote')],
        };
  return MessageFactory.attachment(cardAttachment(card));
}

/** The reservation number, big, with the stores, the print deadline and how to print. */
function reservationCard(voice: OrderVoice, order: Order): Partial<Activity> {
  const { t } = voice;
  const reservation = order.reservation;
  return MessageFactory.attachment(
    cardAttachment({
      title: t('order.reservationTitle', { orderId: order.orderId }),
      hero: reservation?.number ?? '',
      fields: [
        { label: t('order.stores'), value: storesText(voice, order.network) },
        { label: t('order.printDeadline'), value: untilText(voice, order.printDeadline) },
      ],
      body: [t(`order.howToPrint.${order.network}`), t('order.printFeeNote')],
    }),
  );
}

/** One order in "My orders". */
export function orderCard(voice: OrderVoice, order: Order): Partial<Activity> {
  const { t } = voice;
  const fields = [
    { label: t('orders.status'), value: t(`orders.statusName.${order.status}`) },
    { label: t('order.total'), value: formatYen(order.totalFee, voice.language) },
    { label: t('order.store'), value: storesText(voice, order.network) },
  ];
  if (order.status === 'awaiting_payment') {
    fields.push({
      label: t('order.paymentDeadline'),
      value: untilText(voice, order.paymentDeadline),
    });
  }
  if (order.status === 'paid' || order.status === 'printable') {
    fields.push({ label: t('order.printDeadline'), value: untilText(voice, order.printDeadline) });
  }
  const card: Card = {
    title: t('orders.title', { orderId: order.orderId }),
    hero: order.status === 'printable' ? order.reservation?.number : undefined,
    body: order.lines.map((line) => lineText(voice, line)),
    fields,
  };
  if (order.status === 'awaiting_payment' && order.payment?.url) {
    card.buttons = [{ kind: 'link', label: t('order.payButton'), url: order.payment.url }];
  }
  return MessageFactory.attachment(cardAttachment(card));
}

/** What the student is told when an order moves on outside the chat (payment, expiry, print). */
export function orderNews(voice: OrderVoice, order: Order): Partial<Activity>[] {
  const { t } = voice;
  switch (order.status) {
    case 'paid':
      return [
        MessageFactory.text(
          t('order.paid', {
            orderId: order.orderId,
            amount: formatYen(order.payment?.amount ?? order.totalFee, voice.language),
          }),
        ),
      ];
    case 'printable':
      return [reservationCard(voice, order)];
    case 'printed':
      return [MessageFactory.text(t('order.printed', { orderId: order.orderId }))];
    case 'expired':
      return [
        MessageFactory.text(
          t('order.expired', {
            orderId: order.orderId,
            deadline: formatDateTime(
              order.payment?.paidAt ? order.printDeadline : order.paymentDeadline,
              voice.language,
            ),
          }),
        ),
      ];
    case 'cancelled':
      return [MessageFactory.text(t('order.cancelled', { orderId: order.orderId }))];
    default:
      return [];
  }
}

/**
 * A reminder before a deadline, judged on the order as it is now: for an unpaid order the
 * amount, the exact deadline and how to pay again (link or Smart Pit number); for a printable
 * one the reservation number, the stores and the exact print deadline. Nothing when the order
 * no longer waits for that deadline.
 */
export function reminderMessages(
  voice: OrderVoice,
  order: Order,
  kind: DeadlineKind,
  now: DateTime,
): Partial<Activity>[] {
  const { t } = voice;
  if (kind === 'payment') {
    if (order.status !== 'awaiting_payment' || isPast(order.paymentDeadline, now)) return [];
    const text = t('reminder.payment', {
      orderId: order.orderId,
      amount: formatYen(order.totalFee, voice.language),
      time: lastMinuteText(voice, order.paymentDeadline),
    });
    const start = order.payment && paymentStartOf(order.payment);
    return [MessageFactory.text(text), ...(start ? [paymentCard(voice, order, start)] : [])];
  }
  if (order.status !== 'printable' || isPast(order.printDeadline, now)) return [];
  const text = t('reminder.print', {
    orderId: order.orderId,
    number: order.reservation?.number ?? '',
    stores: storesText(voice, order.network),
    time: lastMinuteText(voice, order.printDeadline),
  });
  return [MessageFactory.text(text), reservationCard(voice, order)];
}

import { DateTime } from 'luxon';
import { reminderMessages, type OrderVoice } from '../../dialogs/orders/orderMessages';
import { cardsOf } from '../../src/channels/card';
import { formatDateTime } from '../../src/i18n/formatDateTime';
import type { Language } from '../../src/i18n/language';
import { loadCatalogue } from '../../src/orders/loadCatalogue';
import type { Order } from '../../src/orders/order';
import { loadTexts } from '../support/texts';

const catalogue = loadCatalogue('data/catalogue.json');
const NOW = DateTime.fromISO('2026-11-30T00:00:00+09:00');
const LAST_MINUTE = '2026-12-01T23:59:00+09:00';

const unpaid: Order = {
  orderId: 'O1',
  studentId: 'a0123456',
  language: 'en',
  lines: [{ certificateId: 'enrollment', language: 'en', copies: 3, unitFee: 400 }],
  network: 'networkprint',
  totalFee: 1200,
  status: 'awaiting_payment',
  appliedAt: '2026-11-24T15:00:00+09:00',
  paymentDeadline: '2026-12-02T00:00:00+09:00',
  printDeadline: '2026-12-02T00:00:00+09:00',
  payment: { method: 'smartpit', reference: '1234567890123' },
  history: [],
  version: 2,
};
const printable: Order = {
  ...unpaid,
  status: 'printable',
  reservation: {
    network: 'networkprint',
    number: 'B57LD4K9WH',
    issuedAt: '2026-11-25T10:00:00+09:00',
    verificationCode: 'ABCD-EFGH-JKLM',
  },
};

async function voice(language: Language): Promise<OrderVoice> {
  return { t: (await loadTexts()).t(language), language, catalogue };
}

describe('reminderMessages', () => {
  it.each(['ja', 'en'] as const)(
    'reminds of an unpaid order with the amount, the exact deadline and the Smart Pit number (%s)',
    async (language) => {
      const v = await voice(language);
      const [text, card] = reminderMessages(v, unpaid, 'payment', NOW);
      expect(text.text).toBe(
        v.t('reminder.payment', {
          orderId: 'O1',
          amount: language === 'ja' ? '1,200円' : '¥1,200',
          time: formatDateTime(LAST_MINUTE, language),
        }),
      );
      expect(cardsOf(card)[0].hero).toBe('1234567890123');
    },
  );

  it('repeats the payment link of an order paid online', async () => {
    const v = await voice('en');
    const online: Order = {
      ...unpaid,
      payment: { method: 'demo', reference: 'D1', url: 'http://127.0.0.1/pay/demo/D1' },
    };
    const [, card] = reminderMessages(v, online, 'payment', NOW);
    expect(cardsOf(card)[0].buttons).toEqual([
      { kind: 'link', label: v.t('order.payButton'), url: 'http://127.0.0.1/pay/demo/D1' },
    ]);
  });

  it.each(['ja', 'en'] as const)(
    'reminds of a printable order with the reservation number, the stores and the deadline (%s)',
    async (language) => {
      const v = await voice(language);
      const [text, card] = reminderMessages(v, printable, 'print', NOW);
      const stores = language === 'ja' ? 'ファミリーマート' : 'FamilyMart';
      expect(text.text).toContain('B57LD4K9WH');
      expect(text.text).toContain(stores);
      expect(text.text).toContain(formatDateTime(LAST_MINUTE, language));
      expect(cardsOf(card)[0].hero).toBe('B57LD4K9WH');
    },
  );

  it('says nothing once the order moved on or its deadline passed', async () => {
    const v = await voice('en');
    expect(reminderMessages(v, printable, 'payment', NOW)).toEqual([]);
    expect(reminderMessages(v, unpaid, 'print', NOW)).toEqual([]);
    const late = DateTime.fromISO('2026-12-02T00:00:00+09:00');
    expect(reminderMessages(v, unpaid, 'payment', late)).toEqual([]);
    expect(reminderMessages(v, printable, 'print', late)).toEqual([]);
  });
});

import { checkLineQuota, type QuotaTarget } from '../../src/staff/pushQuota';

const target = (accountId: string, since: string, language: 'ja' | 'en' = 'ja'): QuotaTarget => ({
  accountId,
  language,
  since,
});
const TARGETS = [
  target('U3', '2026-11-21T10:00:00+09:00'),
  target('U2', '2026-11-20T10:00:00+09:00', 'en'),
  target('U1', '2026-11-21T10:00:00+09:00'),
];

describe('checkLineQuota', () => {
  it('takes the earliest applicants first, then by user id, whatever order they came in', () => {
    const costs = { ja: 1, en: 1 };
    const reading = { type: 'limited', limit: 10, used: 8 } as const;
    const a = checkLineQuota(reading, TARGETS, costs);
    const b = checkLineQuota(reading, [...TARGETS].reverse(), costs);
    expect(a.ordered.map((t) => t.accountId)).toEqual(['U2', 'U1', 'U3']);
    expect(b).toEqual(a);
    expect(a.quota).toMatchObject({
      remaining: 2,
      messagesNeeded: 3,
      exceeded: true,
      recipientsThatFit: 2,
    });
  });

  it('counts each language’s message objects, and fits the longest prefix', () => {
    const { quota } = checkLineQuota({ type: 'limited', limit: 5, used: 0 }, TARGETS, {
      ja: 2,
      en: 3,
    });
    // U2 (English, 3) and U1 (Japanese, 2) take all 5; U3 would need 2 more.
    expect(quota).toMatchObject({ messagesNeeded: 7, exceeded: true, recipientsThatFit: 2 });
  });

  it('never exceeds a plan without a limit, or an unknown quota; a used-up one has nothing left', () => {
    for (const type of ['none', 'unknown'] as const) {
      expect(checkLineQuota({ type }, TARGETS, { ja: 1, en: 1 }).quota).toEqual({
        type,
        recipients: 3,
        messagesNeeded: 3,
        exceeded: false,
        recipientsThatFit: 3,
      });
    }
    const over = checkLineQuota({ type: 'limited', limit: 5, used: 9 }, TARGETS, { ja: 1, en: 1 });
    expect(over.quota).toMatchObject({ remaining: 0, recipientsThatFit: 0, exceeded: true });
  });
});

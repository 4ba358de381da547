import { lineRetryKey } from '../../src/channels/line/lineRetryKey';
import { batchKey, planPush, type PlanTarget } from '../../src/staff/pushPlan';

const targets = (prefix: string, count: number, language: 'ja' | 'en'): PlanTarget[] =>
  Array.from({ length: count }, (_, i) => ({ accountId: `${prefix}${i}`, language }));

describe('planPush', () => {
  it('cuts each channel into batches of one language, at most the batch size each', () => {
    const plan = planPush(
      {
        line: [...targets('en', 3, 'en'), ...targets('ja', 5, 'ja')],
        webchat: targets('w', 2, 'ja'),
        msteams: [],
      },
      2,
    );
    expect(plan.batches.map((b) => [b.channel, b.language, b.accountIds])).toEqual([
      ['line', 'en', ['en0', 'en1']],
      ['line', 'en', ['en2']],
      ['line', 'ja', ['ja0', 'ja1']],
      ['line', 'ja', ['ja2', 'ja3']],
      ['line', 'ja', ['ja4']],
      ['webchat', 'ja', ['w0', 'w1']],
    ]);
  });

  it('makes 500-chat batches by default, and none for an empty audience', () => {
    const plan = planPush({ line: targets('u', 1_001, 'ja'), webchat: [], msteams: [] });
    expect(plan.batches.map((b) => b.accountIds.length)).toEqual([500, 500, 1]);
    expect(planPush({ line: [], webchat: [], msteams: [] }).batches).toEqual([]);
  });
});

describe('lineRetryKey', () => {
  it('is a version-5 UUID of the name, the same on every call and instance', () => {
    // Python: uuid.uuid5(UUID('6f1c2a4e-8b3d-4c5f-9a7e-0d1b2c3f4a5b'), '0123456789abcdef:3:1')
    expect(lineRetryKey('0123456789abcdef:3:1')).toBe('eddab5f4-943b-58a2-939f-ff98df077adc');
    expect(lineRetryKey(`${batchKey('0123456789abcdef', 3)}:1`)).toBe(
      lineRetryKey('0123456789abcdef:3:1'),
    );
  });

  it('differs from batch to batch and from push to push', () => {
    const keys = new Set(
      ['p1', 'p2'].flatMap((push) => [0, 1, 2].map((batch) => lineRetryKey(batchKey(push, batch)))),
    );
    expect(keys.size).toBe(6);
    for (const key of keys)
      expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

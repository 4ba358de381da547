import { eventOverLimits, jsonDepthOver } from '../../src/turns/eventLimits';
import { jsonExcerpt } from '../../src/turns/jsonExcerpt';

/** An object nested `depth` levels deep, built from JSON (no recursion in the test either). */
const nested = (depth: number): unknown =>
  JSON.parse(`${'{"a":'.repeat(depth - 1)}{"end":true}${'}'.repeat(depth - 1)}`);

describe('event limits', () => {
  it('measures depth without recursion, even 100,000 levels deep', () => {
    expect(jsonDepthOver(nested(64), 64)).toBe(false);
    expect(jsonDepthOver(nested(65), 64)).toBe(true);
    expect(jsonDepthOver(nested(100_000), 64)).toBe(true);
    expect(jsonDepthOver([[[]]], 3)).toBe(false);
    expect(jsonDepthOver([[[[]]]], 3)).toBe(true);
    expect(jsonDepthOver('text', 0)).toBe(false);
  });

  it('says too_deep before measuring size, and too_large over the byte limit', () => {
    expect(eventOverLimits(nested(5_000))).toBe('too_deep');
    expect(eventOverLimits({ text: 'あ'.repeat(10) }, { maxDepth: 8, maxBytes: 30 })).toBe(
      'too_large',
    );
    expect(eventOverLimits({ type: 'message', text: 'hello' })).toBeUndefined();
  });
});

describe('jsonExcerpt', () => {
  it('is the JSON itself when short', () => {
    const value = { a: [1, 'two', null, true, { b: 'c' }], d: {} };
    expect(jsonExcerpt(value, 200)).toBe(JSON.stringify(value));
  });

  it('cuts at the limit with an ellipsis, on a 100,000-deep or a huge value', () => {
    const deep = jsonExcerpt(nested(100_000), 20);
    expect(deep).toBe(`${'{"a":'.repeat(4)}…`);
    const huge = jsonExcerpt({ text: 'x'.repeat(1_000_000) }, 20);
    expect(huge).toBe(`{"text":"${'x'.repeat(11)}…`);
  });
});

import { splitText, truncateGraphemes, truncateUnits } from '../../src/channels/line/lineText';

describe('LINE text measures', () => {
  it('keeps a label of at most max graphemes whole, however many code units it takes', () => {
    const family = '👨‍👩‍👧‍👦'; // one grapheme, 11 code units
    expect(truncateGraphemes('申込履歴', 4)).toBe('申込履歴');
    expect(truncateGraphemes(`${family}${family}`, 2)).toBe(`${family}${family}`);
    // か + combining voiced mark: one grapheme of two code units.
    expect(truncateGraphemes('\u304b\u3099'.repeat(3), 3)).toBe('\u304b\u3099'.repeat(3));
  });

  it('cuts a longer label to max graphemes ending in an ellipsis, never inside a grapheme', () => {
    const family = '👨‍👩‍👧‍👦';
    expect(truncateGraphemes('証明書を申し込む', 5)).toBe('証明書を…');
    expect(truncateGraphemes(`${family}${family}${family}`, 2)).toBe(`${family}…`);
    expect(truncateGraphemes('abc', 0)).toBe('…');
  });

  it('cuts by code units without splitting a surrogate pair, and splits long text at breaks', () => {
    expect(truncateUnits('a😀', 2)).toBe('a');
    expect(splitText('one two three', 8)).toEqual(['one two', 'three']);
  });
});

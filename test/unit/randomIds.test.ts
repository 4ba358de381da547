import { randomId } from '../../src/platform/randomIds';

describe('randomId', () => {
  it('gives ids of the asked length in the asked encoding', () => {
    expect(randomId(8, 'hex')).toMatch(/^[0-9a-f]{16}$/);
    expect(randomId(9, 'base64url')).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(randomId(12, 'base64url')).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });

  it('never hands out the same bytes twice, across many refills of its pool', () => {
    // 20,000 ids of 9 bytes are 180 KB: some 44 refills of the 4 KB pool, ids straddling none.
    const ids = new Set<string>();
    for (let i = 0; i < 20_000; i++) ids.add(randomId(9, 'base64url'));
    expect(ids.size).toBe(20_000);
  });

  it('spreads its bytes evenly (no byte value stuck at zero or repeated)', () => {
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 4096; i++) {
      for (const byte of Buffer.from(randomId(16, 'hex'), 'hex')) counts[byte] += 1;
    }
    // 65,536 bytes: 256 expected per value; a value outside 150–370 is a broken source.
    expect(Math.min(...counts)).toBeGreaterThan(150);
    expect(Math.max(...counts)).toBeLessThan(370);
  });

  it('refuses sizes it cannot serve', () => {
    expect(() => randomId(0, 'hex')).toThrow(RangeError);
    expect(() => randomId(1.5, 'hex')).toThrow(RangeError);
    expect(() => randomId(4097, 'hex')).toThrow(RangeError);
  });
});

import { retryAfterMsOf } from '../../src/channels/line/errors';

describe('Retry-After', () => {
  const now = Date.parse('2024-01-16T06:00:00Z');

  it('reads seconds and HTTP dates as milliseconds from now', () => {
    expect(retryAfterMsOf('3', now)).toBe(3_000);
    expect(retryAfterMsOf(' 0 ', now)).toBe(0);
    expect(retryAfterMsOf('Tue, 16 Jan 2024 06:00:05 GMT', now)).toBe(5_000);
  });

  it('treats a date in the past as no wait, and anything unreadable as absent', () => {
    expect(retryAfterMsOf('Tue, 16 Jan 2024 05:00:00 GMT', now)).toBe(0);
    expect(retryAfterMsOf('soon', now)).toBeUndefined();
    expect(retryAfterMsOf('-1', now)).toBeUndefined();
    expect(retryAfterMsOf(null, now)).toBeUndefined();
    expect(retryAfterMsOf(undefined, now)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { retryAfterMs } from './retry-after';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

describe('retryAfterMs', () => {
  it('reads seconds', () => {
    expect(retryAfterMs(new Headers({ 'Retry-After': '2' }), NOW)).toBe(2000);
    expect(retryAfterMs({ 'retry-after': '0.5' }, NOW)).toBe(500);
  });

  it('reads an HTTP date against the given now', () => {
    const inThreeSeconds = new Date(NOW + 3000).toUTCString();

    expect(retryAfterMs({ 'Retry-After': inThreeSeconds }, NOW)).toBe(3000);
  });

  it('never returns a negative wait for a date in the past', () => {
    expect(retryAfterMs({ 'retry-after': new Date(NOW - 60_000).toUTCString() }, NOW)).toBe(0);
  });

  it('prefers retry-after-ms when the server sends it', () => {
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '1500', 'retry-after': '2' }), NOW)).toBe(
      1500,
    );
  });

  it('returns undefined when the server asked for nothing readable', () => {
    expect(retryAfterMs(undefined, NOW)).toBeUndefined();
    expect(retryAfterMs({}, NOW)).toBeUndefined();
    expect(retryAfterMs({ 'retry-after': 'soon' }, NOW)).toBeUndefined();
  });
});

import { GameEventSchema } from '@arena/models';
import { describe, expect, it } from 'vitest';
import { measureCodecLatency, sampleEvent } from './bench';

describe('bench', () => {
  it('builds valid sample events of about the size asked', () => {
    const event = sampleEvent('bench-1', 3, 2048);
    expect(GameEventSchema.parse(event)).toStrictEqual(event);
    expect(Buffer.byteLength(JSON.stringify(event))).toBeGreaterThanOrEqual(2040);
    expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThanOrEqual(2056);
  });

  it('times the codec and dedupe per message', () => {
    const result = measureCodecLatency({ messages: 50, warmup: 5, messageBytes: 512 });
    expect(result.messages).toBe(50);
    for (const value of [result.medianMs, result.p95Ms, result.meanMs]) {
      expect(value).toBeGreaterThan(0);
    }
    expect(result.p95Ms).toBeGreaterThanOrEqual(result.medianMs);
  });
});

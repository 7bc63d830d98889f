import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DLQ_HEADERS, failureHeaders, parseDeadLetter, selectDeadLetters } from './dead-letters';
import { BUS_ERROR_CODES } from './errors';

const failedAt = new Date('2026-02-03T04:05:06.000Z');

describe('dead letters', () => {
  it('records the failure in headers and reads it back beside the original headers', () => {
    const failure = failureHeaders({
      error: Object.assign(new Error('table locked'), { code: 'STORE_BUSY' }),
      attempts: 3,
      topic: 'arena.game-events',
      partition: 5,
      offset: '42',
      group: 'arena-runners',
      failedAt,
    });
    const letter = parseDeadLetter('0:7', {
      key: 'g-1',
      value: Buffer.from('{"seq":1}'),
      headers: { 'event-id': 'g-1:1', [DLQ_HEADERS.replayedFrom]: '0:3', ...failure },
    });
    expect(letter).toEqual({
      id: '0:7',
      topic: 'arena.game-events',
      partition: 5,
      offset: '42',
      key: 'g-1',
      headers: { 'event-id': 'g-1:1', 'dlq-replayed-from': '0:3' },
      value: '{"seq":1}',
      encoding: 'utf8',
      error: { code: 'STORE_BUSY', message: 'table locked', attempts: 3 },
      group: 'arena-runners',
      failedAt: failedAt.toISOString(),
    });
  });

  it('shows gzipped or binary bodies as base64 and fills a missing failure', () => {
    const body = gzipSync(Buffer.from('{}'));
    const gzipped = parseDeadLetter('0:1', {
      key: null,
      value: body,
      headers: { 'content-encoding': 'gzip' },
    });
    expect(gzipped).toMatchObject({
      value: body.toString('base64'),
      encoding: 'base64',
      partition: null,
      offset: null,
      group: null,
      error: { code: BUS_ERROR_CODES.HANDLER_FAILED, attempts: 0 },
    });
    const binary = parseDeadLetter('0:2', {
      key: 'k',
      value: Buffer.from([0xff, 0xfe]),
      headers: {},
    });
    expect(binary.encoding).toBe('base64');
  });

  it('selects by id in the order asked, and names unknown ids', () => {
    const entries = [{ id: '0:1' }, { id: '0:2' }, { id: '0:3' }];
    expect(selectDeadLetters(entries, ['0:3', '0:1'])).toEqual([{ id: '0:3' }, { id: '0:1' }]);
    expect(selectDeadLetters(entries, 'all')).toEqual(entries);
    expect(() => selectDeadLetters(entries, ['0:1', '9:9', '8:8'])).toThrow(
      expect.objectContaining({
        code: BUS_ERROR_CODES.UNKNOWN_DEAD_LETTER,
        message: expect.stringContaining('9:9, 8:8'),
      }),
    );
  });
});

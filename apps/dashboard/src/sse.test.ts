import { describe, expect, it } from 'vitest';
import { createSseParser } from './sse';

describe('createSseParser', () => {
  it('parses the runner frames: id, event and JSON data', () => {
    const parser = createSseParser();
    const out = parser.push(
      'id: 0\nevent: game_created\ndata: {"seq":0}\n\nid: 1\nevent: turn_started\ndata: {"seq":1}\n\n',
    );
    expect(out).toEqual([
      { id: '0', event: 'game_created', data: '{"seq":0}' },
      { id: '1', event: 'turn_started', data: '{"seq":1}' },
    ]);
    expect(parser.pending).toBe('');
  });

  it('completes a message split across chunks anywhere', () => {
    const text = 'id: 7\nevent: x\ndata: {"a":"b c"}\n\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const parser = createSseParser();
      const out = [...parser.push(text.slice(0, cut)), ...parser.push(text.slice(cut))];
      expect(out).toEqual([{ id: '7', event: 'x', data: '{"a":"b c"}' }]);
    }
  });

  it('accepts CRLF and CR line ends, even when a CRLF is split', () => {
    const parser = createSseParser();
    expect(parser.push('data: a\r')).toEqual([]);
    expect(parser.push('\n\r\n')).toEqual([{ id: null, event: 'message', data: 'a' }]);
    expect(parser.push('data: b\r\rdata: c\n\n')).toEqual([
      { id: null, event: 'message', data: 'b' },
      { id: null, event: 'message', data: 'c' },
    ]);
  });

  it('skips comments (keep-alives), joins data lines, keeps the last id', () => {
    const parser = createSseParser();
    const out = parser.push(
      ': keep-alive\n\nid: 4\ndata: one\ndata:two\ndata\n\n: heartbeat\n\ndata: next\n\n',
    );
    expect(out).toEqual([
      { id: '4', event: 'message', data: 'one\ntwo\n' },
      { id: '4', event: 'message', data: 'next' },
    ]);
  });

  it('does not dispatch a message without data, nor an unfinished one', () => {
    const parser = createSseParser();
    expect(parser.push('event: lonely\n\nid: 9\n\ndata: half')).toEqual([]);
    expect(parser.pending).toBe('data: half');
  });
});

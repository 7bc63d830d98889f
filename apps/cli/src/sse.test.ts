import { describe, expect, it } from 'vitest';
import { createSseParser } from './sse';

describe('createSseParser', () => {
  it('parses messages split anywhere across chunks, skipping comments', () => {
    const text =
      ': keep-alive\n\nid: 1\nevent: turn_started\ndata: {"seq":1}\n\nid: 2\r\nevent: x\r\ndata: a\r\ndata: b\r\n\r\n';
    const whole = createSseParser().push(text);
    expect(whole).toEqual([
      { id: '1', event: 'turn_started', data: '{"seq":1}' },
      { id: '2', event: 'x', data: 'a\nb' },
    ]);
    const parser = createSseParser();
    const pieces = [...text].flatMap((char) => parser.push(char));
    expect(pieces).toEqual(whole);
  });

  it('keeps an unfinished message until its blank line arrives', () => {
    const parser = createSseParser();
    expect(parser.push('id: 7\ndata: {}\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ id: '7', event: null, data: '{}' }]);
  });
});

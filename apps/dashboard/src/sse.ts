/** One Server-Sent Events message. */
export interface SseMessage {
  /** The `id:` field, or null when the message had none. */
  id: string | null;
  /** The `event:` field; `message` when absent, as in the EventSource standard. */
  event: string;
  /** The `data:` lines joined with `\n`. */
  data: string;
}

/** Incremental SSE parser: feed it text as it arrives, in chunks of any size. */
export interface SseParser {
  /** Parse a chunk; returns the messages it completed. */
  push(chunk: string): SseMessage[];
  /** Text received but not yet completed by a blank line. */
  readonly pending: string;
}

/**
 * Parse a `text/event-stream` incrementally, following the HTML standard's rules: lines end with
 * `\n`, `\r\n` or `\r`; a blank line dispatches; `:` starts a comment (keep-alives); a field
 * without a colon has an empty value; one leading space of a value is dropped; a message without
 * data is not dispatched.
 *
 * @example
 * const parser = createSseParser();
 * parser.push('id: 3\nevent: turn_started\nda'); // []
 * parser.push('ta: {}\n\n'); // [{ id: '3', event: 'turn_started', data: '{}' }]
 */
export function createSseParser(): SseParser {
  let buffer = '';
  let id: string | null = null;
  let event = '';
  let data: string[] = [];
  let hasData = false;

  const line = (text: string, out: SseMessage[]): void => {
    if (text === '') {
      if (hasData) out.push({ id, event: event || 'message', data: data.join('\n') });
      event = '';
      data = [];
      hasData = false;
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') {
      data.push(value);
      hasData = true;
    } else if (field === 'event') event = value;
    else if (field === 'id' && !value.includes('\0')) id = value;
  };

  return {
    push(chunk: string): SseMessage[] {
      buffer += chunk;
      const out: SseMessage[] = [];
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer[i];
        if (c !== '\n' && c !== '\r') continue;
        // A `\r` at the very end may be the first half of `\r\n`: wait for the next chunk.
        if (c === '\r' && i === buffer.length - 1) break;
        line(buffer.slice(start, i), out);
        if (c === '\r' && buffer[i + 1] === '\n') i++;
        start = i + 1;
      }
      buffer = buffer.slice(start);
      return out;
    },
    get pending() {
      return buffer;
    },
  };
}

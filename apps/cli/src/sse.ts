/** One Server-Sent Events message: its `id`, `event` type and `data` (lines joined by `\n`). */
export interface SseMessage {
  id: string | null;
  event: string | null;
  data: string;
}

/**
 * An incremental Server-Sent Events parser: feed it text as it arrives (chunks may split lines
 * and messages anywhere) and it returns the messages completed so far. Comments (`: keep-alive`)
 * are skipped; `\r\n` and `\r` line ends are accepted.
 *
 * @example
 * const parser = createSseParser();
 * for (const message of parser.push('id: 3\nevent: turn_started\ndata: {}\n\n')) handle(message);
 */
export function createSseParser(): { push(chunk: string): SseMessage[] } {
  let buffer = '';
  let message: SseMessage = { id: null, event: null, data: '' };
  let hasData = false;
  const take = (line: string, done: SseMessage[]) => {
    if (line === '') {
      if (hasData || message.id !== null || message.event !== null) done.push(message);
      message = { id: null, event: null, data: '' };
      hasData = false;
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') message.id = value;
    else if (field === 'event') message.event = value;
    else if (field === 'data') {
      message.data = hasData ? `${message.data}\n${value}` : value;
      hasData = true;
    }
  };
  return {
    push(chunk) {
      buffer += chunk;
      const done: SseMessage[] = [];
      for (;;) {
        const match = /\r\n|\r|\n/.exec(buffer);
        // A lone `\r` at the end may be the first half of `\r\n`: wait for more.
        if (!match || (match[0] === '\r' && match.index === buffer.length - 1)) break;
        take(buffer.slice(0, match.index), done);
        buffer = buffer.slice(match.index + match[0].length);
      }
      return done;
    },
  };
}

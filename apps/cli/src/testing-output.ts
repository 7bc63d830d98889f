import type { Output, Style } from './output';

/**
 * An {@link Output} that records lines instead of printing them (colours off, not a terminal).
 * Progress (spinners, bars) is recorded apart, in `progress`, as the plain text it writes.
 */
export function recordingOutput(): Output & {
  stdout: string[];
  stderr: string[];
  progress: { isTTY: false; write(text: string): void; text: string[] };
} {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const text: string[] = [];
  return {
    stdout,
    stderr,
    color: false,
    tty: false,
    progress: { isTTY: false, write: (chunk: string) => void text.push(chunk), text },
    line: (text = '') => void stdout.push(text),
    json: (value) => void stdout.push(JSON.stringify(value)),
    error: (text) => void stderr.push(text),
    paint: (_style: Style, text: string) => text,
  };
}

import type { Output, Style } from './output';

/** An {@link Output} that records lines instead of printing them (colours off). */
export function recordingOutput(): Output & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    color: false,
    line: (text = '') => void stdout.push(text),
    json: (value) => void stdout.push(JSON.stringify(value)),
    error: (text) => void stderr.push(text),
    paint: (_style: Style, text: string) => text,
  };
}

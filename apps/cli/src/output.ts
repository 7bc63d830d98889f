import { hasErrorCode } from '@arena/models';
import type { ProgressStream } from './progress';

/** Exit codes of the `arena` command. */
export const EXIT = { ok: 0, failure: 1, badInput: 2 } as const;

export interface Output {
  line(text?: string): void;
  json(value: unknown): void;
  error(text: string): void;
  readonly color: boolean;
  paint(style: Style, text: string): string;
  /** True when stdout is a terminal (not a pipe or a file). */
  readonly tty: boolean;
  /**
   * Where spinners and progress bars go (stderr, so stdout stays clean for data). They animate
   * only when stdout and stderr are both terminals; otherwise they print plain lines.
   */
  readonly progress: ProgressStream;
}

export type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan';

const CODES: Record<Style, [number, number]> = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  magenta: [35, 39],
  cyan: [36, 39],
};

/**
 * Everything the CLI prints goes through here: colours only on a TTY and never with NO_COLOR
 * (or TERM=dumb); progress animates only on a terminal.
 */
export function createOutput(
  stdout: NodeJS.WriteStream = process.stdout,
  stderr: NodeJS.WriteStream = process.stderr,
  env: Record<string, string | undefined> = process.env,
): Output {
  const tty = Boolean(stdout.isTTY);
  const dumb = env['TERM'] === 'dumb';
  const color = tty && env['NO_COLOR'] === undefined && !dumb;
  return {
    color,
    tty,
    progress: {
      isTTY: tty && Boolean(stderr.isTTY) && !dumb,
      write: (text) => void stderr.write(text),
    },
    line: (text = '') => void stdout.write(`${text}\n`),
    json: (value) => void stdout.write(`${JSON.stringify(value)}\n`),
    error: (text) => void stderr.write(`${text}\n`),
    paint: (style, text) =>
      color ? `\u001b[${CODES[style][0]}m${text}\u001b[${CODES[style][1]}m` : text,
  };
}

/** Bad input (flags, files, ids) is exit 2; anything else is exit 1. */
export function exitCodeFor(error: unknown): number {
  if (
    typeof error === 'object' &&
    error !== null &&
    (error as { category?: unknown }).category === 'user'
  ) {
    return EXIT.badInput;
  }
  if (hasErrorCode(error, 'ARG_INVALID')) return EXIT.badInput;
  return EXIT.failure;
}

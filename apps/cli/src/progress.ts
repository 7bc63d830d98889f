/**
 * Spinners and progress bars for long work. On a terminal they redraw one line in place; on
 * anything else (a pipe, a file, CI logs) they degrade to plain lines, one per change.
 */

/** Where progress is drawn: a terminal or a plain stream. */
export interface ProgressStream {
  /** True when the stream is a terminal that understands `\r` and erasing a line. */
  readonly isTTY: boolean;
  write(text: string): void;
}

/** Erase the current terminal line and return to its start. */
const CLEAR_LINE = '\r\u001b[2K';
const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A spinner for work of unknown length. */
export interface Spinner {
  /** Change the text shown beside the spinner. */
  update(text: string): void;
  /** Stop with a success mark and `text` (default: the current text). */
  succeed(text?: string): void;
  /** Stop with a failure mark and `text` (default: the current text). */
  fail(text?: string): void;
  /** Stop and erase the spinner without a final line. */
  stop(): void;
}

export interface SpinnerOptions {
  /** Time between frames on a terminal. @default 80 */
  intervalMs?: number;
  /** Marks for the final line. @default ✓ and ✗ */
  marks?: { ok: string; failed: string };
}

/**
 * Start a spinner showing `text`. On a terminal it animates until stopped; elsewhere it writes
 * `text…` once, each changed text as a line, and the final line.
 *
 * @example
 * const spinner = startSpinner(out.progress, 'Applying migrations');
 * try { await migrate(); spinner.succeed('Migrations applied'); } catch (e) { spinner.fail(); throw e; }
 */
export function startSpinner(
  stream: ProgressStream,
  text: string,
  options: SpinnerOptions = {},
): Spinner {
  const marks = options.marks ?? { ok: '✓', failed: '✗' };
  let current = text;
  let frame = 0;
  let active = true;
  const draw = () => stream.write(`${CLEAR_LINE}${FRAMES[frame % FRAMES.length]} ${current}`);
  let timer: NodeJS.Timeout | undefined;
  if (stream.isTTY) {
    draw();
    timer = setInterval(() => {
      frame += 1;
      draw();
    }, options.intervalMs ?? 80);
    timer.unref();
  } else {
    stream.write(`${current}…\n`);
  }
  const finish = (line: string | null) => {
    if (!active) return;
    active = false;
    clearInterval(timer);
    if (stream.isTTY) stream.write(CLEAR_LINE);
    if (line !== null) stream.write(`${line}\n`);
  };
  return {
    update: (next) => {
      if (!active || next === current) return;
      current = next;
      if (stream.isTTY) draw();
      else stream.write(`${current}…\n`);
    },
    succeed: (final) => finish(`${marks.ok} ${final ?? current}`),
    fail: (final) => finish(`${marks.failed} ${final ?? current}`),
    stop: () => finish(null),
  };
}

/** A bar for work of known size (games of a round, items of a list). */
export interface ProgressBar {
  /** Set how much is done (0..total) and optionally the label. */
  update(done: number, label?: string): void;
  /** Print a line above the bar (the bar is redrawn under it on a terminal). */
  log(print: () => void): void;
  /** Remove the bar (a terminal line is erased; plain output prints nothing more). */
  stop(): void;
}

export interface ProgressBarOptions {
  total: number;
  label: string;
  /** Cells of the bar. @default 24 */
  width?: number;
}

/** The text of a bar: `[██████░░░░░░] 3/6 label`. */
export function barText(done: number, total: number, label: string, width = 24): string {
  const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
  const filled = Math.round(ratio * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total} ${label}`;
}

/**
 * Start a progress bar. On a terminal the bar stays on the last line and is redrawn as work
 * advances; elsewhere each change of `done` prints one plain line `done/total label`.
 *
 * @example
 * const bar = startProgressBar(out.progress, { total: 4, label: 'games of round 1' });
 * bar.log(() => out.line('  ended g-1'));
 * bar.update(1);
 */
export function startProgressBar(stream: ProgressStream, options: ProgressBarOptions): ProgressBar {
  let done = 0;
  let label = options.label;
  let active = true;
  const text = () => barText(done, options.total, label, options.width);
  const draw = () => stream.write(`${CLEAR_LINE}${text()}`);
  if (stream.isTTY) draw();
  return {
    update: (next, nextLabel) => {
      if (!active) return;
      const changed = next !== done || (nextLabel !== undefined && nextLabel !== label);
      done = next;
      label = nextLabel ?? label;
      if (!changed) return;
      if (stream.isTTY) draw();
      else stream.write(`${done}/${options.total} ${label}\n`);
    },
    log: (print) => {
      if (!active || !stream.isTTY) {
        print();
        return;
      }
      stream.write(CLEAR_LINE);
      print();
      draw();
    },
    stop: () => {
      if (!active) return;
      active = false;
      if (stream.isTTY) stream.write(CLEAR_LINE);
    },
  };
}

/** A stream that draws nothing (for `--json` output, where progress would only get in the way). */
export const SILENT_PROGRESS: ProgressStream = { isTTY: false, write: () => undefined };

import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOutput } from './output';
import { barText, startProgressBar, startSpinner, type ProgressStream } from './progress';

function stream(isTTY: boolean): ProgressStream & { text: () => string } {
  const chunks: string[] = [];
  return { isTTY, write: (t) => void chunks.push(t), text: () => chunks.join('') };
}

afterEach(() => vi.useRealTimers());

describe('spinner', () => {
  it('prints plain lines when the stream is not a terminal: no escape codes, no frames', () => {
    const s = stream(false);
    const spinner = startSpinner(s, 'Applying migrations');
    spinner.update('Applying migrations (2 of 3)');
    spinner.update('Applying migrations (2 of 3)');
    spinner.succeed('Applied 3 migrations');
    spinner.fail('ignored after the end');
    expect(s.text()).toBe(
      'Applying migrations…\nApplying migrations (2 of 3)…\n✓ Applied 3 migrations\n',
    );
    expect(s.text()).not.toContain('\u001b');
  });

  it('animates in place on a terminal and ends with one final line', () => {
    vi.useFakeTimers();
    const s = stream(true);
    const spinner = startSpinner(s, 'Checking', { intervalMs: 10 });
    vi.advanceTimersByTime(35);
    spinner.fail('Checking failed');
    const text = s.text();
    const frames = text.split('\r\u001b[2K').filter((f) => /^[⠋⠙⠹⠸] Checking$/.test(f));
    expect(frames).toEqual(['⠋ Checking', '⠙ Checking', '⠹ Checking', '⠸ Checking']);
    expect(text.endsWith('\r\u001b[2K✗ Checking failed\n')).toBe(true);
    // Stopped: no more frames.
    vi.advanceTimersByTime(100);
    expect(s.text()).toBe(text);
  });

  it('stop erases the spinner without a final line', () => {
    const tty = stream(true);
    startSpinner(tty, 'Working').stop();
    expect(tty.text().endsWith('\r\u001b[2K')).toBe(true);
    const plain = stream(false);
    startSpinner(plain, 'Working').stop();
    expect(plain.text()).toBe('Working…\n');
  });
});

describe('progress bar', () => {
  it('renders the proportion done', () => {
    expect(barText(0, 4, 'games', 8)).toBe('[░░░░░░░░] 0/4 games');
    expect(barText(3, 4, 'games', 8)).toBe('[██████░░] 3/4 games');
    expect(barText(5, 4, 'games', 8)).toBe('[████████] 5/4 games');
    expect(barText(0, 0, 'games', 4)).toBe('[████] 0/0 games');
  });

  it('prints one plain line per change when not a terminal, and log lines as they come', () => {
    const s = stream(false);
    const logged: string[] = [];
    const bar = startProgressBar(s, { total: 3, label: 'games', width: 6 });
    bar.log(() => logged.push('ended g-1'));
    bar.update(1);
    bar.update(1);
    bar.update(2, 'games of round 2');
    bar.stop();
    bar.update(3);
    expect(s.text()).toBe('1/3 games\n2/3 games of round 2\n');
    expect(logged).toEqual(['ended g-1']);
  });

  it('keeps the bar on the last terminal line, redrawn under logged lines', () => {
    const s = stream(true);
    const bar = startProgressBar(s, { total: 2, label: 'games', width: 4 });
    bar.log(() => s.write('ended g-1\n'));
    bar.update(1);
    bar.stop();
    expect(s.text()).toBe(
      '\r\u001b[2K[░░░░] 0/2 games' +
        '\r\u001b[2Kended g-1\n\r\u001b[2K[░░░░] 0/2 games' +
        '\r\u001b[2K[██░░] 1/2 games' +
        '\r\u001b[2K',
    );
  });
});

describe('output', () => {
  const tty = (isTTY: boolean) => Object.assign(new PassThrough(), { isTTY }) as never;

  it('animates progress and colours only on a terminal, and never colours with NO_COLOR', () => {
    const onTerminal = createOutput(tty(true), tty(true), {});
    expect(onTerminal).toMatchObject({ tty: true, color: true, progress: { isTTY: true } });
    const piped = createOutput(tty(false), tty(true), {});
    expect(piped).toMatchObject({ tty: false, color: false, progress: { isTTY: false } });
    const noColor = createOutput(tty(true), tty(true), { NO_COLOR: '1' });
    expect(noColor).toMatchObject({ color: false, progress: { isTTY: true } });
    expect(noColor.paint('red', 'x')).toBe('x');
    const dumb = createOutput(tty(true), tty(true), { TERM: 'dumb' });
    expect(dumb).toMatchObject({ color: false, progress: { isTTY: false } });
  });
});

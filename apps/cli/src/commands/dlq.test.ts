import { describe, expect, it } from 'vitest';
import { runArena } from '../cli-run.fixture';

describe('arena dlq on the in-process bus', () => {
  it('lists no dead letters, saying how long the in-process bus keeps them', async () => {
    const run = await runArena(['dlq', 'list']);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toBe(
      'No dead letters (the in-process bus keeps them only while its process runs).',
    );
    const json = await runArena(['dlq', 'list', '--limit', '5', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toEqual([]);
  });

  it('replays every dead letter (none here) and refuses an unknown id', async () => {
    const all = await runArena(['dlq', 'replay', '--all', '--json']);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.out)).toEqual({ replayed: 0 });
    const unknown = await runArena(['dlq', 'replay', '0:17']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('0:17');
  });

  it.each([
    [['dlq'], /dlq takes one subcommand, one of: list, replay \(got none\)/],
    [['dlq', 'purge'], /one of: list, replay \(got purge\)/],
    [['dlq', 'list', '0:1'], /dlq list takes no ids/],
    [['dlq', 'list', '--all'], /--all applies only to arena dlq replay/],
    [['dlq', 'list', '--limit', '0'], /--limit: must be at least 1/],
    [['dlq', 'list', '--limit', 'ten'], /--limit: must be a whole number from 1 to 100000/],
    [
      ['dlq', 'replay'],
      /dlq replay takes dead-letter ids \(from arena dlq list\) or --all, not both/,
    ],
    [['dlq', 'replay', '0:1', '--all'], /ids \(from arena dlq list\) or --all, not both/],
    [['dlq', 'replay', '--all', '--limit', '3'], /--limit applies only to arena dlq list/],
    [
      ['dlq', 'list', '--since', 'x'],
      /Unknown option '--since'.*Allowed flags: --limit, --all, --json, --help/,
    ],
  ])('rejects %j with exit code 2', async (argv, message) => {
    const run = await runArena(argv);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(message);
  });
});

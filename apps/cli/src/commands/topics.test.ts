import { describe, expect, it } from 'vitest';
import { CATALOGUE_TOPICS, TOPICS } from '@arena/message-bus';
import { runArena } from '../cli-run.fixture';

describe('arena topics on the in-process bus', () => {
  it('lists the whole catalogue with what it asks of the broker', async () => {
    const run = await runArena(['topics', 'list', '--json']);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const listed = JSON.parse(run.out) as {
      name: string;
      physicalName: string;
      catalogue: { partitions: number; compacted: boolean; purpose: string };
    }[];
    expect(listed.map((t) => t.name)).toEqual(CATALOGUE_TOPICS.map((t) => t.name));
    expect(listed.find((t) => t.name === TOPICS.state)?.catalogue).toMatchObject({
      partitions: 12,
      compacted: true,
    });

    const text = await runArena(['topics', 'list']);
    expect(text.code).toBe(0);
    expect(text.lines[0]).toBe(
      `${CATALOGUE_TOPICS.length} catalogue topics on the in-process bus; (n) = partitions the catalogue asks for`,
    );
    expect(text.out).toMatch(/^arena\.leaderboard\s.*\sforever\s+compact\s+Standings at game end/m);
    expect(text.out).toMatch(/^arena\.orchestration-commands\s.*\s7d\s+delete\s/m);
  });

  it('describes one topic and creates the catalogue without failing', async () => {
    const described = await runArena(['topics', 'describe', TOPICS.deadLetters, '--json']);
    expect(described.code).toBe(0);
    expect(JSON.parse(described.out)).toMatchObject({
      name: TOPICS.deadLetters,
      catalogue: { partitions: 1, retentionMs: null },
    });
    const text = await runArena(['topics', 'describe', TOPICS.gameEvents]);
    expect(text.code).toBe(0);
    expect(text.lines[0]).toBe(TOPICS.gameEvents);
    expect(text.out).toContain('catalogue: 12 partitions, retention forever, cleanup delete');

    const created = await runArena(['topics', 'create', '--strict', '--json']);
    expect(created.code).toBe(0);
    const results = JSON.parse(created.out) as { name: string; outcome: string }[];
    expect(results.map((r) => r.name)).toEqual(CATALOGUE_TOPICS.map((t) => t.name));
    expect(results.every((r) => r.outcome !== 'failed')).toBe(true);
  });

  it.each([
    [['topics'], /topics takes one subcommand, one of: list, create, describe \(got none\)/],
    [['topics', 'drop'], /one of: list, create, describe \(got drop\)/],
    [['topics', 'list', TOPICS.gameEvents], /topics list takes no names/],
    [['topics', 'describe'], /topics describe takes exactly one topic name \(got 0\)/],
    [
      ['topics', 'describe', 'game-events'],
      /"game-events" is not a catalogue topic; one of: arena\.game-events, /,
    ],
    [['topics', 'create', TOPICS.turns, 'arena.nope'], /"arena\.nope" is not a catalogue topic/],
    [['topics', 'list', '--strict'], /--strict applies only to arena topics create/],
    [
      ['topics', 'list', '--partitions', '3'],
      /Unknown option '--partitions'.*Allowed flags: --strict, --json, --help/,
    ],
  ])('rejects %j with exit code 2', async (argv, message) => {
    const run = await runArena(argv);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(message);
  });

  it('rejects bus settings before connecting, naming the variable', async () => {
    const run = await runArena(['topics', 'list'], { ARENA_BUS: 'kafka' });
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/KAFKA_BROKERS: required with ARENA_BUS=kafka/);
  });
});

import { describe, expect, it } from 'vitest';
import { hasErrorCode, safeValidate, type Issue } from '@arena/models';
import { SeriesConfigSchema } from './series-config';
import { entrantIds } from './series.fixture';

const base = { scenario: 'city-water', entrants: entrantIds(6) };

function issuesOf(input: unknown): Issue[] {
  const result = safeValidate(SeriesConfigSchema, input, 'series config');
  if (result.ok) throw new Error('expected the config to be rejected');
  expect(hasErrorCode(result.error, 'ARENA_INVALID_INPUT')).toBe(true);
  return result.error.details['issues'] as Issue[];
}

describe('SeriesConfigSchema', () => {
  it('fills every default, including the parameters that depend on the entrants', () => {
    const koth = SeriesConfigSchema.parse({ ...base, format: 'king-of-the-hill' });
    expect(koth).toMatchObject({
      seatsPerGame: 4,
      seed: 1,
      concurrency: 1,
      names: 'own',
      maxTurns: 40,
      games: 6,
      champion: 'e1',
    });
    expect(SeriesConfigSchema.parse({ ...base, format: 'round-robin' })).toMatchObject({
      poolSize: 6,
      rounds: 1,
    });
    expect(SeriesConfigSchema.parse({ ...base, format: 'swiss' })).toMatchObject({ rounds: 3 });
    expect(SeriesConfigSchema.parse({ ...base, format: 'single-elimination' })).toMatchObject({
      advance: 1,
    });
  });

  it('derives the same id from the same definition and keeps a given one', () => {
    const a = SeriesConfigSchema.parse({ ...base, format: 'swiss' });
    const b = SeriesConfigSchema.parse({ ...base, format: 'swiss', rounds: 3, seatsPerGame: 4 });
    const c = SeriesConfigSchema.parse({ ...base, format: 'swiss', seed: 2 });
    expect(a.id).toMatch(/^s-[0-9a-f]{8}$/);
    expect(b.id).toBe(a.id);
    expect(c.id).not.toBe(a.id);
    expect(SeriesConfigSchema.parse({ ...base, format: 'swiss', id: 'spring-cup' }).id).toBe(
      'spring-cup',
    );
  });

  it('gives back its own output unchanged', () => {
    const config = SeriesConfigSchema.parse({
      ...base,
      entrants: ['e1', { character: 'e2', model: 'sim' }, 'e3', 'e4'],
      format: 'king-of-the-hill',
      champion: 'e3',
      names: 'rotate',
    });
    expect(SeriesConfigSchema.parse(JSON.parse(JSON.stringify(config)))).toEqual(
      JSON.parse(JSON.stringify(config)),
    );
  });

  it('names the format field and the allowed formats', () => {
    expect(issuesOf({ ...base, format: 'ladder' })).toEqual([
      {
        path: 'format',
        message: 'must be one of: king-of-the-hill, round-robin, swiss, single-elimination',
      },
    ]);
  });

  it('rejects a parameter of another format, naming the allowed fields', () => {
    const [issue] = issuesOf({ ...base, format: 'swiss', poolSize: 4 });
    expect(issue?.message).toMatch(/"poolSize" not allowed for format swiss; allowed: .*rounds/);
  });

  it.each([
    [{ seatsPerGame: 9 }, 'seatsPerGame', 'must be at most 8'],
    [{ seatsPerGame: 8 }, 'entrants', '6 entrants cannot fill a game of 8 seats'],
    [{ entrants: ['e1', 'e2', 'e1', 'e3'] }, 'entrants.2', 'already entrant 0'],
    [{ concurrency: 0 }, 'concurrency', 'must be at least 1'],
    [{ names: 'hidden' }, 'names', ''],
    [{ maxTurns: 0 }, 'maxTurns', ''],
    [
      { entrants: [{ character: 'e1', model: 'gpt' }, 'e2', 'e3', 'e4'] },
      'entrants.0.model',
      'must be "sim", "openai:<model>"',
    ],
    [
      { entrants: [{ character: 'e1', champion: true }, 'e2', 'e3', 'e4'] },
      'entrants.0',
      '"champion" not allowed in an entrant; allowed: character, model',
    ],
  ])('rejects %j at %s', (change, path, message) => {
    const issues = issuesOf({ ...base, format: 'round-robin', ...change });
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path, message: expect.stringContaining(message) }),
      ]),
    );
  });

  it('checks the format parameters against the entrants and seats', () => {
    expect(issuesOf({ ...base, format: 'king-of-the-hill', champion: 'zed' })).toEqual([
      { path: 'champion', message: 'must be one of the entrants: e1, e2, e3, e4, e5, e6' },
    ]);
    expect(issuesOf({ ...base, format: 'round-robin', poolSize: 5 })[0]).toMatchObject({
      path: 'poolSize',
      message: expect.stringContaining('leave a pool of 3, fewer than seatsPerGame (4)'),
    });
    expect(issuesOf({ ...base, format: 'single-elimination', advance: 3 })[0]).toMatchObject({
      path: 'advance',
      message: 'must be at most half the seats (2 with seatsPerGame 4)',
    });
  });
});

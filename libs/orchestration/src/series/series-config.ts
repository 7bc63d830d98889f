import { z } from 'zod';
import { GameConfigSchema, ModelSpecSchema, hashString } from '@arena/models';
import { canonicalJson } from '../export';

export const SERIES_FORMATS = [
  'king-of-the-hill',
  'round-robin',
  'swiss',
  'single-elimination',
] as const;
export type SeriesFormat = (typeof SERIES_FORMATS)[number];

export const NAME_MODES = ['own', 'rotate'] as const;

/** Most entrants a series takes. */
export const MAX_ENTRANTS = 64;

const SERIES_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * An entrant: a character id or profile file, optionally with the model that plays it (the
 * configured seat model when absent). Which seat brings a champion's memory is the series' call.
 */
const EntrantSchema = z.union([
  z
    .string()
    .min(1)
    .transform((character) => ({ character, model: undefined as string | undefined })),
  z.strictObject(
    { character: z.string().min(1), model: ModelSpecSchema.optional() },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `${issue.keys.map((k) => `"${k}"`).join(', ')} not allowed in an entrant; allowed: character, model`
          : undefined,
    },
  ),
]);

const count = (min: number, max: number) =>
  z
    .number()
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

/** Game config fields every game of the series is played with. */
const gameFields = GameConfigSchema.pick({
  maxTurns: true,
  mode: true,
  policy: true,
  judge: true,
  narrator: true,
  summariser: true,
  bidder: true,
  budgets: true,
  context: true,
  rules: true,
}).shape;

const common = {
  /** Series id; when absent, derived from the rest (the same definition, the same id). */
  id: z
    .string()
    .regex(SERIES_ID, 'must be 1-64 letters, digits, "-" or "_", starting with a letter or digit')
    .optional(),
  /** Scenario id or path to a scenario file; every game plays it. */
  scenario: z.string().min(1),
  /** Character ids (or profile files), each optionally with the model that plays it. */
  entrants: z
    .array(EntrantSchema)
    .min(2, 'a series needs at least 2 entrants')
    .max(MAX_ENTRANTS, `a series has at most ${MAX_ENTRANTS} entrants`),
  /** Seats in each game. @default 4 */
  seatsPerGame: count(2, 8).default(4),
  /** Seed for the schedule and every game. @default 1 */
  seed: count(0, 2 ** 32 - 1).default(1),
  /** Games played at a time (within a round; king-of-the-hill is sequential). @default 1 */
  concurrency: count(1, 16).default(1),
  /**
   * `own`: characters play under their own names; `rotate`: under neutral names rotated across
   * games. @default own
   */
  names: z.enum(NAME_MODES).default('own'),
  ...gameFields,
};

/** Fields a format allows, for error messages. */
function strictFormat<S extends z.ZodRawShape>(format: SeriesFormat, shape: S) {
  const allowed = Object.keys(shape).sort().join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `${issue.keys.map((k) => `"${k}"`).join(', ')} not allowed for format ${format}; allowed: ${allowed}`
        : undefined,
  });
}

const KingOfTheHill = strictFormat('king-of-the-hill', {
  format: z.literal('king-of-the-hill'),
  ...common,
  /** Games to play. @default one per entrant */
  games: count(1, 1000).optional(),
  /** The first champion: one of the entrants' characters. @default the first entrant */
  champion: z.string().min(1).optional(),
});

const RoundRobin = strictFormat('round-robin', {
  format: z.literal('round-robin'),
  ...common,
  /** Largest pool; pools are of (nearly) equal size. @default all entrants in one pool */
  poolSize: count(2, MAX_ENTRANTS).optional(),
  /** Times every grouping of a pool plays (seats rotated each time). @default 1 */
  rounds: count(1, 20).default(1),
});

const Swiss = strictFormat('swiss', {
  format: z.literal('swiss'),
  ...common,
  /** Rounds to play. @default ⌈log2(entrants)⌉ */
  rounds: count(1, 50).optional(),
});

const SingleElimination = strictFormat('single-elimination', {
  format: z.literal('single-elimination'),
  ...common,
  /** Top finishers of each game who move on (at most half the seats). @default 1 */
  advance: count(1, 4).default(1),
});

type Variant =
  | z.output<typeof KingOfTheHill>
  | z.output<typeof RoundRobin>
  | z.output<typeof Swiss>
  | z.output<typeof SingleElimination>;

type Issue = { path: (string | number)[]; message: string };

/** Cross-field rules: enough entrants for a game, one seat per character, format limits. */
function crossFieldIssues(c: Variant): Issue[] {
  const issues: Issue[] = [];
  const n = c.entrants.length;
  if (n < c.seatsPerGame) {
    issues.push({
      path: ['entrants'],
      message: `${n} entrants cannot fill a game of ${c.seatsPerGame} seats; name at least ${c.seatsPerGame} or lower seatsPerGame`,
    });
  }
  const seen = new Map<string, number>();
  c.entrants.forEach((e, i) => {
    const earlier = seen.get(e.character);
    if (earlier !== undefined) {
      issues.push({
        path: ['entrants', i],
        message: `character "${e.character}" is already entrant ${earlier}; each character enters once`,
      });
    }
    seen.set(e.character, i);
  });
  if (c.format === 'king-of-the-hill' && c.champion !== undefined && !seen.has(c.champion)) {
    issues.push({
      path: ['champion'],
      message: `must be one of the entrants: ${[...seen.keys()].join(', ')}`,
    });
  }
  if (c.format === 'round-robin' && c.poolSize !== undefined) {
    const smallest = Math.floor(n / Math.ceil(n / c.poolSize));
    if (smallest < c.seatsPerGame) {
      issues.push({
        path: ['poolSize'],
        message: `pools of up to ${c.poolSize} from ${n} entrants leave a pool of ${smallest}, fewer than seatsPerGame (${c.seatsPerGame}); allowed: ${c.seatsPerGame} or more`,
      });
    }
  }
  if (c.format === 'single-elimination' && c.advance > Math.floor(c.seatsPerGame / 2)) {
    issues.push({
      path: ['advance'],
      message: `must be at most half the seats (${Math.floor(c.seatsPerGame / 2)} with seatsPerGame ${c.seatsPerGame})`,
    });
  }
  return issues;
}

/**
 * The id a definition gets when it names none: a hash of everything that shapes its games
 * (not its id, nor how many games run at a time).
 */
function deriveSeriesId(definition: object): string {
  const rest = Object.fromEntries(
    Object.entries(definition).filter(([key]) => key !== 'id' && key !== 'concurrency'),
  );
  return `s-${hashString(canonicalJson(rest)).toString(16).padStart(8, '0')}`;
}

/** Fill the defaults that depend on the entrants, and the id. */
function complete(c: Variant) {
  const n = c.entrants.length;
  const filled = (() => {
    switch (c.format) {
      case 'king-of-the-hill':
        return {
          ...c,
          games: c.games ?? n,
          champion: c.champion ?? (c.entrants[0]?.character as string),
        };
      case 'round-robin':
        return { ...c, poolSize: c.poolSize ?? n };
      case 'swiss':
        return { ...c, rounds: c.rounds ?? Math.max(1, Math.ceil(Math.log2(n))) };
      case 'single-elimination':
        return c;
    }
  })();
  return { ...filled, id: c.id ?? deriveSeriesId(filled) };
}

/**
 * A series definition: its format and parameters, entrants, seats per game and the game config
 * fields every game is played with. The output has every default filled in, including the id;
 * parsing it again gives it back unchanged.
 *
 * @example
 * const config = validate(SeriesConfigSchema, { format: 'swiss', scenario: 'city-water',
 *   entrants: ['amara-teodoro', 'idris-halloran', 'kestrel-obi', 'nadia-quell'], rounds: 3 },
 *   'series config');
 */
export const SeriesConfigSchema = z
  .discriminatedUnion('format', [KingOfTheHill, RoundRobin, Swiss, SingleElimination], {
    error: (issue) =>
      issue.code === 'invalid_union' ? `must be one of: ${SERIES_FORMATS.join(', ')}` : undefined,
  })
  .superRefine((c, ctx) => {
    for (const issue of crossFieldIssues(c)) ctx.addIssue({ code: 'custom', ...issue });
  })
  .transform(complete);

export type SeriesConfigInput = z.input<typeof SeriesConfigSchema>;
export type SeriesConfig = z.output<typeof SeriesConfigSchema>;

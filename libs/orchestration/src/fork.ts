import { z } from 'zod';
import { publishGameEvents } from '@arena/message-bus';
import {
  ArenaError,
  ModelSpecSchema,
  envelopeEvent,
  eventId,
  foldGame,
  zodIssues,
  type GameEvent,
  type GameSpec,
  type GameState,
  type Issue,
  type NewEvent,
} from '@arena/models';
import { ORCHESTRATION_ERROR_CODES } from './errors';
import { modelRuntimeOf, type GameServices } from './game-session';
import { modelSpecsOf } from './games';

/** What a fork changes: where it starts, and which models and seed play the rest. */
export const ForkOptionsSchema = z.strictObject({
  /** Id of the new game. */
  gameId: z.string().min(1, 'must name the new game'),
  /** Last turn copied from the source (0 copies nothing but the game's setup). */
  at: z.number().int('must be a whole number').min(0, 'must be 0 or more'),
  /** Seat number (1, 2, …) → the model that plays that seat from the fork on. */
  seats: z
    .record(z.string().regex(/^[1-9]\d*$/, 'must be a seat number (1, 2, …)'), ModelSpecSchema)
    .optional(),
  /** The judge panel from the fork on: 1 to 5 model specs. */
  judge: z
    .array(ModelSpecSchema)
    .min(1, 'name 1-5 model specs')
    .max(5, 'at most 5 judges')
    .optional(),
  /** Seed of the new game; the source's when absent. */
  seed: z
    .number()
    .int('must be a whole number')
    .min(0, 'must be 0 or more')
    .max(2 ** 32 - 1, `must be at most ${2 ** 32 - 1}`)
    .optional(),
});

export type ForkOptions = z.input<typeof ForkOptionsSchema>;

function invalidOptions(issues: Issue[]): ArenaError {
  const lines = issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n');
  return new ArenaError(`Invalid fork options:\n${lines}`, {
    code: ORCHESTRATION_ERROR_CODES.INVALID_FORK_OPTIONS,
    category: 'user',
    details: { issues },
  });
}

/**
 * The last turn a fork may start after. A running game's log always stops at a turn boundary,
 * so every turn it started is complete; an ended game's last turn ends with the game itself, so
 * a fork starts after the turn before it at the latest.
 */
export function lastForkableTurn(state: GameState): number {
  return state.status === 'ended' ? Math.max(0, state.turn - 1) : state.turn;
}

/**
 * How many of the source's events a fork after turn `at` copies: everything before the first
 * event of turn `at + 1` (its phase change, if any, then its `turn_started`). Turn 0 is the
 * opening, which a resumed game redoes, so a fork at 0 keeps only `game_created`.
 */
function copiedLength(events: readonly GameEvent[], at: number): number {
  if (at === 0) return 1;
  const next = events.findIndex((e) => e.type === 'turn_started' && e.payload.turn === at + 1);
  if (next === -1) {
    const ended = events.findIndex((e) => e.type === 'game_ended');
    return ended === -1 ? events.length : ended;
  }
  let end = next;
  while (end > 1) {
    const before = events[end - 1];
    if (before?.type !== 'phase_changed' || before.payload.turn !== at + 1) break;
    end -= 1;
  }
  return end;
}

/** The source's spec with the fork's models and seed in place; seat numbers are checked. */
function forkedSpec(source: GameSpec, options: z.output<typeof ForkOptionsSchema>): GameSpec {
  const overrides = options.seats ?? {};
  const known = source.seats.map((s) => s.seat);
  const issues = Object.keys(overrides)
    .filter((seat) => !known.includes(Number(seat)))
    .map((seat) => ({
      path: `seats.${seat}`,
      message: `no seat ${seat} in the source game; its seats are ${known.join(', ')}`,
    }));
  if (issues.length > 0) throw invalidOptions(issues);
  return {
    ...source,
    seed: options.seed ?? source.seed,
    seats: source.seats.map((s) => {
      const model = overrides[String(s.seat)];
      return model ? { ...s, model } : s;
    }),
    officials: { ...source.officials, judge: options.judge ?? source.officials.judge },
  };
}

/**
 * Start a new game from a stored one as it stood after turn `at`: its `game_created` carries
 * the source's spec with the given seats' models, judge panel and seed replaced, and a link to
 * the source (`forkOf`); then the source's events up to the end of turn `at` follow, with the
 * new game's id (causation ids and the event ids a payload names are remapped). Everything is
 * written in one append; nothing is written to the source. Play the fork on with
 * {@link runGame}, exactly like a resumed game. With the source's seed and models the fork
 * plays out as the source did.
 *
 * Fails before anything is written when the options are invalid (errors name the field), `at`
 * is past the source's last complete turn, a model cannot be used or the id is taken.
 *
 * @example
 * const fork = await forkGame(services, await store.load('g-1'),
 *   { gameId: 'g-1-what-if', at: 10, seats: { 2: 'openai:gpt-4o-mini' } });
 * await runGame(services, fork.gameId);
 */
export async function forkGame(
  services: GameServices,
  sourceEvents: readonly GameEvent[],
  options: ForkOptions,
): Promise<GameState> {
  const parsed = ForkOptionsSchema.safeParse(options);
  if (!parsed.success) throw invalidOptions(zodIssues(parsed.error));
  const { gameId, at } = parsed.data;
  const created = sourceEvents[0];
  if (created?.type !== 'game_created') {
    throw new ArenaError('The source game has no events', {
      code: ORCHESTRATION_ERROR_CODES.GAME_NOT_FOUND,
      category: 'user',
      details: {},
    });
  }
  const source = foldGame(sourceEvents);
  const last = lastForkableTurn(source);
  if (at > last) {
    throw invalidOptions([
      {
        path: 'at',
        message: `must be at most ${last}: the last complete turn of ${source.gameId}${source.status === 'ended' ? ' before it ended' : ''}`,
      },
    ]);
  }
  const spec = forkedSpec(source.spec, parsed.data);
  modelRuntimeOf(services).check(modelSpecsOf(spec));
  if (await services.store.getGame(gameId)) {
    throw new ArenaError(`A game with id ${gameId} already exists`, {
      code: ORCHESTRATION_ERROR_CODES.GAME_EXISTS,
      category: 'user',
      details: { gameId },
    });
  }

  const now = services.clock.now();
  const remap = (id: string | null) =>
    id?.startsWith(`${source.gameId}:`)
      ? eventId(gameId, Number(id.slice(source.gameId.length + 1)))
      : id;
  const copied = sourceEvents.slice(1, copiedLength(sourceEvents, at)).map((e, i) => {
    const payload =
      e.type === 'ground_truth'
        ? { ...e.payload, subjectId: remap(e.payload.subjectId) ?? e.payload.subjectId }
        : e.payload;
    return envelopeEvent(gameId, i + 1, now, {
      type: e.type,
      payload,
      causationId: remap(e.causationId),
    } as NewEvent);
  });
  const events = [
    envelopeEvent(gameId, 0, now, {
      type: 'game_created',
      payload: { spec, forkOf: { gameId: source.gameId, turn: at } },
    }),
    ...copied,
  ];
  await services.store.append(events);
  await publishGameEvents(services.bus, events);
  return foldGame(events);
}

/**
 * Synthetic finished games for the rating benchmark: a `game_created` and a `game_ended` per
 * game, 4–8 seats drawn with a seeded RNG over a pool of characters and model specs, so the log
 * holds exactly what ratings read without playing the games.
 */
import {
  createRng,
  envelopeEvent,
  type CharacterProfile,
  type EndReason,
  type GameEvent,
  type Rng,
} from '@arena/models';
import { testProfiles, testSpec } from '@arena/models/testing';

export const BENCH_MODELS = [
  'sim',
  'openai:gpt-4o-mini',
  'anthropic:claude-sonnet-4-5',
  'ollama:llama3.1:8b',
  'openai:gpt-4.1',
  'openai-compatible:http://127.0.0.1:8000/v1#qwen2.5-7b',
] as const;

export interface SyntheticOptions {
  games: number;
  characters: number;
  seed: number;
  /** End time of the first game (ms since the epoch); each later game ends a minute after. */
  start: number;
}

const MIN_SEATS = 4;
const MAX_SEATS = 8;
/** Share of games stopped by an operator (aborted games are not rated). */
const ABORTED_SHARE = 0.02;

function characterPool(count: number): CharacterProfile[] {
  return Array.from({ length: count }, (_, i) => {
    const base = testProfiles[i % testProfiles.length] as CharacterProfile;
    const n = String(i + 1).padStart(2, '0');
    return { ...base, id: `bench-${n}`, name: `${base.name} ${n}` };
  });
}

function endReasonOf(rng: Rng): EndReason {
  if (rng.chance(ABORTED_SHARE)) return 'aborted';
  return rng.pick(['one_survivor', 'max_turns', 'solved'] as const);
}

/** One finished game's two events; places are a seeded permutation of the seats. */
function syntheticGame(
  index: number,
  pool: readonly CharacterProfile[],
  rng: Rng,
  endedAt: number,
): GameEvent[] {
  const gameId = `g-bench-${String(index).padStart(6, '0')}`;
  const seats = rng.shuffle(pool).slice(0, MIN_SEATS + rng.int(MAX_SEATS - MIN_SEATS + 1));
  const reason = endReasonOf(rng);
  const survivors = reason === 'one_survivor' ? 1 : 1 + rng.int(seats.length - 1);
  const places = rng.shuffle(seats.map((_, i) => i + 1));
  const spec = testSpec({
    seed: index,
    seats: seats.map((profile, i) => ({
      playerId: `P${i + 1}`,
      seat: i + 1,
      profile,
      model: rng.pick(BENCH_MODELS),
    })),
  });
  const standings = spec.seats.map((seat, i) => {
    const place = places[i] ?? i + 1;
    return {
      playerId: seat.playerId,
      name: seat.profile.name,
      points: seats.length - place,
      turns: 10,
      standing: seats.length - place,
      status: place <= survivors ? ('active' as const) : ('eliminated' as const),
      place,
    };
  });
  const winner = standings.find((s) => s.place === 1)?.playerId ?? null;
  return [
    envelopeEvent(gameId, 0, endedAt - 30_000, { type: 'game_created', payload: { spec } }),
    envelopeEvent(gameId, 1, endedAt, {
      type: 'game_ended',
      payload: {
        reason,
        detail: `Synthetic ${reason} game for the rating benchmark.`,
        abortCause: reason === 'aborted' ? 'operator_stop' : null,
        winnerId: reason === 'aborted' ? null : winner,
        standings,
      },
    }),
  ];
}

/** The games' event logs in the order they end, one array of events per game. */
export function* syntheticGames(options: SyntheticOptions): Generator<GameEvent[]> {
  const rng = createRng(options.seed);
  const pool = characterPool(options.characters);
  for (let i = 0; i < options.games; i++) {
    yield syntheticGame(i, pool, rng, options.start + i * 60_000);
  }
}

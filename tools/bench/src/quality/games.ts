import { createInMemoryBus } from '@arena/message-bus';
import {
  GAME_MODES,
  TURN_POLICIES,
  gameRng,
  steppingClock,
  type GameEvent,
  type GameSpec,
} from '@arena/models';
import { playGame, resolveGameSpec, type ContentCatalog } from '@arena/orchestration';
import { createMemoryEventStore } from '@arena/persistence';

/** Players per game, as in a default game. */
export const SEATS = 6;
/** Turns per game (the configuration's default). */
export const MAX_TURNS = 40;

/** Names given to the identical characters of the order-bias games; rotated over the seats. */
const NEUTRAL_NAMES = ['Avery', 'Blake', 'Casey', 'Devon', 'Emery', 'Frank'] as const;

const sorted = (ids: Iterable<string>) => [...ids].sort();

/**
 * Game `i` of the detection games: the three modes in turn, the shipped scenarios in turn, a
 * seeded cast of six different shipped characters and the default (weighted) turn policy.
 */
export function detectionSpec(catalog: ContentCatalog, i: number, seed: number): GameSpec {
  const scenarios = sorted(catalog.scenarios.keys());
  const characters = sorted(catalog.characters.keys());
  const cast = gameRng(seed, 'quality:cast').shuffle(characters).slice(0, SEATS);
  return resolveGameSpec(
    {
      scenario: scenarios[Math.floor(i / GAME_MODES.length) % scenarios.length] as string,
      players: cast.map((character) => ({ character, model: 'sim' })),
      seed,
      maxTurns: MAX_TURNS,
      mode: GAME_MODES[i % GAME_MODES.length] as GameSpec['mode'],
      policy: 'weighted',
    },
    catalog,
  );
}

/**
 * Game `i` of the order-bias games: one shipped character copied into every seat (only the id
 * and the displayed name differ, and the names rotate over the seats from game to game), the
 * modes, scenarios and turn policies in turn. Built from a resolved spec, because a game config
 * seats each character once.
 */
export function orderBiasSpec(catalog: ContentCatalog, i: number, seed: number): GameSpec {
  const scenarios = sorted(catalog.scenarios.keys());
  const characters = sorted(catalog.characters.keys());
  const character = characters[i % characters.length] as string;
  const other = characters[(i + 1) % characters.length] as string;
  const base = resolveGameSpec(
    {
      scenario: scenarios[Math.floor(i / GAME_MODES.length) % scenarios.length] as string,
      players: [
        { character, model: 'sim' },
        { character: other, model: 'sim' },
      ],
      seed,
      maxTurns: MAX_TURNS,
      mode: GAME_MODES[i % GAME_MODES.length] as GameSpec['mode'],
      policy: TURN_POLICIES[i % TURN_POLICIES.length] as GameSpec['policy'],
    },
    catalog,
  );
  const profile = base.seats[0]?.profile;
  if (!profile) throw new Error('the resolved spec has no seats');
  return {
    ...base,
    seats: Array.from({ length: SEATS }, (_, s) => ({
      playerId: `P${s + 1}`,
      seat: s + 1,
      profile: {
        ...profile,
        id: `${profile.id}-${s + 1}`,
        name: NEUTRAL_NAMES[(s + i) % SEATS] as string,
      },
      model: 'sim',
    })),
  };
}

/** Play one game on the in-memory store and bus; its whole event log. */
export async function playLogged(spec: GameSpec, gameId: string): Promise<GameEvent[]> {
  const store = createMemoryEventStore();
  const bus = createInMemoryBus({ validate: false });
  await playGame({ store, bus, clock: steppingClock() }, spec, { gameId });
  return store.load(gameId);
}

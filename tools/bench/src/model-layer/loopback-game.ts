import { performance } from 'node:perf_hooks';
import { createModelRuntime } from '@arena/agents';
import { createInMemoryBus } from '@arena/message-bus';
import { systemClock, type GameEvent, type GameState, type RulesOverride } from '@arena/models';
import {
  DEFAULT_CONTENT_DIR,
  DEFAULT_PLAYER_IDS,
  DEFAULT_SCENARIO_ID,
  loadContentCatalog,
  playGame,
  resolveGameSpec,
} from '@arena/orchestration';
import { createMemoryEventStore } from '@arena/persistence';

/** A game whose every seat and official is a chat model on one loopback server. */
export interface LoopbackGameOptions {
  /** Base URL of the loopback model server (`startLoopbackModel(…).url`). */
  url: string;
  seed: number;
  maxTurns: number;
  /** Rule overrides on top of the defaults and the scenario's. */
  rules?: RulesOverride;
}

/** What a played game left behind, and how long it took. */
export interface LoopbackGame {
  events: GameEvent[];
  final: GameState;
  /** Wall time of `playGame`, creation included (ms). */
  wallMs: number;
}

const catalog = loadContentCatalog(DEFAULT_CONTENT_DIR);

/**
 * Plays the shipped default game (six characters on the default scenario, round-robin) with the
 * players, a one-judge panel, the narrator and the summariser all on the OpenAI-compatible
 * loopback model at `url`, on an in-memory store and bus, and returns its event log.
 *
 * @example
 * const model = await startLoopbackModel(gameResponder({ delayMs: 200 }));
 * const { events, wallMs } = await playLoopbackGame({ url: model.url, seed: 1, maxTurns: 30 });
 */
export async function playLoopbackGame(options: LoopbackGameOptions): Promise<LoopbackGame> {
  const model = (name: string) => `openai-compatible:${options.url}/v1#${name}`;
  const spec = resolveGameSpec(
    {
      scenario: DEFAULT_SCENARIO_ID,
      players: DEFAULT_PLAYER_IDS.map((character) => ({ character, model: model('player') })),
      seed: options.seed,
      maxTurns: options.maxTurns,
      mode: 'competitive',
      policy: 'round-robin',
      judge: { panel: [model('judge')] },
      narrator: model('narrator'),
      summariser: model('summariser'),
      rules: options.rules,
    },
    catalog,
  );
  const services = {
    store: createMemoryEventStore(),
    bus: createInMemoryBus(),
    clock: systemClock,
    models: createModelRuntime({ timeoutMs: 30_000 }),
  };
  const gameId = `bench-models-${options.seed}-${options.maxTurns}`;
  const start = performance.now();
  const final = await playGame(services, spec, { gameId });
  const wallMs = performance.now() - start;
  const events = await services.store.load(gameId);
  await services.store.close();
  return { events, final, wallMs };
}

import {
  ArenaError,
  BudgetsSchema,
  ContextSchema,
  DEFAULT_RULES,
  RulesSchema,
  mergeRules,
  parseCharacterText,
  parseScenarioText,
  validate,
  type CharacterProfile,
  type GameConfig,
  type GameSpec,
  type Rules,
  type Scenario,
} from '@arena/models';
import { isFileReference, readContentFile, type ContentCatalog } from './catalog';
import { ORCHESTRATION_ERROR_CODES } from './errors';
import type { ModelDefaults } from './models';

/** Every role on the built-in simulator. */
export const SIM_DEFAULTS: ModelDefaults = { seat: 'sim', judge: ['sim'], narrator: 'sim' };

function list(ids: Iterable<string>): string {
  return [...ids].sort().join(', ');
}

/** A scenario by id from the catalog, or from a file path. */
export function resolveScenario(ref: string, catalog: ContentCatalog): Scenario {
  if (isFileReference(ref)) return readContentFile(ref, parseScenarioText);
  const scenario = catalog.scenarios.get(ref);
  if (!scenario) {
    throw new ArenaError(
      `scenario: unknown scenario "${ref}"; allowed: ${list(catalog.scenarios.keys())} (or a path to a scenario file)`,
      {
        code: ORCHESTRATION_ERROR_CODES.UNKNOWN_SCENARIO,
        category: 'user',
        details: { path: 'scenario', value: ref, allowed: [...catalog.scenarios.keys()] },
      },
    );
  }
  return scenario;
}

/**
 * A character by id from the catalog, or from a file path; `path` names the field it came from
 * in errors (`players.2`).
 */
export function resolveCharacter(
  ref: string,
  path: string,
  catalog: ContentCatalog,
): CharacterProfile {
  if (isFileReference(ref)) return readContentFile(ref, parseCharacterText);
  const character = catalog.characters.get(ref);
  if (!character) {
    throw new ArenaError(
      `${path}: unknown character "${ref}"; allowed: ${list(catalog.characters.keys())} (or a path to a character file)`,
      {
        code: ORCHESTRATION_ERROR_CODES.UNKNOWN_CHARACTER,
        category: 'user',
        details: {
          path,
          value: ref,
          allowed: [...catalog.characters.keys()],
        },
      },
    );
  }
  return character;
}

/**
 * The rules a game plays by: the defaults (ARENA.md), then the scenario's overrides, then the
 * game's, validated as a whole (errors name the field path, e.g. `rules.weights.mid`).
 */
export function effectiveRules(scenario: Scenario | null, overrides?: unknown): Rules {
  return validate(
    RulesSchema,
    mergeRules(DEFAULT_RULES, scenario?.rules, overrides),
    'rules',
    scenario
      ? `defaults + scenario ${scenario.id}${overrides ? ' + game overrides' : ''}`
      : 'defaults',
  );
}

/**
 * Turn a validated game config (ids or file paths) into a fully resolved, self-contained spec.
 * Rules are the defaults, then the scenario's overrides, then the game's, validated as a whole.
 * Models the config does not name come from `defaults` (configuration).
 */
export function resolveGameSpec(
  config: GameConfig & { seed: number },
  catalog: ContentCatalog,
  defaults: ModelDefaults = SIM_DEFAULTS,
): GameSpec {
  const scenario = resolveScenario(config.scenario, catalog);
  const seen = new Map<string, number>();
  const seats = config.players.map((p, i) => {
    const profile = resolveCharacter(p.character, `players.${i}`, catalog);
    const earlier = seen.get(profile.id);
    if (earlier !== undefined) {
      throw new ArenaError(
        `players.${i}: character "${profile.id}" is already seated at players.${earlier}; each character may take one seat`,
        {
          code: ORCHESTRATION_ERROR_CODES.DUPLICATE_CHARACTER,
          category: 'user',
          details: { path: `players.${i}`, value: profile.id },
        },
      );
    }
    seen.set(profile.id, i);
    return { playerId: `P${i + 1}`, seat: i + 1, profile, model: p.model ?? defaults.seat };
  });
  const narrator = config.narrator ?? defaults.narrator;
  const rules = effectiveRules(scenario, config.rules);
  return {
    scenario,
    seats,
    seed: config.seed,
    maxTurns: config.maxTurns,
    mode: config.mode,
    policy: config.policy,
    rules,
    officials: {
      judge: config.judge?.panel ?? defaults.judge,
      narrator,
      summariser: config.summariser ?? defaults.summariser ?? narrator,
      bidder: config.bidder ?? defaults.bidder ?? null,
    },
    budgets: BudgetsSchema.parse(config.budgets ?? {}),
    context: ContextSchema.parse(config.context ?? {}),
  };
}

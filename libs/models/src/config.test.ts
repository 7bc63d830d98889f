import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GameConfigSchema, GameSpecSchema, ModelSpecSchema } from './config';
import {
  DEFAULT_RULES,
  DIMENSIONS,
  GAME_MODES,
  RulesSchema,
  TURN_POLICIES,
  mergeRules,
} from './rules';
import { testSpec } from './testing';
import { safeValidate, type Issue } from './validation';

function issues(schema: Parameters<typeof safeValidate>[0], input: unknown): Issue[] {
  const result = safeValidate(schema, input, 'input');
  if (result.ok) throw new Error('expected validation to fail');
  return result.error.details['issues'] as Issue[];
}

function messageAt(found: Issue[], path: string): string {
  const issue = found.find((i) => i.path === path);
  if (!issue) throw new Error(`no issue at ${path}; got ${found.map((i) => i.path).join(', ')}`);
  return issue.message;
}

describe('ModelSpecSchema', () => {
  it.each([
    'sim',
    'openai:gpt-4o-mini',
    'anthropic:claude-sonnet-4-5',
    'ollama:llama3.1:8b',
    'openai-compatible:http://127.0.0.1:8000/v1#qwen2.5-7b',
    'openai-compatible:https://openrouter.ai/api/v1#meta-llama/llama-3.1-8b',
  ])('accepts %s', (spec) => {
    expect(ModelSpecSchema.safeParse(spec).success).toBe(true);
  });

  it.each([
    '',
    'gpt-4o',
    'openai:',
    'mistral:large',
    'openai: gpt-4o',
    'openai-compatible:localhost:8000#model',
    'openai-compatible:http://127.0.0.1:8000/v1',
    'SIM',
  ])('rejects %j and lists the accepted forms', (spec) => {
    const message = messageAt(issues(ModelSpecSchema, spec), '');
    for (const form of ['sim', 'openai:<model>', 'anthropic:<model>', 'ollama:<model>']) {
      expect(message).toContain(form);
    }
    expect(message).toContain('openai-compatible:<base-url>#<model>');
  });
});

describe('GameConfigSchema', () => {
  it('fills defaults around a minimal config, leaving models to the configured defaults', () => {
    const config = GameConfigSchema.parse({ scenario: 'city-water', players: ['a', 'b'] });
    expect(config).toEqual({
      scenario: 'city-water',
      players: [
        { character: 'a', model: undefined },
        { character: 'b', model: undefined },
      ],
      maxTurns: 40,
      mode: 'competitive',
      policy: 'weighted',
    });
  });

  it('validates budgets and context with field paths', () => {
    const result = GameConfigSchema.safeParse({
      scenario: 'city-water',
      players: ['a', 'b'],
      budgets: { game: { tokens: -5 }, seat: { wallSeconds: 3 } },
      context: { promptTokens: 10 },
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => i.path.join('.')) ?? [];
    expect(paths).toEqual(
      expect.arrayContaining(['budgets.game.tokens', 'budgets.seat', 'context.promptTokens']),
    );
  });

  it('accepts a full config with mixed seat forms', () => {
    const config = GameConfigSchema.parse({
      scenario: 'content/scenarios/reef-refuge.yaml',
      players: ['vesna-koll', { character: 'rook-delaney', model: 'ollama:llama3.1:8b' }],
      seed: 42,
      maxTurns: 12,
      mode: 'cooperative',
      policy: 'round-robin',
      judge: { panel: ['sim', 'openai:gpt-4o-mini', 'anthropic:claude-sonnet-4-5'] },
      narrator: 'openai:gpt-4o-mini',
      rules: { gate: { maxRetries: 1 } },
    });
    expect(config.players[1]).toEqual({ character: 'rook-delaney', model: 'ollama:llama3.1:8b' });
    expect(config.rules).toEqual({ gate: { maxRetries: 1 } });
  });

  it('needs at least 2 and at most 20 players', () => {
    expect(messageAt(issues(GameConfigSchema, { scenario: 's', players: ['a'] }), 'players')).toBe(
      'a game needs at least 2 players',
    );
    const crowd = Array.from({ length: 21 }, (_, i) => `c${i}`);
    expect(messageAt(issues(GameConfigSchema, { scenario: 's', players: crowd }), 'players')).toBe(
      'a game has at most 20 players',
    );
  });

  it('names the seat whose model spec is bad', () => {
    const found = issues(GameConfigSchema, {
      scenario: 's',
      players: ['a', { character: 'b', model: 'gpt4' }],
      judge: { panel: ['sim', 'claude'] },
      narrator: 'narrator',
    });
    expect(found.map((i) => i.path).sort()).toEqual([
      'judge.panel.1',
      'narrator',
      'players.1.model',
    ]);
    expect(messageAt(found, 'players.1.model')).toContain('openai:<model>');
  });

  it('names the allowed modes and turn policies', () => {
    const found = issues(GameConfigSchema, {
      scenario: 's',
      players: ['a', 'b'],
      mode: 'chaos',
      policy: 'random',
    });
    for (const mode of GAME_MODES) expect(messageAt(found, 'mode')).toContain(mode);
    for (const policy of TURN_POLICIES) expect(messageAt(found, 'policy')).toContain(policy);
  });

  it('bounds the seed, max turns and judge panel', () => {
    const found = issues(GameConfigSchema, {
      scenario: '',
      players: ['a', 'b'],
      seed: -1,
      maxTurns: 0,
      judge: { panel: ['sim', 'sim', 'sim', 'sim', 'sim', 'sim'] },
    });
    expect(found.map((i) => i.path).sort()).toEqual([
      'judge.panel',
      'maxTurns',
      'scenario',
      'seed',
    ]);
  });

  it('accepts any seed in the 32-bit range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        expect(
          GameConfigSchema.safeParse({ scenario: 's', players: ['a', 'b'], seed }).success,
        ).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});

describe('GameSpecSchema', () => {
  it('accepts the test spec', () => {
    expect(GameSpecSchema.safeParse(testSpec()).success).toBe(true);
  });

  it('rejects a seat without a P<n> player id', () => {
    const spec = testSpec();
    const seats = spec.seats.map((s, i) => (i === 2 ? { ...s, playerId: 'player-3' } : s));
    expect(issues(GameSpecSchema, { ...spec, seats }).map((i) => i.path)).toEqual([
      'seats.2.playerId',
    ]);
  });
});

describe('RulesSchema', () => {
  it('accepts the defaults, whose weights each sum to 1', () => {
    expect(RulesSchema.safeParse(DEFAULT_RULES).success).toBe(true);
  });

  it('names the phase whose weights do not sum to 1', () => {
    const rules = mergeRules(DEFAULT_RULES, { weights: { late: { novelty: 0.5 } } });
    const found = issues(RulesSchema, rules);
    expect(found).toEqual([
      {
        path: 'weights.late',
        message: 'the absolute values of the five weights must sum to 1 (they sum to 1.35)',
      },
    ]);
  });

  it('rejects unordered phase boundaries and a manipulation sign outside −1, 0, +1', () => {
    const rules = mergeRules(DEFAULT_RULES, {
      phases: { lateFrom: 0.9 },
      manipulationSign: { mixed: 0.5 },
    });
    const paths = issues(RulesSchema, rules).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['phases', 'manipulationSign.mixed']));
  });

  it('accepts any weights that sum to 1 and rejects scaled-down ones', () => {
    const raw = fc
      .array(fc.integer({ min: 0, max: 1000 }), { minLength: 5, maxLength: 5 })
      .filter((r) => r.some((v) => v > 0));
    fc.assert(
      fc.property(raw, fc.double({ min: 0.1, max: 0.99, noNaN: true }), (parts, scale) => {
        const total = parts.reduce((a, b) => a + b, 0);
        const weights = (k: number) =>
          Object.fromEntries(DIMENSIONS.map((d, i) => [d, ((parts[i] ?? 0) / total) * k]));
        const rules = (k: number) => mergeRules(DEFAULT_RULES, { weights: { mid: weights(k) } });
        expect(RulesSchema.safeParse(rules(1)).success).toBe(true);
        expect(RulesSchema.safeParse(rules(scale)).success).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it('rejects out-of-range values with their paths', () => {
    const rules = mergeRules(DEFAULT_RULES, {
      gate: { similarityThreshold: 1.5, maxRetries: 9 },
      elimination: { minSurvivors: -1 },
      weighted: { temperature: 0 },
    });
    expect(
      issues(RulesSchema, rules)
        .map((i) => i.path)
        .sort(),
    ).toEqual([
      'elimination.minSurvivors',
      'gate.maxRetries',
      'gate.similarityThreshold',
      'weighted.temperature',
    ]);
  });
});

describe('mergeRules', () => {
  it('deep-merges objects and leaves the base untouched', () => {
    const before = structuredClone(DEFAULT_RULES);
    const merged = RulesSchema.parse(
      mergeRules(DEFAULT_RULES, { gate: { maxRetries: 1 } }, { elimination: { warmupRounds: 0 } }),
    );
    expect(merged.gate).toEqual({ similarityThreshold: 0.55, maxRetries: 1 });
    expect(merged.elimination).toEqual({ warmupRounds: 0, everyRounds: 1, minSurvivors: 1 });
    expect(merged.weights).toEqual(DEFAULT_RULES.weights);
    expect(DEFAULT_RULES).toEqual(before);
  });

  it('applies later overrides over earlier ones and skips undefined', () => {
    expect(mergeRules({ a: 1, b: { c: 2 } }, undefined, { b: { c: 3 } }, { b: { c: 4 } })).toEqual({
      a: 1,
      b: { c: 4 },
    });
  });

  it('replaces arrays and scalars instead of merging them', () => {
    expect(mergeRules({ list: [1, 2, 3], n: { x: 1 } }, { list: [9], n: 5 })).toEqual({
      list: [9],
      n: 5,
    });
  });

  it('is the identity with no overrides and idempotent for any override', () => {
    const json = fc.dictionary(
      fc.constantFrom('a', 'b', 'c'),
      fc.oneof(fc.integer(), fc.dictionary(fc.constantFrom('x', 'y'), fc.integer())),
    );
    fc.assert(
      fc.property(json, json, (base, override) => {
        expect(mergeRules(base)).toEqual(base);
        const once = mergeRules(base, override);
        expect(mergeRules(once, override)).toEqual(once);
      }),
      { numRuns: 100 },
    );
  });
});

describe('GameConfigSchema seats', () => {
  it('names the bad field of a seat given as an object, and what a seat may be otherwise', () => {
    const found = issues(GameConfigSchema, {
      scenario: 'city-water',
      players: [{ character: 'ana', model: 'gpt-4o' }, 7, { model: 'sim' }],
    });
    expect(messageAt(found, 'players.0.model')).toMatch(/must be "sim"/);
    expect(messageAt(found, 'players.1')).toBe('Invalid input: expected string or object');
    expect(messageAt(found, 'players.2.character')).toMatch(/expected string/);
    expect(found.some((i) => i.message === 'Invalid input')).toBe(false);
  });
});

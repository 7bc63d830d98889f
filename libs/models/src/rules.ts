import { z } from 'zod';

const unit = z.number().min(0).max(1);

export const DIMENSIONS = [
  'novelty',
  'builds_on_others',
  'solves_subproblem',
  'radical_idea',
  'manipulation',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export type DimensionScores = Record<Dimension, number>;

export const GAME_MODES = ['competitive', 'cooperative', 'mixed'] as const;
export type GameMode = (typeof GAME_MODES)[number];

export const PHASES = ['early', 'mid', 'late', 'final'] as const;
export type Phase = (typeof PHASES)[number];

export const TURN_POLICIES = ['round-robin', 'weighted', 'bidding'] as const;
export type TurnPolicyName = (typeof TURN_POLICIES)[number];

/** Magnitudes of the five weights; the sign of manipulation comes from the mode. */
export const WeightsSchema = z
  .object({
    novelty: unit,
    builds_on_others: unit,
    solves_subproblem: unit,
    radical_idea: unit,
    manipulation: unit,
  })
  .refine((w) => Math.abs(Object.values(w).reduce((a, b) => a + b, 0) - 1) < 1e-6, {
    message: 'weights must sum to 1',
  });
export type Weights = z.infer<typeof WeightsSchema>;

export const RulesSchema = z.object({
  /** Weight magnitudes per phase (ARENA.md §4). */
  weights: z.object({
    early: WeightsSchema,
    mid: WeightsSchema,
    late: WeightsSchema,
    final: WeightsSchema,
  }),
  gate: z.object({
    /** Similarity at or above which a contribution counts as a near-duplicate. */
    similarityThreshold: unit,
    /** Retries allowed after a rejection before the turn is forfeited. */
    maxRetries: z.number().int().min(0).max(5),
  }),
  elimination: z.object({
    /** Rounds played before the first elimination. */
    warmupRounds: z.number().int().min(0),
    /** Eliminate at the end of every N-th round after the warm-up. */
    everyRounds: z.number().int().min(1),
    /** Eliminations stop when this many players remain. */
    minSurvivors: z.number().int().min(1),
  }),
  accusations: z.object({
    maxPerPlayer: z.number().int().min(0),
    /** Judge confidence needed for `proven`. */
    proofThreshold: unit,
    /** Multiplier applied to a false accuser's points. */
    falseAccusationFactor: unit,
  }),
  narrator: z.object({
    /** Periodic comment every N turns (0 = only on events). */
    every: z.number().int().min(0),
  }),
  weighted: z.object({
    fairness: unit,
    merit: unit,
    diversity: unit,
    momentum: unit,
    tension: unit,
    /** Probability of a uniform pick. */
    epsilon: unit,
    /** Softmax temperature. */
    temperature: z.number().positive(),
  }),
  solved: z.object({
    /** A sub-problem counts as covered once a contribution reaches this coverage. */
    coverage: unit,
    /** Earliest round in which the judge may rule the problem solved. */
    minRounds: z.number().int().min(1),
  }),
});
export type Rules = z.infer<typeof RulesSchema>;

export const DEFAULT_RULES: Rules = {
  weights: {
    early: {
      novelty: 0.3,
      builds_on_others: 0.15,
      solves_subproblem: 0.2,
      radical_idea: 0.25,
      manipulation: 0.1,
    },
    mid: {
      novelty: 0.25,
      builds_on_others: 0.2,
      solves_subproblem: 0.25,
      radical_idea: 0.15,
      manipulation: 0.15,
    },
    late: {
      novelty: 0.15,
      builds_on_others: 0.3,
      solves_subproblem: 0.35,
      radical_idea: 0.05,
      manipulation: 0.15,
    },
    final: {
      novelty: 0.15,
      builds_on_others: 0.2,
      solves_subproblem: 0.3,
      radical_idea: 0.1,
      manipulation: 0.25,
    },
  },
  gate: { similarityThreshold: 0.55, maxRetries: 2 },
  elimination: { warmupRounds: 2, everyRounds: 1, minSurvivors: 1 },
  accusations: { maxPerPlayer: 3, proofThreshold: 0.7, falseAccusationFactor: 0.5 },
  narrator: { every: 3 },
  weighted: {
    fairness: 0.25,
    merit: 0.25,
    diversity: 0.2,
    momentum: 0.15,
    tension: 0.15,
    epsilon: 0.1,
    temperature: 0.35,
  },
  solved: { coverage: 0.85, minRounds: 5 },
};

/** Sign applied to the manipulation dimension in each mode (ARENA.md §4). */
export function manipulationSign(mode: GameMode): 1 | -1 | 0 {
  return mode === 'competitive' ? 1 : mode === 'cooperative' ? -1 : 0;
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };
export type RulesOverride = DeepPartial<Rules>;

/** Loose shape for overrides in files and configs; the merged result is validated in full. */
export const RulesOverrideSchema = z.record(z.string(), z.unknown());

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep-merge overrides onto a base (objects merge; everything else replaces). */
export function mergeRules(base: unknown, ...overrides: unknown[]): unknown {
  let out: unknown = base;
  for (const o of overrides) {
    if (o === undefined) continue;
    if (isPlainObject(out) && isPlainObject(o)) {
      const merged: Record<string, unknown> = { ...out };
      for (const [k, v] of Object.entries(o)) merged[k] = mergeRules(merged[k], v);
      out = merged;
    } else {
      out = o;
    }
  }
  return out;
}

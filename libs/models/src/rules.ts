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

export const TURN_POLICIES = ['round-robin', 'weighted', 'bidding', 'adversarial'] as const;
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
  .superRefine((w, ctx) => {
    const sum = Object.values(w).reduce((a, b) => a + Math.abs(b), 0);
    if (Math.abs(sum - 1) >= 1e-6) {
      ctx.addIssue({
        code: 'custom',
        message: `the absolute values of the five weights must sum to 1 (they sum to ${Number(sum.toFixed(6))})`,
      });
    }
  });
export type Weights = z.infer<typeof WeightsSchema>;

const sign = z.union([z.literal(-1), z.literal(0), z.literal(1)]);

export const RulesSchema = z.object({
  /** Sign applied to the manipulation weight in each mode (ARENA.md §4). */
  manipulationSign: z.object({ competitive: sign, cooperative: sign, mixed: sign }),
  /**
   * Phase boundaries as shares of max turns played and of players eliminated: `final` from
   * `finalFrom` of the turns or once `finalSurvivors` (or fewer) of more remain; `late` from
   * `lateFrom` of the turns or `lateEliminated` of the players out; `early` below `midFrom`.
   */
  phases: z
    .object({
      midFrom: unit,
      lateFrom: unit,
      finalFrom: unit,
      lateEliminated: unit,
      finalSurvivors: z.number().int().min(1),
    })
    .refine((p) => p.midFrom <= p.lateFrom && p.lateFrom <= p.finalFrom, {
      message: 'phase boundaries must be ordered: midFrom ≤ lateFrom ≤ finalFrom',
    }),
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
    /**
     * Eliminations stop when this many players remain. 0 means nobody is safe: a lone survivor
     * does not end the game, it plays on and can be eliminated too (the game then ends
     * `all_eliminated` unless the problem is solved first).
     */
    minSurvivors: z.number().int().min(0),
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
  /** The `adversarial` policy: favours risk-takers and players in tension, with chaos. */
  adversarial: z.object({
    /** Weight of recent radical and manipulation scores. */
    risk: unit,
    /** Weight of conflict with the last speakers (accusations, close standings). */
    tension: unit,
    /** Weight of turns since the player last spoke, so nobody is starved. */
    fairness: unit,
    /** Probability of a uniform pick. */
    chaos: unit,
    /** Softmax temperature. */
    temperature: z.number().positive(),
  }),
  bidding: z.object({
    /** Bids closer than this count as a tie (then the longest waiting speaks). */
    tieMargin: unit,
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
  manipulationSign: { competitive: 1, cooperative: -1, mixed: 0 },
  phases: { midFrom: 0.25, lateFrom: 0.6, finalFrom: 0.85, lateEliminated: 0.5, finalSurvivors: 2 },
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
  adversarial: { risk: 0.45, tension: 0.35, fairness: 0.2, chaos: 0.15, temperature: 0.3 },
  bidding: { tieMargin: 0 },
  solved: { coverage: 0.85, minRounds: 5 },
};

/** Sign applied to the manipulation dimension in each mode (ARENA.md §4, `rules.manipulationSign`). */
export function manipulationSign(
  mode: GameMode,
  rules: Pick<Rules, 'manipulationSign'> = DEFAULT_RULES,
): 1 | -1 | 0 {
  return rules.manipulationSign[mode];
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

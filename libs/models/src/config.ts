import { z } from 'zod';
import { CharacterProfileSchema } from './profile';
import { GAME_MODES, RulesOverrideSchema, RulesSchema, TURN_POLICIES } from './rules';
import { ScenarioSchema } from './scenario';

export const MODEL_PROVIDERS = ['openai', 'anthropic', 'ollama', 'openai-compatible'] as const;

/**
 * A model spec: `sim`, `openai:<model>`, `anthropic:<model>`, `ollama:<model>` or
 * `openai-compatible:<base-url>#<model>`.
 */
export const ModelSpecSchema = z
  .string()
  .refine(
    (s) =>
      s === 'sim' ||
      /^(openai|anthropic|ollama):\S+$/.test(s) ||
      /^openai-compatible:https?:\/\/\S+#\S+$/.test(s),
    {
      message:
        'must be "sim", "openai:<model>", "anthropic:<model>", "ollama:<model>" or "openai-compatible:<base-url>#<model>"',
    },
  );
export type ModelSpec = z.infer<typeof ModelSpecSchema>;

export const SeatInputSchema = z.union([
  z
    .string()
    .min(1)
    .transform((character) => ({ character, model: undefined as string | undefined })),
  z.object({
    /** Character id of a shipped character, or a path to a profile file. */
    character: z.string().min(1),
    /** Model spec for this seat; the configured default model when absent. */
    model: ModelSpecSchema.optional(),
    /** Bring the character's stored champion memory (it must have one); players are not told. */
    champion: z.boolean().optional(),
  }),
]);

const positive = z.number().positive();

/** Limits on what a game, or each seat, may spend; absent = unlimited. */
export const BudgetLimitsSchema = z.strictObject({
  /** Input + output tokens. */
  tokens: z.number().int().positive().optional(),
  /** Cost in USD from the price table. */
  usd: positive.optional(),
  /** Seconds since the game was created (the game's clock), checked between turns. */
  wallSeconds: positive.optional(),
});
export type BudgetLimits = z.infer<typeof BudgetLimitsSchema>;

export const BudgetsSchema = z.strictObject({
  game: BudgetLimitsSchema.default({}),
  /** Applies to every seat separately (wall time is a game-level limit only). */
  seat: BudgetLimitsSchema.omit({ wallSeconds: true }).default({}),
});
export type Budgets = z.infer<typeof BudgetsSchema>;

/** How much of the game a player's prompt carries (bounded context). */
export const ContextSchema = z.strictObject({
  /** Token budget for a player's prompt (estimated at 4 characters per token). */
  promptTokens: z.number().int().min(500).max(1_000_000).default(3000),
  /** Most recent transcript messages shown verbatim. */
  recentMessages: z.number().int().min(1).max(200).default(12),
  /** Fold older messages into the rolling summary once this many are outside it. */
  summaryEvery: z.number().int().min(1).max(200).default(8),
});
export type ContextSettings = z.infer<typeof ContextSchema>;

export const DEFAULT_CONTEXT: ContextSettings = {
  promptTokens: 3000,
  recentMessages: 12,
  summaryEvery: 8,
};

/** What a user asks for: ids or file paths, resolved into a {@link GameSpec} by the app. */
export const GameConfigSchema = z.object({
  /** Scenario id or path to a scenario file. */
  scenario: z.string().min(1),
  players: z
    .array(SeatInputSchema)
    .min(2, 'a game needs at least 2 players')
    .max(20, 'a game has at most 20 players'),
  /** Seed for every random decision; the same seed and models give the same game. */
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .optional(),
  maxTurns: z.number().int().min(1).max(10_000).default(40),
  mode: z.enum(GAME_MODES).default('competitive'),
  policy: z.enum(TURN_POLICIES).default('weighted'),
  /** Judge panel (1-5 model specs); the configured default panel when absent. */
  judge: z.strictObject({ panel: z.array(ModelSpecSchema).min(1).max(5) }).optional(),
  /** Narrator model spec; the configured default when absent. */
  narrator: ModelSpecSchema.optional(),
  /** Model that writes the rolling summary; the narrator's model when absent. */
  summariser: ModelSpecSchema.optional(),
  /**
   * Model that places the players' bids under the `bidding` policy (one cheap call per player,
   * in character); each seat bids with its own model when absent.
   */
  bidder: ModelSpecSchema.optional(),
  budgets: BudgetsSchema.optional(),
  context: ContextSchema.optional(),
  /** Rule overrides for this game, deep-merged over the scenario's and the defaults. */
  rules: RulesOverrideSchema.optional(),
});
export type GameConfigInput = z.input<typeof GameConfigSchema>;
export type GameConfig = z.output<typeof GameConfigSchema>;

export const SeatSchema = z.object({
  /** Anonymous seat id used everywhere in the log (`P1`…`P20`). */
  playerId: z.string().regex(/^P\d+$/),
  seat: z.number().int().min(1),
  profile: CharacterProfileSchema,
  model: ModelSpecSchema,
  /** A champion's memory from earlier games; absent for everyone else. */
  memory: z.string().optional(),
  /** The stored memory version this seat starts with and the record behind it; champions only. */
  champion: z
    .object({
      version: z.number().int().min(1),
      games: z.number().int().min(1),
      wins: z.number().int().min(0),
    })
    .optional(),
});
export type Seat = z.infer<typeof SeatSchema>;

/** A fully resolved game: everything needed to play or replay it, recorded in `game_created`. */
export const GameSpecSchema = z.object({
  scenario: ScenarioSchema,
  seats: z.array(SeatSchema).min(2).max(20),
  seed: z.number().int().min(0),
  maxTurns: z.number().int().min(1),
  mode: z.enum(GAME_MODES),
  policy: z.enum(TURN_POLICIES),
  rules: RulesSchema,
  officials: z.object({
    judge: z.array(ModelSpecSchema).min(1),
    narrator: ModelSpecSchema,
    summariser: ModelSpecSchema.default('sim'),
    /** Places every player's bid under the `bidding` policy; null = each seat's own model. */
    bidder: ModelSpecSchema.nullable().default(null),
  }),
  budgets: BudgetsSchema.default({ game: {}, seat: {} }),
  context: ContextSchema.default(DEFAULT_CONTEXT),
});
export type GameSpec = z.infer<typeof GameSpecSchema>;

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
    .transform((character) => ({ character, model: 'sim' })),
  z.object({
    /** Character id of a shipped character, or a path to a profile file. */
    character: z.string().min(1),
    model: ModelSpecSchema.default('sim'),
  }),
]);

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
  judge: z.object({ panel: z.array(ModelSpecSchema).min(1).max(5) }).default({ panel: ['sim'] }),
  narrator: ModelSpecSchema.default('sim'),
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
  officials: z.object({ judge: z.array(ModelSpecSchema).min(1), narrator: ModelSpecSchema }),
});
export type GameSpec = z.infer<typeof GameSpecSchema>;

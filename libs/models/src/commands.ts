import { z } from 'zod';
import { GameConfigSchema } from './config';

/** Version of the command body; bump it when a command changes shape. */
export const COMMAND_SCHEMA_VERSION = 1;

const GAME_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const commandEnvelope = {
  schemaVersion: z.literal(COMMAND_SCHEMA_VERSION),
  /** Unique id of this command (consumers skip a command id they have already handled). */
  id: z.string().min(1).max(200),
  /** The game the command is about; also the message key, so a game's commands stay ordered. */
  gameId: z
    .string()
    .regex(GAME_ID, 'must be a game id (letters, digits, ".", "_", "-"; at most 64)'),
  /** ISO-8601 time the command was issued. */
  issuedAt: z.iso.datetime({ offset: true }),
  /** Who issued it (a runner id, `cli`, an operator name). */
  issuedBy: z.string().min(1).max(200),
};

/**
 * Orchestration commands travel on the commands topic, keyed by game id: the runner that owns
 * the game's partition acts on them (`stop_game` reaches whichever runner drives the game).
 */
export const GameCommandSchema = z.discriminatedUnion('type', [
  z.object({
    ...commandEnvelope,
    type: z.literal('create_game'),
    /** The game to create (content referenced by id), then start. */
    config: GameConfigSchema,
    /** Seed used when the config has none. */
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1),
  }),
  z.object({ ...commandEnvelope, type: z.literal('start_game') }),
  z.object({ ...commandEnvelope, type: z.literal('resume_game') }),
  z.object({
    ...commandEnvelope,
    type: z.literal('stop_game'),
    /** Why the operator stopped it (recorded in the log). */
    reason: z.string().max(500).optional(),
  }),
]);
export type GameCommand = z.infer<typeof GameCommandSchema>;
export type GameCommandType = GameCommand['type'];
export const GAME_COMMAND_TYPES = [
  'create_game',
  'start_game',
  'resume_game',
  'stop_game',
] as const satisfies readonly GameCommandType[];

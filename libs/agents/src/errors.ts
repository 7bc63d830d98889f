import { ArenaError } from '@arena/models';
import { EMBEDDING_ERROR_CODES } from './embeddings/errors';
import { BUDGET_ERROR_CODE, MODEL_ERROR_CODE } from './llm/errors';
import { ROLE_ERROR_CODE } from './model-call';
import { PROVIDER_ERROR_CODES } from './providers/errors';
import { WRAPPER_ERROR_CODES } from './wrappers/errors';

/** Stable error codes raised by `@arena/agents`. */
export const AGENTS_ERROR_CODES = {
  ...PROVIDER_ERROR_CODES,
  ...EMBEDDING_ERROR_CODES,
  ...WRAPPER_ERROR_CODES,
  MODEL_CALL_FAILED: MODEL_ERROR_CODE,
  BUDGET_EXCEEDED: BUDGET_ERROR_CODE,
  ROLE_CALL_FAILED: ROLE_ERROR_CODE,
  /** An agent was asked to act for a player id that has no seat in the game. */
  UNKNOWN_PLAYER: 'AGENTS_UNKNOWN_PLAYER',
  /** A simulator phrase template names a slot that was not supplied (a defect in the bank). */
  SIM_TEMPLATE_SLOT: 'AGENTS_SIM_TEMPLATE_SLOT',
} as const;

export function unknownPlayer(playerId: string, gameId: string): ArenaError {
  return new ArenaError(`Player ${playerId} has no seat in game ${gameId}`, {
    code: AGENTS_ERROR_CODES.UNKNOWN_PLAYER,
    details: { playerId, gameId },
  });
}

export function missingTemplateSlot(slot: string, template: string): ArenaError {
  return new ArenaError(`Simulator template needs slot {${slot}}: "${template}"`, {
    code: AGENTS_ERROR_CODES.SIM_TEMPLATE_SLOT,
    details: { slot, template },
  });
}

import { ArenaError } from '@arena/models';

/** Stable error codes raised by `@arena/agents`. */
export const AGENTS_ERROR_CODES = {
  /** A model spec names a provider this build cannot drive (only `sim` is built in). */
  PROVIDER_UNAVAILABLE: 'AGENTS_PROVIDER_UNAVAILABLE',
  /** An agent was asked to act for a player id that has no seat in the game. */
  UNKNOWN_PLAYER: 'AGENTS_UNKNOWN_PLAYER',
  /** A simulator phrase template names a slot that was not supplied (a defect in the bank). */
  SIM_TEMPLATE_SLOT: 'AGENTS_SIM_TEMPLATE_SLOT',
} as const;

/** Model specs that this build can drive. */
export const AVAILABLE_MODELS = ['sim'] as const;

export function providerUnavailable(spec: string): ArenaError {
  return new ArenaError(
    `Model "${spec}" is not available in this build: only "sim" (the built-in deterministic simulator, not a language model) can be used.`,
    {
      code: AGENTS_ERROR_CODES.PROVIDER_UNAVAILABLE,
      category: 'user',
      details: { spec, available: [...AVAILABLE_MODELS] },
    },
  );
}

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

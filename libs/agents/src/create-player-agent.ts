import type { PlayerAgent } from './player-agent';
import { requireAvailableModel } from './require-available-model';
import { createSimPlayer } from './sim/sim-player';

/**
 * The player agent for a seat's model spec.
 *
 * @throws ArenaError `AGENTS_PROVIDER_UNAVAILABLE` (category `user`) for any spec other than `sim`.
 * @example
 * const agent = createPlayerAgent(seat.model);
 * const { value, call } = await agent.act(ctx);
 */
export function createPlayerAgent(modelSpec: string): PlayerAgent {
  requireAvailableModel(modelSpec);
  return createSimPlayer();
}

import type { Narrator } from './narrator';
import { requireAvailableModel } from './require-available-model';
import { createSimNarrator } from './sim/sim-narrator';

/**
 * The narrator for the game's narrator model spec.
 *
 * @throws ArenaError `AGENTS_PROVIDER_UNAVAILABLE` (category `user`) for any spec other than `sim`.
 * @example
 * const narrator = createNarrator(spec.officials.narrator);
 */
export function createNarrator(modelSpec: string): Narrator {
  requireAvailableModel(modelSpec);
  return createSimNarrator();
}

import { requireAvailableModel } from './require-available-model';

/**
 * Throws for the first spec this build cannot drive, so a game fails when it is created and
 * never in the middle of play.
 *
 * @throws ArenaError `AGENTS_PROVIDER_UNAVAILABLE` (category `user`) naming the spec.
 * @example
 * assertModelsAvailable([...spec.seats.map((s) => s.model), ...spec.officials.judge, spec.officials.narrator]);
 */
export function assertModelsAvailable(specs: string[]): void {
  for (const spec of specs) requireAvailableModel(spec);
}

import type { GroundTruth } from '@arena/models';
import type { PlayerAction } from '../player-action';

/** An action together with the simulator's own, honest account of what it did. */
export interface AuthoredAction {
  action: PlayerAction;
  truth: GroundTruth;
}

/** The account of an action that restates nothing, manipulates nobody and accuses fairly. */
export function truthOf(facts: Partial<GroundTruth> = {}): GroundTruth {
  return {
    repeatOf: facts.repeatOf ?? null,
    manipulation: [...new Set(facts.manipulation ?? [])],
    fabricatedEvidence: facts.fabricatedEvidence ?? false,
    baseless: facts.baseless ?? false,
  };
}

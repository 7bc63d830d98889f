import {
  activePlayers,
  standingOf,
  type GameState,
  type PlayerState,
  type Rng,
} from '@arena/models';
import { playerList } from './player-list';

/** Who leaves the game at the end of a round, and the judge's public reasoning. */
export interface EliminationDecision {
  playerId: string;
  /** The eliminated player's standing (points per turn taken). */
  standing: number;
  reasoning: string;
}

/** Standings closer than this are a tie (they come from sums of rounded scores). */
const TIE = 1e-9;

const label = (p: PlayerState) => `${p.name} (${p.id})`;

/**
 * Lowest standing among active players; ties by lower latest score, then by rng. Public
 * reasoning names the standing comparison without revealing anybody's raw scores beyond what a
 * verdict would. Returns null when eliminating would leave fewer than `minSurvivors` players.
 */
export function chooseElimination(state: GameState, rng: Rng): EliminationDecision | null {
  const active = activePlayers(state)
    .slice()
    .sort((a, b) => a.seat - b.seat);
  if (active.length <= state.spec.rules.elimination.minSurvivors) return null;
  const lowest = Math.min(...active.map(standingOf));
  const tiedOnStanding = active.filter((p) => standingOf(p) - lowest <= TIE);
  const latest = (p: PlayerState) => p.lastScore ?? 0;
  const lowestLatest = Math.min(...tiedOnStanding.map(latest));
  const tiedOnLatest = tiedOnStanding.filter((p) => latest(p) - lowestLatest <= TIE);
  const chosen =
    tiedOnLatest.length === 1 ? (tiedOnLatest[0] as PlayerState) : rng.pick(tiedOnLatest);

  const others = active.filter((p) => p.id !== chosen.id);
  const nextLowest = others
    .filter((p) => !tiedOnStanding.includes(p))
    .sort((a, b) => standingOf(a) - standingOf(b) || a.seat - b.seat)[0];
  const opening = `After round ${state.round}, ${label(chosen)} has the lowest standing (points per turn taken) of the ${active.length} players still in the game`;
  let reasoning: string;
  if (tiedOnStanding.length === 1) {
    reasoning = nextLowest
      ? `${opening}, below ${label(nextLowest)}, the next lowest. ${chosen.name} is eliminated.`
      : `${opening}. ${chosen.name} is eliminated.`;
  } else {
    const level = playerList(tiedOnStanding.filter((p) => p.id !== chosen.id).map(label));
    const tieBreak =
      tiedOnLatest.length === 1
        ? `The tie breaks on the latest turn, and ${chosen.name}'s was judged the weakest.`
        : `The latest turns of ${playerList(tiedOnLatest.map((p) => p.name))} were judged equal, so the game's seeded draw decided.`;
    reasoning = `${opening}, level with ${level}. ${tieBreak} ${chosen.name} is eliminated.`;
  }
  return { playerId: chosen.id, standing: standingOf(chosen), reasoning };
}

import { standingOf, type GameState, type PlayerState, type Rng } from '@arena/models';
import { activeSeats, lastSpeaker } from './active-seats';
import { candidateWeights, softmaxDraw, strongestReasons } from './softmax-draw';
import type { SpeakerChoice, TurnPolicy } from './turn-policy';

type Factor = 'risk' | 'tension' | 'fairness';
const FACTORS: readonly Factor[] = ['risk', 'tension', 'fairness'];

/** Risk assumed for a player not scored yet: neither favoured nor held back. */
const UNKNOWN_RISK = 0.5;

interface Candidate {
  player: PlayerState;
  factors: Record<Factor, number>;
  utility: number;
  /** Why its tension is what it is, for the reasoning. */
  conflict: string | null;
}

/** Accusations between the player and the last speaker, either way. */
function accusationConflict(state: GameState, player: PlayerState, last: PlayerState): boolean {
  return state.accusations.some(
    (a) =>
      (a.accuserId === player.id && a.accusedId === last.id) ||
      (a.accusedId === player.id && a.accuserId === last.id),
  );
}

function candidatesOf(
  state: GameState,
  eligible: PlayerState[],
  active: PlayerState[],
  last: PlayerState | undefined,
): Candidate[] {
  const w = state.spec.rules.adversarial;
  const gaps = eligible.map((p) =>
    p.lastSpokeTurn === null ? state.turn + 1 : state.turn - p.lastSpokeTurn,
  );
  const maxGap = Math.max(...gaps);
  const standings = active.map(standingOf);
  const range = Math.max(...standings) - Math.min(...standings);
  return eligible.map((player, i) => {
    let tension = 0;
    let conflict: string | null = null;
    if (last && last.id !== player.id) {
      if (accusationConflict(state, player, last)) {
        tension = 1;
        conflict = `has an accusation between them and ${last.name}, who spoke last`;
      } else if (range > 1e-12) {
        // Rivals for the same place: the closer the standings, the sharper the exchange.
        tension = 0.5 * (1 - Math.abs(standingOf(player) - standingOf(last)) / range);
        if (tension >= 0.35) conflict = `is neck and neck with ${last.name}, who spoke last`;
      }
    }
    const factors: Record<Factor, number> = {
      risk: player.risk ?? UNKNOWN_RISK,
      tension,
      fairness: maxGap <= 0 ? 1 : (gaps[i] ?? 0) / maxGap,
    };
    const utility = FACTORS.reduce((sum, f) => sum + w[f] * factors[f], 0);
    return { player, factors, utility, conflict };
  });
}

function because(candidate: Candidate, state: GameState): string {
  const w = state.spec.rules.adversarial;
  const { factors, conflict, player } = candidate;
  const phrases: Record<Factor, string> = {
    risk:
      player.risk === null
        ? 'has not been scored yet'
        : `takes risks (radical or manipulative, ${factors.risk.toFixed(2)})`,
    tension: conflict ?? 'is in some tension with the last speaker',
    fairness:
      player.lastSpokeTurn === null
        ? 'has not spoken yet'
        : `has waited ${state.turn - player.lastSpokeTurn} turns`,
  };
  return strongestReasons(FACTORS, w, factors, phrases);
}

const percent = (p: number) => `${Math.round(p * 100)}%`;

/**
 * The `adversarial` policy (ARENA.md §6): a softmax that favours players who take risks (their
 * running radical/manipulation score), who are in tension with the last speaker (an accusation
 * between them, or standings neck and neck), and, to a lesser degree, who have waited; with
 * probability `chaos` a uniform pick. Weights in `rules.adversarial`. The last speaker cannot
 * take the floor twice in a row while someone else is active.
 *
 * @example
 * const choice = adversarialPolicy.select(state, gameRng(seed, `turn:${turn}:policy`));
 */
export const adversarialPolicy: TurnPolicy = {
  name: 'adversarial',
  select(state: GameState, rng: Rng): SpeakerChoice {
    const { chaos, temperature } = state.spec.rules.adversarial;
    const active = activeSeats(state);
    const last = lastSpeaker(state);
    const eligible = active.length > 1 ? active.filter((p) => p.id !== last?.id) : active;
    const candidates = candidatesOf(state, eligible, active, last);
    const draw = softmaxDraw(
      candidates.map((c) => c.utility),
      rng,
      chaos,
      temperature,
    );
    const chosen = candidates[draw.index] as Candidate;
    const name = `${chosen.player.name} (${chosen.player.id})`;
    const reasoning = draw.explored
      ? `Chaos pick: ${name} was drawn uniformly from ${candidates.length} eligible players (this happens ${percent(chaos)} of the time).`
      : `Adversarial pick: ${name}, chosen with a ${percent(draw.probability[draw.index] as number)} chance, mainly because ${chosen.player.name} ${because(chosen, state)}.`;
    return {
      playerId: chosen.player.id,
      reasoning,
      candidates: candidateWeights(active, eligible, draw.probability),
    };
  },
};

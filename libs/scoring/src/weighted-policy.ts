import { standingOf, type GameState, type PlayerState, type Rng } from '@arena/models';
import { activeSeats, lastSpeaker } from './active-seats';
import { candidateWeights, softmaxDraw, strongestReasons } from './softmax-draw';
import type { SpeakerChoice, TurnPolicy } from './turn-policy';

type Factor = 'fairness' | 'merit' | 'diversity' | 'momentum' | 'tension';

const FACTORS: readonly Factor[] = ['fairness', 'merit', 'diversity', 'momentum', 'tension'];

/** How many of the latest speakers count as "recent" for diversity and tension. */
const RECENT_SPEAKERS = 3;

interface Candidate {
  player: PlayerState;
  factors: Record<Factor, number>;
  utility: number;
  gap: number;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Players cited or named by the last accepted contribution (not its author). */
function addressedByLast(state: GameState): { ids: Set<string>; messageId: string | null } {
  const last = [...state.messages].reverse().find((m) => m.kind === 'contribution');
  if (!last) return { ids: new Set(), messageId: null };
  const ids = new Set<string>();
  for (const id of last.cites) {
    const author = state.messages.find((m) => m.id === id)?.speakerId;
    if (author) ids.add(author);
  }
  for (const p of state.players) {
    const names = [p.id, p.name].map(escapeRegExp).join('|');
    if (new RegExp(`(?<![\\p{L}\\p{N}])(?:${names})(?![\\p{L}\\p{N}])`, 'u').test(last.text))
      ids.add(p.id);
  }
  if (last.speakerId) ids.delete(last.speakerId);
  return { ids, messageId: last.id };
}

function candidatesOf(
  state: GameState,
  eligible: PlayerState[],
  active: PlayerState[],
): Candidate[] {
  const w = state.spec.rules.weighted;
  const gaps = eligible.map((p) =>
    p.lastSpokeTurn === null ? state.turn + 1 : state.turn - p.lastSpokeTurn,
  );
  const maxGap = Math.max(...gaps);
  const standings = active.map(standingOf);
  const low = Math.min(...standings);
  const high = Math.max(...standings);
  const window = Math.max(1, Math.min(RECENT_SPEAKERS, active.length - 1));
  const recent = state.players
    .filter((p) => p.lastSpokeTurn !== null)
    .sort((a, b) => (b.lastSpokeTurn ?? 0) - (a.lastSpokeTurn ?? 0))
    .slice(0, window)
    .map((p) => p.id);
  const addressed = addressedByLast(state).ids;
  return eligible.map((player, i) => {
    const gap = gaps[i] ?? 0;
    const position = recent.indexOf(player.id);
    const inTension = state.accusations.some(
      (a) =>
        (a.accusedId === player.id && recent.includes(a.accuserId)) ||
        (a.accuserId === player.id && recent.includes(a.accusedId)),
    );
    const factors: Record<Factor, number> = {
      fairness: maxGap <= 0 ? 1 : gap / maxGap,
      merit: high - low <= 1e-12 ? 0.5 : (standingOf(player) - low) / (high - low),
      diversity: position === -1 ? 1 : position / window,
      momentum: addressed.has(player.id) ? 1 : 0,
      tension: inTension ? 1 : 0,
    };
    const utility = FACTORS.reduce((sum, f) => sum + w[f] * factors[f], 0);
    return { player, factors, utility, gap };
  });
}

function because(candidate: Candidate, state: GameState): string {
  const w = state.spec.rules.weighted;
  const { player, factors, gap } = candidate;
  const messageId = addressedByLast(state).messageId;
  const phrases: Record<Factor, string> = {
    fairness: player.lastSpokeTurn === null ? 'has not spoken yet' : `has waited ${gap} turns`,
    merit: 'stands well in the game',
    diversity: 'was not among the last speakers',
    momentum: `was cited or named by the last contribution (${messageId})`,
    tension: 'is in conflict with a recent speaker',
  };
  return strongestReasons(FACTORS, w, factors, phrases);
}

const percent = (p: number) => `${Math.round(p * 100)}%`;

/**
 * Softmax over fairness (turns since last spoke), merit (standing), diversity (not among the
 * last speakers), momentum (cited or named by the last contribution) and tension (accused by or
 * accusing the last speakers), weighted by `rules.weighted`; with probability epsilon a uniform
 * pick. The player who spoke last turn is never picked while another player is active.
 */
export const weightedPolicy: TurnPolicy = {
  name: 'weighted',
  select(state: GameState, rng: Rng): SpeakerChoice {
    const { epsilon, temperature } = state.spec.rules.weighted;
    const active = activeSeats(state);
    const last = lastSpeaker(state);
    const eligible = active.length > 1 ? active.filter((p) => p.id !== last?.id) : active;
    const candidates = candidatesOf(state, eligible, active);
    const {
      index,
      explored: explore,
      probability,
    } = softmaxDraw(
      candidates.map((c) => c.utility),
      rng,
      epsilon,
      temperature,
    );
    const chosen = candidates[index] as Candidate;
    const name = `${chosen.player.name} (${chosen.player.id})`;
    const skipped =
      last && active.length > 1 && last.status === 'active'
        ? ` ${last.name} (${last.id}) spoke last and could not take the floor again.`
        : '';
    const reasoning = explore
      ? `Exploration pick: ${name} was drawn uniformly from ${candidates.length} eligible players, setting the weights aside (this happens ${percent(epsilon)} of the time).${skipped}`
      : `Weighted pick: ${name}, chosen with a ${percent(probability[index] as number)} chance, mainly because ${chosen.player.name} ${because(chosen, state)}.${skipped}`;
    return {
      playerId: chosen.player.id,
      reasoning,
      candidates: candidateWeights(active, eligible, probability),
    };
  },
};

import type { AccusationKind, Evidence, GameState, Rng, TranscriptMessage } from '@arena/models';
import type { TurnContext } from '../player-agent';
import { truthOf, type AuthoredAction } from './authored';
import { fill, innerQuote } from './fill';
import {
  fakeQuote,
  findManipulation,
  type ManipulationKind,
  type ManipulationMarker,
} from './manipulation';
import type { Persona } from './persona';
import { ACCUSATION_PHRASES as A } from './phrases/accusation-phrases';
import {
  contributionsOf,
  isActive,
  mentions,
  nameOf,
  quoteFragment,
  sentencesOf,
} from './transcript';

const KIND_OF: Record<ManipulationKind, AccusationKind> = {
  judge_instruction: 'prompt_injection',
  social_pressure: 'manipulation',
  identity_spoofing: 'prompt_injection',
  coordinated_voting: 'rule_breaking',
  false_quote: 'false_statement',
};

const round2 = (x: number): number => Math.round(x * 100) / 100;

function temper(persona: Persona, rng: Rng): string {
  if (persona.formality === 'formal') return rng.pick(A.tempers.formal);
  const heated = persona.bigFive.agreeableness < 0.4 || persona.bigFive.neuroticism > 0.6;
  return rng.pick(heated ? A.tempers.heated : A.tempers.calm);
}

function claim(
  persona: Persona,
  rng: Rng,
  templates: readonly string[],
  slots: { accused: string; id: string; quote: string },
): string {
  const body = fill(rng.pick(templates), { ...slots, quote: innerQuote(slots.quote) });
  return rng.chance(0.35) ? `${temper(persona, rng)} ${body}` : body;
}

/** Evidence already used in earlier accusations is not filed twice. */
function usedEvidence(state: GameState): Set<string> {
  return new Set(state.accusations.flatMap((a) => a.evidence.map((e) => e.messageId)));
}

function trueAccusation(
  state: GameState,
  persona: Persona,
  rng: Rng,
  markers: ManipulationMarker[],
): AuthoredAction {
  const byAccused = new Map<string, ManipulationMarker[]>();
  for (const m of markers) byAccused.set(m.speakerId, [...(byAccused.get(m.speakerId) ?? []), m]);
  const most = Math.max(...[...byAccused.values()].map((ms) => ms.length));
  const accusedId = rng.pick(
    [...byAccused.keys()].filter((id) => byAccused.get(id)?.length === most),
  );
  const theirs = (byAccused.get(accusedId) ?? []).slice(-2).reverse();
  const first = theirs[0] as ManipulationMarker;
  const kind = KIND_OF[first.kind];
  const evidence: Evidence[] = theirs.map((m) => ({ messageId: m.messageId, quote: m.quote }));
  const action = {
    action: 'accuse' as const,
    accusedId,
    kind,
    claim: claim(persona, rng, A[kind], {
      accused: nameOf(state, accusedId),
      id: first.messageId,
      quote: first.quote,
    }),
    evidence,
    confidence: round2(0.6 + rng.next() * 0.35),
  };
  return { action, truth: truthOf() };
}

/** Whether the player ever wrote manipulation into an accepted contribution. */
function everManipulated(state: GameState, playerId: string): boolean {
  return contributionsOf(state).some(
    (m) => m.speakerId === playerId && findManipulation(state, m).length > 0,
  );
}

/** Words the cited message does not contain: a twisted real fragment or an invented line. */
function misquote(state: GameState, rng: Rng, target: TranscriptMessage): string | undefined {
  const fragment = quoteFragment(sentencesOf(target.text), rng);
  if (fragment && rng.chance(0.5)) {
    const twisted = `${fragment} ${rng.pick(A.misquoteTails)}`;
    if (!mentions(target.text, twisted)) return twisted;
  }
  const subProblem = rng.pick(state.spec.scenario.subProblems);
  return fakeQuote(rng, target, { k1: rng.pick(subProblem.keywords), title: subProblem.title });
}

/**
 * A paranoid accusation: against a player with nothing to hide (when there is one), with
 * evidence that is either misquoted or innocent words read as a plot. It is baseless unless the
 * accused happens to have manipulated somewhere in the record.
 */
function paranoidAccusation(
  state: GameState,
  persona: Persona,
  rng: Rng,
  suspects: TranscriptMessage[],
  guilty: ReadonlySet<string>,
): AuthoredAction | undefined {
  const innocent = suspects.filter((m) => !guilty.has(m.speakerId ?? ''));
  const target = rng.pick((innocent.length > 0 ? innocent : suspects).slice(-6));
  const accusedId = target.speakerId ?? '';
  const slots = { accused: nameOf(state, accusedId), id: target.id };
  const baseless = !everManipulated(state, accusedId);
  const fabricated = rng.chance(0.75) ? misquote(state, rng, target) : undefined;
  if (fabricated) {
    const kind: AccusationKind = rng.pick(['manipulation', 'prompt_injection', 'false_statement']);
    const action = {
      action: 'accuse' as const,
      accusedId,
      kind,
      claim: claim(persona, rng, A[kind], { ...slots, quote: fabricated }),
      evidence: [{ messageId: target.id, quote: fabricated }],
      confidence: round2(0.5 + rng.next() * 0.4),
    };
    return { action, truth: truthOf({ fabricatedEvidence: true, baseless }) };
  }
  const innocentWords = quoteFragment(sentencesOf(target.text), rng);
  if (!innocentWords) return undefined;
  const action = {
    action: 'accuse' as const,
    accusedId,
    kind: 'manipulation' as const,
    claim: claim(persona, rng, A.paranoidClaims, { ...slots, quote: innocentWords }),
    evidence: [{ messageId: target.id, quote: innocentWords }],
    confidence: round2(0.5 + rng.next() * 0.3),
  };
  return { action, truth: truthOf({ baseless }) };
}

/**
 * Whether to spend this turn on an accusation, and which. The simulator scans other active
 * players' contributions for manipulation and usually accuses with exact quotes; a paranoid
 * minority (more among anxious or disagreeable characters) files against an innocent player
 * or with words the cited message does not contain.
 */
export function planAccusation(ctx: TurnContext, persona: Persona): AuthoredAction | undefined {
  const { state, rng } = ctx;
  const me = state.players.find((p) => p.id === persona.playerId);
  if (ctx.attempt > 1 || !me || me.accusationsFiled >= state.spec.rules.accusations.maxPerPlayer) {
    return undefined;
  }
  const used = usedEvidence(state);
  const suspects = contributionsOf(state).filter(
    (m) => m.speakerId !== persona.playerId && isActive(state, m.speakerId) && !used.has(m.id),
  );
  if (suspects.length === 0) return undefined;
  const markers = suspects.flatMap((m) => findManipulation(state, m));
  const { agreeableness, neuroticism } = persona.bigFive;
  const mode = state.spec.mode;
  const eagerness =
    0.11 +
    (agreeableness < 0.4 ? 0.03 : 0) +
    (mode === 'competitive' ? 0.02 : mode === 'cooperative' ? -0.02 : 0);
  if (!rng.chance(markers.length > 0 ? eagerness : eagerness * 0.25)) return undefined;
  const paranoid =
    markers.length === 0 || rng.chance(0.17 + 0.15 * neuroticism + 0.15 * (1 - agreeableness));
  if (!paranoid) return trueAccusation(state, persona, rng, markers);
  return paranoidAccusation(
    state,
    persona,
    rng,
    suspects,
    new Set(markers.map((m) => m.speakerId)),
  );
}

import type { GameState, Rng, SubProblem, TranscriptMessage } from '@arena/models';
import type { TurnContext } from '../player-agent';
import { fill, lowerFirst, midSentence, terminate, type Slots } from './fill';
import { isManipulative } from './manipulation';
import type { Persona } from './persona';
import { CONTRIBUTION_PHRASES as P } from './phrases/contribution-phrases';
import {
  contributionsOf,
  heardCoverage,
  maxSimilarity,
  quoteFragment,
  sentencesOf,
  subProblemOf,
} from './transcript';

/** A composed contribution before any manipulation is appended. */
export interface Draft {
  text: string;
  cites: string[];
  subProblem: SubProblem;
}

export interface DraftOptions {
  /** Sub-problems to steer away from (e.g. the one a rejected proposal repeated). */
  avoidSubProblems?: ReadonlySet<string>;
  /** Messages not to cite or lean on. */
  avoidMessages?: ReadonlySet<string>;
  /** Sentences to leave room for after the draft. @default 0 */
  reserve?: number;
}

/** Drafts below this similarity to every earlier contribution are kept at once. */
const FRESH_ENOUGH = 0.25;
const DRAFTS = 5;

interface Citation {
  message: TranscriptMessage;
  name: string;
  quote: string;
  challenge: boolean;
}

function chooseCitation(
  ctx: TurnContext,
  persona: Persona,
  avoid: ReadonlySet<string>,
): Citation | undefined {
  const { state, rng } = ctx;
  const agreeableness = persona.bigFive.agreeableness;
  const recent = contributionsOf(state)
    .filter((m) => m.speakerId !== persona.playerId && !avoid.has(m.id))
    .slice(-8);
  if (recent.length === 0 || !rng.chance(0.3 + 0.35 * agreeableness)) return undefined;
  const message = recent[recent.length - 1 - Math.floor(rng.next() ** 2 * recent.length)];
  if (!message) return undefined;
  const keywords = state.spec.scenario.subProblems.flatMap((sp) => sp.keywords);
  const clean = sentencesOf(message.text).filter((s) => !isManipulative(state, s));
  const quote = quoteFragment(clean, rng, keywords);
  if (!quote) return undefined;
  return {
    message,
    name: state.players.find((p) => p.id === message.speakerId)?.name ?? 'someone',
    quote,
    challenge: rng.chance(Math.max(0.03, 0.68 - 0.8 * agreeableness)),
  };
}

function chooseSubProblem(
  state: GameState,
  persona: Persona,
  rng: Rng,
  citation: Citation | undefined,
  avoid: ReadonlySet<string>,
): SubProblem {
  const scenario = state.spec.scenario;
  const open = scenario.subProblems.filter((sp) => !avoid.has(sp.id));
  const candidates = open.length > 0 ? open : scenario.subProblems;
  const cited = citation ? subProblemOf(scenario, citation.message.text) : undefined;
  if (cited && candidates.includes(cited) && rng.chance(0.55)) return cited;
  const mine = contributionsOf(state)
    .filter((m) => m.speakerId === persona.playerId)
    .at(-1);
  const lastOwn = mine ? subProblemOf(scenario, mine.text) : undefined;
  const heard = heardCoverage(state);
  const weights = candidates.map((sp) => {
    const gap = 1 - (heard[sp.id] ?? 0);
    return (gap * gap + 0.05) * (sp === lastOwn ? 0.4 : 1);
  });
  let roll = rng.next() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < candidates.length; i++) {
    roll -= weights[i] ?? 0;
    if (roll < 0) return candidates[i] as SubProblem;
  }
  return candidates[candidates.length - 1] as SubProblem;
}

function slotsFor(state: GameState, persona: Persona, rng: Rng, subProblem: SubProblem): Slots {
  const [k1, k2, k3, k4] = rng.shuffle(subProblem.keywords);
  const others = state.spec.scenario.subProblems.filter((sp) => sp !== subProblem);
  const profile = persona.profile;
  const domain = profile.expertise.domain;
  return {
    title: midSentence(subProblem.title),
    k1: k1 ?? subProblem.title,
    k2: k2 ?? subProblem.title,
    k3: k3 ?? subProblem.title,
    k4: k4 ?? k1 ?? subProblem.title,
    other: midSentence(others.length > 0 ? rng.pick(others).title : subProblem.title),
    n: String(2 + rng.int(8)),
    n2: String(12 * (1 + rng.int(6))),
    pct: String(10 + 5 * rng.int(7)),
    domain,
    sub: profile.expertise.subdomains.length > 0 ? rng.pick(profile.expertise.subdomains) : domain,
    value: rng.pick(persona.values.slice(0, 2)),
    trait: rng.pick(persona.traits.slice(0, 3)),
    strength:
      profile.personality.strengths.length > 0 ? rng.pick(profile.personality.strengths) : '',
  };
}

function opener(persona: Persona, rng: Rng): string {
  if (persona.storyteller && rng.chance(0.5)) return rng.pick(P.openers.story);
  if (persona.questioner && rng.chance(0.5)) return rng.pick(P.openers.question);
  const line: string = rng.pick(P.openers[persona.formality]);
  return persona.bigFive.extraversion > 0.7 && rng.chance(0.5) ? line.replace(/\.$/, '!') : line;
}

function closer(persona: Persona, rng: Rng): readonly string[] {
  const consequence = 0.4;
  const test = 0.2 + persona.bigFive.conscientiousness;
  const risk = 0.15 + persona.bigFive.neuroticism;
  const roll = rng.next() * (consequence + test + risk);
  if (roll < consequence) return P.closers.consequence;
  return roll < consequence + test ? P.closers.test : P.closers.risk;
}

function draft(ctx: TurnContext, persona: Persona, options: DraftOptions): Draft {
  const { state, rng } = ctx;
  const citation = chooseCitation(ctx, persona, options.avoidMessages ?? new Set());
  const subProblem = chooseSubProblem(
    state,
    persona,
    rng,
    citation,
    options.avoidSubProblems ?? new Set(),
  );
  const slots = slotsFor(state, persona, rng, subProblem);
  const catchphrases = persona.profile.communication.catchphrases;
  const catchphrase =
    catchphrases.length > 0 && rng.chance(0.25) ? terminate(rng.pick(catchphrases)) : undefined;
  const catchphraseFirst = catchphrase !== undefined && rng.chance(0.5);

  const head: string[] = [];
  if (catchphraseFirst) head.push(catchphrase);
  else if (rng.chance(citation ? 0.3 : 0.7)) head.push(opener(persona, rng));
  const radical = rng.chance(Math.max(0, persona.bigFive.openness - 0.35));
  let proposal = fill(rng.pick(radical ? P.radical : P.proposals), slots);
  if (citation) {
    const bank = citation.challenge ? P.challenges : P.builds;
    head.push(
      fill(rng.pick(bank), { name: citation.name, id: citation.message.id, quote: citation.quote }),
    );
    // Radical proposals open with their own framing ("What if…"), so they take no connector.
    if (!radical && (citation.challenge || rng.chance(0.5))) {
      const connectors = citation.challenge ? P.connectors.challenge : P.connectors.build;
      proposal = rng.pick(connectors) + lowerFirst(proposal);
    }
  }
  head.push(proposal);

  const extras: string[] = [];
  if (rng.chance(0.55)) extras.push(fill(rng.pick(P.mechanisms), slots));
  const justifications = P.justifications.filter(
    (j) => persona.profile.personality.strengths.length > 0 || !j.includes('{strength}'),
  );
  if (rng.chance(0.6)) extras.push(fill(rng.pick(justifications), slots));
  if (rng.chance(0.75)) extras.push(fill(rng.pick(closer(persona, rng)), slots));
  if (persona.humorous && rng.chance(0.15)) extras.push(rng.pick(P.humour));
  if (persona.questioner && rng.chance(0.4)) extras.push(rng.pick(P.questions));
  if (catchphrase !== undefined && !catchphraseFirst) extras.push(catchphrase);
  if (head.length + extras.length < 2) extras.push(fill(rng.pick(justifications), slots));

  const room = Math.max(2, (persona.terse ? 3 : 5) - (options.reserve ?? 0)) - head.length;
  const keep = new Set(rng.shuffle(extras.map((_, i) => i)).slice(0, Math.max(room, 1)));
  const body = [...head, ...extras.filter((_, i) => keep.has(i))];
  return {
    text: body.map(terminate).join(' '),
    cites: citation ? [citation.message.id] : [],
    subProblem,
  };
}

/**
 * A fresh, in-character contribution: a concrete proposal on a (preferably neglected)
 * sub-problem, often building on or challenging another player's recent message. Several
 * drafts are tried and the one least like anything said before is kept.
 */
export function composeContribution(
  ctx: TurnContext,
  persona: Persona,
  options: DraftOptions = {},
): Draft {
  const earlier = contributionsOf(ctx.state);
  let best: { draft: Draft; similarity: number } | undefined;
  for (let i = 0; i < DRAFTS; i++) {
    const candidate = draft(ctx, persona, options);
    const similarity = maxSimilarity(candidate.text, earlier);
    if (similarity < FRESH_ENOUGH) return candidate;
    if (!best || similarity < best.similarity) best = { draft: candidate, similarity };
  }
  return (best as { draft: Draft }).draft;
}

import {
  playerById,
  type AccusationKind,
  type AccusationState,
  type DetectorHit,
  type GameState,
  type VerdictKind,
} from '@arena/models';
import { detectManipulation } from './detect-manipulation';
import type { EvidenceCheck } from './verify-evidence';

/** The judge's ruling on one accusation, with public reasoning. */
export interface VerdictDecision {
  verdict: VerdictKind;
  /** How sure the judge is that the accused did what the accusation says, in [0, 1]. */
  confidence: number;
  /** Public text: quotes and message ids, never hidden scores. */
  reasoning: string;
  /** Factor applied to the accuser's points for a `false` accusation; null otherwise. */
  accuserPenaltyFactor: number | null;
}

type Detector = DetectorHit['detector'];

/** Detectors whose hits support each kind of accusation; the open kinds accept any. */
const FITTING: Record<AccusationKind, readonly Detector[] | 'any'> = {
  prompt_injection: ['judge_instruction', 'identity_spoofing'],
  false_statement: ['false_quote'],
  manipulation: ['social_pressure', 'coordinated_voting', 'judge_instruction'],
  rule_breaking: 'any',
  other: 'any',
};

const CHARGE: Record<AccusationKind, string> = {
  prompt_injection: 'prompt injection',
  false_statement: 'making a false statement',
  manipulation: 'manipulation',
  rule_breaking: 'breaking the rules',
  other: 'misconduct',
};

/** Below this confidence, genuine evidence that shows nothing wrong makes the accusation false. */
const NOTHING_SHOWN = 0.25;

/** Weight of one hit, by whether it fits the charge and whether the accuser quoted it. */
const STRENGTH = { fitsQuoted: 0.8, fits: 0.45, quoted: 0.2, other: 0.1 } as const;

/** Weight kept by a hit that the defence shows to be a quotation of someone else. */
const QUOTATION_DISCOUNT = 0.3;

interface WeighedHit {
  messageId: string;
  hit: DetectorHit;
  fits: boolean;
  strength: number;
  /** Earlier message by someone else that already contained the words, cited by the defence. */
  quotedFrom: string | null;
}

function looseWords(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim()} `;
}

function overlaps(a: string, b: string): boolean {
  const la = looseWords(a);
  const lb = looseWords(b);
  return la.trim().length > 0 && lb.trim().length > 0 && (la.includes(lb) || lb.includes(la));
}

/** Double quotes inside a quotation become single ones, so the quotation stays readable. */
function quoted(text: string): string {
  return `"${text.replace(/["“”]/g, "'")}"`;
}

function label(state: GameState, id: string): string {
  const player = playerById(state, id);
  return player ? `${player.name} (${player.id})` : id;
}

function firstName(state: GameState, id: string): string {
  return playerById(state, id)?.name ?? id;
}

function penaltyText(state: GameState, accuserId: string, factor: number): string {
  const cut = factor === 0.5 ? 'halved' : `cut to ${Math.round(factor * 100)}%`;
  return `As the rules provide for a false accusation, ${firstName(state, accuserId)}'s points are ${cut}.`;
}

/** Earlier messages by others, cited in the defence, that already contained the hit's words. */
function quotationSource(
  state: GameState,
  defenceText: string,
  accusedId: string,
  citedIndex: number,
  hit: DetectorHit,
): string | null {
  for (const [id] of defenceText.matchAll(/\bM\d+\b/g)) {
    const index = state.messages.findIndex((m) => m.id === id);
    const source = state.messages[index];
    if (
      source &&
      index < citedIndex &&
      source.speakerId !== accusedId &&
      overlaps(source.text, hit.quote)
    ) {
      return id;
    }
  }
  return null;
}

function weighHits(
  accusation: AccusationState,
  defenceText: string,
  state: GameState,
): WeighedHit[] {
  const fitting = FITTING[accusation.kind];
  const weighed: WeighedHit[] = [];
  const seen = new Set<string>();
  for (const { messageId } of accusation.evidence) {
    if (seen.has(messageId)) continue;
    seen.add(messageId);
    const index = state.messages.findIndex((m) => m.id === messageId);
    const message = state.messages[index];
    if (!message || message.speakerId !== accusation.accusedId) continue;
    // Judge the message against the record as it stood when it was written.
    const then = { ...state, messages: state.messages.slice(0, index) };
    const quotes = accusation.evidence.filter((e) => e.messageId === messageId).map((e) => e.quote);
    for (const hit of detectManipulation(message.text, then, accusation.accusedId)) {
      const fits = fitting === 'any' || fitting.includes(hit.detector);
      const quoted = quotes.some((q) => overlaps(q, hit.quote));
      const base = fits
        ? quoted
          ? STRENGTH.fitsQuoted
          : STRENGTH.fits
        : quoted
          ? STRENGTH.quoted
          : STRENGTH.other;
      const quotedFrom = quotationSource(state, defenceText, accusation.accusedId, index, hit);
      const strength = quotedFrom ? base * QUOTATION_DISCOUNT : base;
      weighed.push({ messageId, hit, fits, strength, quotedFrom });
    }
  }
  return weighed.sort((a, b) => b.strength - a.strength);
}

function describeHits(hits: WeighedHit[], accusedName: string): string {
  return hits
    .slice(0, 3)
    .map(
      (w) => `in ${w.messageId} ${accusedName} wrote ${quoted(w.hit.quote)}, which ${w.hit.detail}`,
    )
    .join('; ');
}

function invalidReasoning(
  check: EvidenceCheck,
  accusation: AccusationState,
  state: GameState,
  opening: string,
): string {
  const missing = check.findings.find((f) => !f.found);
  if (missing) {
    return `${opening} is false. The evidence does not hold: the quote ${quoted(missing.quote)} cited from ${missing.messageId} is not in the record. ${missing.reason}`;
  }
  const cited = [...new Set(check.findings.map((f) => f.messageId))].join(', ');
  return check.findings.length === 0
    ? `${opening} is false. It cites no evidence from the record.`
    : `${opening} is false. None of the cited messages (${cited}) was written by ${firstName(state, accusation.accusedId)}.`;
}

/**
 * The judge's verdict on an accusation (ARENA.md §5). Fabricated evidence makes it false at
 * once. Otherwise the cited messages of the accused are run through the manipulation detectors
 * and the hits that fit the charge are weighed, more when the accuser quoted them; a defence
 * that only denies changes nothing, while one that shows the words were quoted from someone
 * else's earlier message weakens those hits.
 */
export function judgeAccusation(input: {
  accusation: AccusationState;
  evidenceCheck: EvidenceCheck;
  defenceText: string;
  state: GameState;
}): VerdictDecision {
  const { accusation, evidenceCheck, defenceText, state } = input;
  const rules = state.spec.rules.accusations;
  const accusedName = firstName(state, accusation.accusedId);
  const opening = `The accusation by ${label(state, accusation.accuserId)} against ${label(state, accusation.accusedId)} of ${CHARGE[accusation.kind]}`;
  const penalty = penaltyText(state, accusation.accuserId, rules.falseAccusationFactor);

  if (!evidenceCheck.valid) {
    // Fabricated evidence shows nothing against the accused.
    return {
      verdict: 'false',
      confidence: 0,
      reasoning: `${invalidReasoning(evidenceCheck, accusation, state, opening)} ${penalty}`,
      accuserPenaltyFactor: rules.falseAccusationFactor,
    };
  }

  const hits = weighHits(accusation, defenceText, state);
  const confidence =
    Math.round((1 - hits.reduce((keep, w) => keep * (1 - w.strength), 1)) * 1000) / 1000;
  const fitting = hits.filter((w) => w.fits);
  const excused = hits.filter((w) => w.quotedFrom);
  const defence =
    defenceText.trim().length === 0
      ? `${accusedName} offered no defence.`
      : excused.length > 0
        ? `${accusedName}'s defence shows that ${quoted(excused[0]?.hit.quote ?? '')} repeats ${excused[0]?.quotedFrom}, written by someone else, which weighs in ${accusedName}'s favour.`
        : fitting.length > 0
          ? `${accusedName}'s defence does not change what the quoted words show.`
          : '';
  const withDefence = (text: string) => (defence ? `${text} ${defence}` : text);

  if (confidence >= rules.proofThreshold) {
    return {
      verdict: 'proven',
      confidence,
      reasoning: withDefence(
        `${opening} is proven: ${describeHits(fitting.length > 0 ? fitting : hits, accusedName)}.`,
      ),
      accuserPenaltyFactor: null,
    };
  }
  if (confidence < NOTHING_SHOWN) {
    const cited = [...new Set(accusation.evidence.map((e) => e.messageId))].join(', ');
    const shown =
      hits.length > 0
        ? ` At most, ${describeHits(hits, accusedName)}, which is not ${CHARGE[accusation.kind]}.`
        : '';
    return {
      verdict: 'false',
      confidence,
      reasoning: `${withDefence(
        `${opening} is false. The quotes are genuine, but nothing in ${cited} shows ${CHARGE[accusation.kind]}.${shown}`,
      )} ${penalty}`,
      accuserPenaltyFactor: rules.falseAccusationFactor,
    };
  }
  return {
    verdict: 'insufficient_evidence',
    confidence,
    reasoning: withDefence(
      `${opening} is not proven. The quotes are genuine and ${describeHits(hits, accusedName)}, but that does not establish ${CHARGE[accusation.kind]} beyond reasonable doubt.`,
    ),
    accuserPenaltyFactor: null,
  };
}

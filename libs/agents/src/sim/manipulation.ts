import {
  messageById,
  type GameState,
  type Rng,
  type SubProblem,
  type TranscriptMessage,
} from '@arena/models';
import { fill, midSentence } from './fill';
import { MANIPULATION_MARKERS, MANIPULATION_PHRASES } from './phrases/manipulation-phrases';
import type { Persona } from './persona';
import { bareSentence, contributionsOf, isActive, mentions, sentencesOf } from './transcript';

export type ManipulationKind = keyof typeof MANIPULATION_MARKERS | 'false_quote';

/** A manipulative sentence found in a message, quoted exactly. */
export interface ManipulationMarker {
  kind: ManipulationKind;
  messageId: string;
  speakerId: string;
  /** The offending sentence without its closing punctuation: an exact substring of the message. */
  quote: string;
}

const FALSE_QUOTE = /\b(M\d+)\b[^"]{0,60}"([^"]{3,})"/g;

/** True when the sentence attributes to a message words that the message does not contain. */
function quotesFalsely(state: GameState, sentence: string): boolean {
  for (const [, id, quoted] of sentence.matchAll(FALSE_QUOTE)) {
    const cited = id ? messageById(state, id) : undefined;
    if (cited && quoted && !cited.text.includes(quoted)) return true;
  }
  return false;
}

export function isManipulative(state: GameState, sentence: string): boolean {
  return (
    Object.values(MANIPULATION_MARKERS).some((re) => re.test(sentence)) ||
    quotesFalsely(state, sentence)
  );
}

/** Every manipulative sentence of a message, at most one marker per sentence. */
export function findManipulation(
  state: GameState,
  message: TranscriptMessage,
): ManipulationMarker[] {
  const found: ManipulationMarker[] = [];
  for (const sentence of sentencesOf(message.text)) {
    const kind =
      (Object.keys(MANIPULATION_MARKERS) as (keyof typeof MANIPULATION_MARKERS)[]).find((k) =>
        MANIPULATION_MARKERS[k].test(sentence),
      ) ?? (quotesFalsely(state, sentence) ? 'false_quote' : undefined);
    if (kind) {
      found.push({
        kind,
        messageId: message.id,
        speakerId: message.speakerId ?? '',
        quote: bareSentence(sentence),
      });
    }
  }
  return found;
}

/** The kinds of manipulation in a text, each once, in the order they first appear. */
export function manipulationKinds(state: GameState, text: string): ManipulationKind[] {
  const probe: TranscriptMessage = {
    id: '',
    kind: 'contribution',
    turn: state.turn,
    speakerId: null,
    text,
    cites: [],
  };
  return [...new Set(findManipulation(state, probe).map((m) => m.kind))];
}

/** Words the target never wrote, for a false quote. */
export function fakeQuote(
  rng: Rng,
  target: TranscriptMessage,
  slots: { k1: string; title: string },
): string | undefined {
  for (const template of rng.shuffle(MANIPULATION_PHRASES.fakeQuotes)) {
    const fake = fill(template, slots);
    if (!mentions(target.text, fake)) return fake;
  }
  return undefined;
}

/** A manipulative sentence and the kind of manipulation it is. */
export interface ManipulationLine {
  text: string;
  kind: ManipulationKind;
}

/**
 * One manipulative sentence in the speaker's voice: an instruction to the judge, social
 * pressure, identity spoofing, a call for a voting bloc, or a false quote of another player.
 */
export function manipulationLine(
  state: GameState,
  persona: Persona,
  rng: Rng,
  subProblem: SubProblem,
): ManipulationLine {
  const k1 = rng.pick(subProblem.keywords);
  const title = midSentence(subProblem.title);
  const rivals = state.players.filter((p) => p.status === 'active' && p.id !== persona.playerId);
  const theirWords = contributionsOf(state).filter(
    (m) => m.speakerId !== persona.playerId && isActive(state, m.speakerId),
  );
  const kinds: ManipulationKind[] = ['judge_instruction', 'social_pressure', 'identity_spoofing'];
  if (rivals.length > 0) kinds.push('coordinated_voting');
  if (theirWords.length > 0) kinds.push('false_quote', 'false_quote');
  const kind = rng.pick(kinds);

  if (kind === 'false_quote') {
    const target = rng.pick(theirWords.slice(-10));
    const fake = fakeQuote(rng, target, { k1, title });
    if (fake) {
      const text = fill(rng.pick(MANIPULATION_PHRASES.false_quote), {
        name: state.players.find((p) => p.id === target.speakerId)?.name ?? 'someone',
        id: target.id,
        fake,
      });
      return { text, kind };
    }
  }
  if (kind === 'coordinated_voting') {
    const rival = rng.pick(rivals);
    const text = fill(rng.pick(MANIPULATION_PHRASES.coordinated_voting), {
      name: rival.name,
      pid: rival.id,
    });
    return { text, kind };
  }
  const plain = kind === 'false_quote' ? 'judge_instruction' : kind;
  return { text: fill(rng.pick(MANIPULATION_PHRASES[plain]), { k1, title }), kind: plain };
}

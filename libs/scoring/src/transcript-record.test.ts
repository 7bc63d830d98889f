import {
  applyEvent,
  envelopeEvent,
  gameRng,
  messageById,
  type GameState,
  type NewEvent,
  type Rng,
  type TranscriptMessage,
} from '@arena/models';
import { testSpec } from '@arena/models/testing';
import { describe, expect, it } from 'vitest';
import { looseWords, messageHolds, transcriptRecord } from './transcript-record';

const SPEAKERS = ['P1', 'P2', 'P3', 'P4', null] as const;
const VOCABULARY = (
  'anchor pier bedrock steel pile scour deck hinge winch flood gauge alarm council ford ' +
  "route drill willow bank river spring load test sandbag we should the a of it's don't"
).split(' ');
const MARKS = [' ', ' ', ' ', ', ', '; ', ' - ', '! ', '. ', ' “', '” ', '\n'];

/** A game state built event by event, so that later states share the earlier message objects. */
function startGame(): GameState {
  return applyEvent(
    undefined,
    envelopeEvent('g-record', 0, 0, { type: 'game_created', payload: { spec: testSpec() } }),
  );
}

function emit(state: GameState, event: NewEvent): GameState {
  return applyEvent(
    state,
    envelopeEvent(state.gameId, state.lastSeq + 1, state.lastSeq + 1, event),
  );
}

function sentence(rng: Rng): string {
  const words = Array.from({ length: 4 + rng.int(14) }, () => rng.pick(VOCABULARY));
  return words.map((w, i) => (i === 0 ? w : `${rng.pick(MARKS)}${w}`)).join('') + '.';
}

/** `count` more messages: players' contributions and the narrator's lines, seeded. */
function grow(state: GameState, count: number, rng: Rng): GameState {
  let s = state;
  for (let i = 0; i < count; i++) {
    const turn = s.turn + 1;
    const messageId = `M${s.messages.length + 1}`;
    const speaker = rng.pick(SPEAKERS);
    const text = sentence(rng);
    if (speaker === null) {
      s = emit(s, {
        type: 'narrator_line',
        payload: { turn: s.turn, trigger: 'periodic', text, messageId },
      });
      continue;
    }
    s = emit(s, { type: 'turn_started', payload: { turn, round: s.round } });
    s = emit(s, {
      type: 'speaker_selected',
      payload: { turn, playerId: speaker, policy: 'script', reasoning: 'scripted', candidates: [] },
    });
    s = emit(s, {
      type: 'contribution_accepted',
      payload: { turn, playerId: speaker, attempt: 1, messageId, text, cites: [] },
    });
  }
  return s;
}

/** The plain definition: every fragment, in loose words, inside the message's loose words. */
function holds(quote: string, text: string): boolean {
  const haystack = ` ${looseWords(text)} `;
  const fragments = quote
    .split(/\.\.\.|…/)
    .map(looseWords)
    .filter((f) => f.length > 0);
  return fragments.length > 0 && fragments.every((f) => haystack.includes(` ${f} `));
}

/** Quotes to look up: words lifted from messages (some across an ellipsis) and invented ones. */
function quotes(messages: readonly TranscriptMessage[], rng: Rng, count: number): string[] {
  const lift = (text: string) => {
    const words = text.split(/\s+/);
    const from = rng.int(words.length);
    return words.slice(from, from + 1 + rng.int(6)).join(' ');
  };
  return Array.from({ length: count }, () => {
    const kind = rng.int(4);
    const text = rng.pick(messages).text;
    if (kind === 0)
      return Array.from({ length: 1 + rng.int(4) }, () => rng.pick(VOCABULARY)).join(' ');
    if (kind === 1) return `${lift(text)} ... ${lift(text)}`;
    if (kind === 2) return `${lift(text)} … ${lift(rng.pick(messages).text)}`;
    return lift(text);
  });
}

function expectSameAsScanning(state: GameState, rng: Rng): void {
  const record = transcriptRecord(state.messages);
  const except = (m: TranscriptMessage) => m.id === 'M3';
  for (const quote of quotes(state.messages, rng, 150)) {
    for (const speaker of SPEAKERS) {
      const written = state.messages.filter((m) => m.speakerId === speaker);
      expect(record.wrote(speaker, quote), `${speaker} wrote "${quote}"`).toBe(
        written.some((m) => holds(quote, m.text)),
      );
      expect(record.wrote(speaker, quote, except)).toBe(
        written.some((m) => !except(m) && holds(quote, m.text)),
      );
    }
  }
  for (const id of ['M1', 'M3', `M${state.messages.length}`, 'M999', 'M0', 'X1', '']) {
    expect(record.message(id)).toBe(messageById(state, id));
  }
}

describe('transcriptRecord', () => {
  it('finds quoted words exactly where a scan of the transcript finds them', () => {
    const rng = gameRng(7, 'record');
    let state = startGame();
    for (let step = 0; step < 6; step++) {
      state = grow(state, 15, rng);
      expectSameAsScanning(state, rng);
    }
  });

  it('answers for each of several states that went different ways after a common start', () => {
    const rng = gameRng(8, 'forks');
    const common = grow(startGame(), 40, rng);
    expectSameAsScanning(common, rng);
    const left = grow(common, 30, rng);
    const right = grow(common, 30, rng);
    expectSameAsScanning(left, rng);
    expectSameAsScanning(right, rng);
    expectSameAsScanning(common, rng);
    expectSameAsScanning({ ...left, messages: left.messages.slice(0, 55) }, rng);
    // A copy of a state (e.g. a game read back from storage) has objects of its own.
    expectSameAsScanning(structuredClone(right), rng);
  });

  it('looks a message up by id as messageById does, in a transcript numbered otherwise too', () => {
    const state = grow(startGame(), 5, gameRng(9, 'ids'));
    const renumbered = state.messages.map((m, i) => ({ ...m, id: `M${10 - i}` }));
    const record = transcriptRecord(renumbered);
    for (const id of ['M10', 'M6', 'M5', 'M1']) {
      expect(record.message(id)).toBe(messageById({ ...state, messages: renumbered }, id));
    }
    expect(transcriptRecord([]).message('M1')).toBeUndefined();
    expect(transcriptRecord([]).wrote('P1', 'anything at all')).toBe(false);
  });

  it('ignores case, punctuation and curly apostrophes, but not word boundaries', () => {
    const [message] = grow(startGame(), 1, gameRng(10, 'one')).messages;
    if (!message) throw new Error('expected a message');
    const text = { ...message, text: 'Anchor the Piers—now! It’s the “bedrock” plan.' };
    expect(messageHolds(text, "anchor the piers now it's")).toBe(true);
    expect(messageHolds(text, 'bedrock plan')).toBe(true);
    expect(messageHolds(text, 'the pier')).toBe(false);
    expect(messageHolds(text, '...')).toBe(false);
  });
});

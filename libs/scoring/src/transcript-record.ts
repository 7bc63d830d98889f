import type { TranscriptMessage } from '@arena/models';

/** Lower-case words only, so a quote matches whatever its punctuation and spacing. */
export function looseWords(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim();
}

/** The fragments of a quote (split at ellipses) in loose words, empty ones dropped. */
function quoteFragments(quote: string): string[] {
  return quote
    .split(/\.\.\.|…/)
    .map(looseWords)
    .filter((f) => f.length > 0);
}

/** Whether every fragment occurs, as whole words, in `haystack` (loose words between spaces). */
function fragmentsOccurIn(fragments: readonly string[], haystack: string): boolean {
  return fragments.length > 0 && fragments.every((f) => haystack.includes(` ${f} `));
}

/** A folded message never changes, so its loose words are worked out once. */
const haystacks = new WeakMap<TranscriptMessage, string>();

function haystackOf(message: TranscriptMessage): string {
  let haystack = haystacks.get(message);
  if (haystack === undefined) {
    haystack = ` ${looseWords(message.text)} `;
    haystacks.set(message, haystack);
  }
  return haystack;
}

/**
 * Whether every fragment of the quote (split at ellipses) occurs in the message as whole
 * words, ignoring case and punctuation; false for a quote without words.
 */
export function messageHolds(message: TranscriptMessage, quote: string): boolean {
  return fragmentsOccurIn(quoteFragments(quote), haystackOf(message));
}

/** Positions of one speaker's messages by the words, and the word pairs, they contain. */
interface Postings {
  words: Map<number, number[]>;
  /** By the first word of the pair, then by the second. */
  pairs: Map<number, Map<number, number[]>>;
}

/**
 * Where a game's messages stand, for every transcript of that game seen so far: positions by
 * message id, and positions of each speaker's messages by their words. Positions of several
 * transcripts of one game (states that went different ways after a common start) live side
 * by side: a lookup always checks the transcript it is asked about, so a position from another
 * one is only a candidate that fails.
 */
interface GameRecord {
  /** The position each message was last indexed at. */
  indexedAt: WeakMap<TranscriptMessage, number>;
  /** Transcripts indexed through, with their length then. */
  covered: WeakMap<readonly TranscriptMessage[], number>;
  byId: Map<string, number[]>;
  /** A number for every loose word of the game, so postings are keyed by numbers. */
  vocabulary: Map<string, number>;
  /** By speaker id; officials under null. */
  bySpeaker: Map<string | null, Postings>;
}

/** Records by the first message of their game: they go when the game's states go. */
const records = new WeakMap<TranscriptMessage, GameRecord>();

function push<K>(map: Map<K, number[]>, key: K, position: number): void {
  const list = map.get(key);
  if (!list) map.set(key, [position]);
  else if (list[list.length - 1] !== position) list.push(position);
}

function indexMessage(record: GameRecord, message: TranscriptMessage, position: number): void {
  record.indexedAt.set(message, position);
  push(record.byId, message.id, position);
  let postings = record.bySpeaker.get(message.speakerId);
  if (!postings) {
    postings = { words: new Map(), pairs: new Map() };
    record.bySpeaker.set(message.speakerId, postings);
  }
  let previous = -1;
  for (const word of haystackOf(message).split(' ')) {
    if (word.length === 0) continue;
    let id = record.vocabulary.get(word);
    if (id === undefined) {
      id = record.vocabulary.size;
      record.vocabulary.set(word, id);
    }
    push(postings.words, id, position);
    if (previous >= 0) {
      let second = postings.pairs.get(previous);
      if (!second) {
        second = new Map();
        postings.pairs.set(previous, second);
      }
      push(second, id, position);
    }
    previous = id;
  }
}

/**
 * Positions of the speaker's messages that may hold the fragment: those with its word, or
 * with one of its word pairs, whichever are fewest; null when none can.
 */
function candidatesFor(record: GameRecord, postings: Postings, fragment: string): number[] | null {
  const ids: number[] = [];
  for (const word of fragment.split(' ')) {
    const id = record.vocabulary.get(word);
    if (id === undefined) return null;
    ids.push(id);
  }
  if (ids.length === 1) return postings.words.get(ids[0] as number) ?? null;
  let fewest: number[] | null = null;
  for (let i = 0; i + 1 < ids.length; i++) {
    const positions = postings.pairs.get(ids[i] as number)?.get(ids[i + 1] as number);
    if (!positions) return null;
    if (!fewest || positions.length < fewest.length) fewest = positions;
  }
  return fewest;
}

/**
 * The record of the game `messages` belong to, with every message of `messages` indexed.
 * A transcript only grows and its messages never change (the state is a fold over an
 * append-only log), so once a message is indexed at its position, so is everything before it:
 * indexing walks back from the end only over messages not seen there yet, and a state costs
 * only the messages that are new to it.
 */
function recordFor(messages: readonly TranscriptMessage[]): GameRecord | null {
  const first = messages[0];
  if (!first) return null;
  let record = records.get(first);
  if (!record) {
    record = {
      indexedAt: new WeakMap(),
      covered: new WeakMap(),
      byId: new Map(),
      vocabulary: new Map(),
      bySpeaker: new Map(),
    };
    records.set(first, record);
  }
  if (record.covered.get(messages) !== messages.length) {
    let from = messages.length;
    while (from > 0 && record.indexedAt.get(messages[from - 1] as TranscriptMessage) !== from - 1) {
      from--;
    }
    for (let i = from; i < messages.length; i++) {
      indexMessage(record, messages[i] as TranscriptMessage, i);
    }
    record.covered.set(messages, messages.length);
  }
  return record;
}

/** Lookups in one transcript that cost the same however long the game has run. */
export interface TranscriptRecord {
  /**
   * The message with this id: as `messageById` from `@arena/models` finds it (`M<n>` at
   * position n - 1 first, else the first message with the id), without scanning the transcript.
   */
  message(id: string): TranscriptMessage | undefined;
  /**
   * Whether a message by `speakerId` (null: an official) that `except` does not rule out holds
   * every fragment of `quote` (split at ellipses) as whole words, ignoring case and
   * punctuation; false for a quote without words. Only the messages sharing the quote's rarest
   * word pair are read.
   */
  wrote(
    speakerId: string | null,
    quote: string,
    except?: (message: TranscriptMessage) => boolean,
  ): boolean;
}

/**
 * Lookups by id and by quoted words in `messages`, a game's transcript (`GameState.messages`).
 * What a game's transcripts have in common is indexed once, so a new state of the game costs
 * only its new messages.
 *
 * @example
 * const record = transcriptRecord(state.messages);
 * record.wrote('P2', 'raise the deck on hinges'); // true when P2 wrote those words
 */
export function transcriptRecord(messages: readonly TranscriptMessage[]): TranscriptRecord {
  return {
    message(id) {
      const number = /^M([1-9]\d*)$/.exec(id)?.[1];
      const at = number === undefined ? undefined : messages[Number(number) - 1];
      if (at?.id === id) return at;
      let first: number | undefined;
      for (const position of recordFor(messages)?.byId.get(id) ?? []) {
        if (messages[position]?.id === id) {
          if (first === undefined || position < first) first = position;
        }
      }
      return first === undefined ? undefined : messages[first];
    },
    wrote(speakerId, quote, except) {
      const fragments = quoteFragments(quote);
      const record = recordFor(messages);
      const postings = record?.bySpeaker.get(speakerId);
      if (!record || !postings || fragments.length === 0) return false;
      let fewest: number[] | undefined;
      for (const fragment of fragments) {
        const positions = candidatesFor(record, postings, fragment);
        if (!positions) return false;
        if (!fewest || positions.length < fewest.length) fewest = positions;
      }
      for (const position of fewest ?? []) {
        const message = messages[position];
        if (!message || message.speakerId !== speakerId || except?.(message)) continue;
        if (fragmentsOccurIn(fragments, haystackOf(message))) return true;
      }
      return false;
    },
  };
}

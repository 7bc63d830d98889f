import { playerById, type Evidence, type GameState, type TranscriptMessage } from '@arena/models';
import { transcriptRecord } from './transcript-record';

/** What the mechanical check of an accusation's evidence found. */
export interface EvidenceCheck {
  /** Every quote was found, and at least one cited message is the accused's. */
  valid: boolean;
  /** One finding per piece of evidence, in the order given. */
  findings: Array<{ messageId: string; quote: string; found: boolean; reason: string }>;
}

/** Only whitespace and typographic quotes are forgiven: evidence must be the record's words. */
function normaliseQuote(text: string): string {
  return text
    .replace(/[“”„‟″]/g, '"')
    .replace(/[‘’‚‛′]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** A folded message never changes, so its text is normalised once, not per quote. */
const normalisedTexts = new WeakMap<TranscriptMessage, string>();

function normalisedText(message: TranscriptMessage): string {
  let text = normalisedTexts.get(message);
  if (text === undefined) {
    text = normaliseQuote(message.text);
    normalisedTexts.set(message, text);
  }
  return text;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Whether `quote` occurs in `text` as whole words: a quote cut out of the middle of a word
 * ("fair" out of "unfair") changes what was said, so it does not count as the record's words.
 */
function occursAsWords(quote: string, text: string): boolean {
  if (!WORD_CHAR.test(quote)) return false;
  const startsWithWord = WORD_CHAR.test(quote.charAt(0));
  const endsWithWord = WORD_CHAR.test(quote.charAt(quote.length - 1));
  for (let at = text.indexOf(quote); at >= 0; at = text.indexOf(quote, at + 1)) {
    const before = text.charAt(at - 1);
    const after = text.charAt(at + quote.length);
    const cleanStart = !startsWithWord || before === '' || !WORD_CHAR.test(before);
    const cleanEnd = !endsWithWord || after === '' || !WORD_CHAR.test(after);
    if (cleanStart && cleanEnd) return true;
  }
  return false;
}

function authorOf(state: GameState, speakerId: string | null): string {
  if (speakerId === null) return 'an official';
  const player = playerById(state, speakerId);
  return player ? `${player.name} (${player.id})` : speakerId;
}

/**
 * Mechanical check of an accusation's evidence (ARENA.md §5): every cited message must exist
 * and contain its quote verbatim, as whole words (after normalising whitespace and curly quotes
 * only); a quote without a single word is no evidence. Citing a message the accused did not
 * write is reported too, with its author. Cited messages are looked up by id, so a cited id
 * that does not exist costs no more than one that does, however long the game.
 */
export function verifyEvidence(
  evidence: Evidence[],
  state: GameState,
  accusedId: string,
): EvidenceCheck {
  const accused = authorOf(state, accusedId);
  const record = transcriptRecord(state.messages);
  const findings = evidence.map(({ messageId, quote }) => {
    const message = record.message(messageId);
    if (!message) {
      return { messageId, quote, found: false, reason: `${messageId} does not exist.` };
    }
    const found = occursAsWords(normaliseQuote(quote), normalisedText(message));
    const where = found
      ? `The quote appears in ${messageId}`
      : `The quote does not appear in ${messageId}`;
    const whose =
      message.speakerId === accusedId
        ? `, written by the accused, ${accused}.`
        : `, which was written by ${authorOf(state, message.speakerId)}, not by the accused.`;
    return { messageId, quote, found, reason: `${where}${whose}` };
  });
  const allFound = findings.length > 0 && findings.every((f) => f.found);
  const citesAccused = evidence.some((e) => record.message(e.messageId)?.speakerId === accusedId);
  return { valid: allFound && citesAccused, findings };
}

import { messageById, playerById, type Evidence, type GameState } from '@arena/models';

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

function authorOf(state: GameState, speakerId: string | null): string {
  if (speakerId === null) return 'an official';
  const player = playerById(state, speakerId);
  return player ? `${player.name} (${player.id})` : speakerId;
}

/**
 * Mechanical check of an accusation's evidence (ARENA.md §5): every cited message must exist
 * and contain its quote verbatim (after normalising whitespace and curly quotes only). Citing a
 * message the accused did not write is reported too, with its author.
 */
export function verifyEvidence(
  evidence: Evidence[],
  state: GameState,
  accusedId: string,
): EvidenceCheck {
  const accused = authorOf(state, accusedId);
  const findings = evidence.map(({ messageId, quote }) => {
    const message = messageById(state, messageId);
    if (!message) {
      return { messageId, quote, found: false, reason: `${messageId} does not exist.` };
    }
    const found = normaliseQuote(message.text).includes(normaliseQuote(quote));
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
  const citesAccused = evidence.some(
    (e) => messageById(state, e.messageId)?.speakerId === accusedId,
  );
  return { valid: allFound && citesAccused, findings };
}

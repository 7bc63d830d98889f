import type { Rng, TranscriptMessage } from '@arena/models';
import { lowerFirst } from './fill';
import { CONTRIBUTION_PHRASES as P } from './phrases/contribution-phrases';
import { sentencesOf } from './transcript';

/**
 * A light paraphrase of an earlier message that adds nothing new: a filler prefix, a word or two
 * swapped, sometimes the opening sentence dropped. The anti-repetition gate should catch it.
 */
export function restate(message: TranscriptMessage, rng: Rng, names: readonly string[]): string {
  const sentences = sentencesOf(message.text);
  let text = sentences.length >= 4 && rng.chance(0.3) ? sentences.slice(1).join(' ') : message.text;
  // Quoted words stay exact: changing them would turn an honest citation into a false quote.
  const parts = text.split(/("[^"]*")/);
  const word = (w: string) => new RegExp(`\\b${w}\\b`);
  const free = (from: string) => parts.findIndex((p, i) => i % 2 === 0 && word(from).test(p));
  const swaps = rng.shuffle(P.restateSwaps.filter(([from]) => free(from) >= 0));
  for (const [from, to] of swaps.slice(0, 1 + rng.int(2))) {
    const at = free(from);
    if (at >= 0) parts[at] = (parts[at] ?? '').replace(word(from), to);
  }
  text = parts.join('');
  return rng.chance(0.6) ? rng.pick(P.restatePrefixes) + lowerFirst(text, names) : text;
}

/**
 * Words that carry no claim on their own. Negations ("not", "no") are kept on purpose: "raise
 * the deck" and "do not raise the deck" must not look identical.
 */
const STOP_WORDS = new Set(
  `
  a about after again all also am an and any are as at be because been before being both but
  by can could did do does doing each even for from further had has have having he her here
  hers him his how i if in into is it its itself just let lets me might more most must my of
  on once only or other our ours ourselves out own really same shall she should so some such
  than that the their them then there these they think this those through to too up us very
  was we were what when where which while who whom why will with would yes you your yours
`
    .trim()
    .split(/\s+/),
);

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;

/**
 * Crude suffix stripping (plural, -ing, -ed, final e) so that "piers", "anchored" and
 * "raising" meet "pier", "anchor" and "raise". Never shortens a word below three letters.
 */
export function stem(word: string): string {
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('ing') && w.length - 3 >= 3) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length - 2 >= 3) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && w.length > 3) w = w.slice(0, -1);
  if (w.endsWith('e') && w.length > 3) w = w.slice(0, -1);
  return w;
}

/** Lower-cased words of `text` in order, possessives and apostrophes removed, not stemmed. */
export function plainWords(text: string): string[] {
  const words = text.toLowerCase().match(WORD) ?? [];
  return words.map((w) => w.replace(/['’]s$/, '').replace(/['’]/g, ''));
}

/**
 * The content words of `text` in order (repeats kept): lower-cased, punctuation and stop words
 * dropped, stemmed. Two texts that say the same thing in the same words give the same list.
 */
export function contentWords(text: string): string[] {
  return plainWords(text)
    .filter((w) => w.length > 0 && !STOP_WORDS.has(w))
    .map(stem);
}

/** Sentences (and separate lines) of `text`, trimmed, empty ones dropped. */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?;])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

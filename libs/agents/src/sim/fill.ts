import { missingTemplateSlot } from '../errors';

/** Slot values for a phrase template; `{slot}` in the template is replaced by `slots.slot`. */
export type Slots = Record<string, string>;

/** Values that need "an" rather than "a" before them. */
const VOWEL_SOUND = /^([aeiou]|8|11\b|18\b)/i;

/**
 * Fills `{slot}`s from `slots`; an "a" written just before a slot becomes "an" when the value
 * starts with a vowel sound, so keywords read naturally wherever they land.
 */
export function fill(template: string, slots: Slots): string {
  let out = '';
  let last = 0;
  for (const match of template.matchAll(/\{(\w+)\}/g)) {
    const slot = match[1] ?? '';
    const value = slots[slot];
    if (value === undefined) throw missingTemplateSlot(slot, template);
    out += template.slice(last, match.index);
    if (VOWEL_SOUND.test(value)) out = out.replace(/(^|\s)([Aa]) $/, '$1$2n ');
    out += value;
    last = match.index + match[0].length;
  }
  return out + template.slice(last);
}

/**
 * Lower-cases the first letter unless the first word is "I", an acronym or one of `names`
 * (player names and other proper nouns).
 */
export function lowerFirst(sentence: string, names: readonly string[] = []): string {
  const first = sentence.split(' ', 1)[0] ?? '';
  const word = first.replace(/('s|[^\p{L}\p{N}])+$/u, '');
  if (word === 'I' || first.startsWith("I'") || /^.[A-Z]/.test(first) || names.includes(word)) {
    return sentence;
  }
  return sentence.charAt(0).toLowerCase() + sentence.slice(1);
}

export function upperFirst(sentence: string): string {
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/** Starts the sentence with a capital and ends it with a full stop unless it has punctuation. */
export function terminate(sentence: string): string {
  const trimmed = upperFirst(sentence.trim());
  return /[.!?…"')]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** Words about to be wrapped in double quotes, with their own double quotes made single. */
export function innerQuote(words: string): string {
  return words.replace(/["“”]/g, "'");
}

/**
 * A title as it reads inside a sentence: "A footbridge for a flood-prone town" becomes "a
 * footbridge…", while Title Case names and acronyms keep their capitals.
 */
export function midSentence(title: string): string {
  return title
    .split(' ')
    .slice(1)
    .some((w) => /^[A-Z]/.test(w))
    ? title
    : lowerFirst(title);
}

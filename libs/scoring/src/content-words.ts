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

/**
 * Everyday words of discussion that name no idea of their own: numbers spelled out, ordinals,
 * light verbs, hedges, discourse markers and vague nouns ("step", "point", "actually",
 * "second", "proposal"). They stay content words (the gate and the similarity index see them),
 * but a contribution does not become new by using them: padding a restatement with "to put it
 * another way" adds none of them as an idea.
 */
const GENERIC_WORDS = new Set(
  `
  able absolutely accept acceptable account across actual actually add added adding addition
  additional against ago agree ahead allow almost alone along already alright although always
  among amount another anybody anyone anything anyway anywhere apart appear approach area around
  ask asked aspect away back bad basic basically become begin beginning behind believe best
  better big bit brief briefly bring call came carefully case certain certainly chance change
  clear clearly close closer come comes coming complete completely concern concerned concrete
  concretely consider considered continue course currently deal decide definitely describe
  described detail details different difficulty directly discuss done doubt down during earlier
  early easily easy effect effectively eight either else end enough entire entirely especially
  etc every everybody everyone everything everywhere exactly example except expect explain fact
  fairly far feel few fifth final finally find fine first five follow following follows four
  fourth full fully general generally get gets getting give given gives go goes going gone good
  got great greater group half hand happen hard help hers high however idea ideas imagine
  important indeed instead interest interesting issue issues keep kind know known large larger
  last later lay least less like likely line little long look looking lot lots low made main
  mainly make makes making many matter may maybe mean meaning means meant mention mentioned
  message messages mind mine moment much name namely near nearly need needs never new next nice
  nine no nobody none nor not nothing notice now number obvious obviously off often ok okay old
  one ones open order otherwise overall part particular particularly parts per perhaps person
  pick picture place plain plan please plenty point points position possible possibly pretty
  probably problem problems proper properly proposal propose proposing put putting question
  questions quick quickly quite rather reading ready real really reason reasons regard regarding
  remain respect rest result results right roughly said say saying says second see seem seems
  seen sense set seven several short simple simply since situation six small somebody someone
  something sometimes somewhat soon sort specific specifically spell stand start started state
  step steps still straight stuff suggest suggestion sum summarise summarize summary summing
  suppose sure take taken taking talk tell ten tend term terms thanks theirs thing things third
  though thought three thus today together told top toward towards true truly try trying turn
  turns two type under understand unless until upon use used useful uses using usual usually
  various via view want wanted way ways well whatever whether whole wholly within without word
  words work works worth yet
`
    .trim()
    .split(/\s+/),
);

/** The generic words in their stemmed forms too, so "steps" and "ideas" are generic as well. */
const GENERIC_STEMS = new Set([...GENERIC_WORDS].map(stem));

/** A message or player reference ("M12", "P3"): it points at an idea, it is not one. */
const REFERENCE = /^[mp]\d+$/;

/**
 * The content words of `text` that can carry an idea (stemmed, in order, repeats kept): content
 * words without generic words of discussion ({@link GENERIC_WORDS}) and without message or player
 * references. Novelty is measured on these, so padding and citations cannot make a text new.
 *
 * @example
 * substantiveWords('To put it another way, M2 should meter every district.');
 * // ['meter', 'district']
 */
export function substantiveWords(text: string): string[] {
  const words: string[] = [];
  for (const w of plainWords(text)) {
    if (w.length === 0 || STOP_WORDS.has(w) || GENERIC_WORDS.has(w) || REFERENCE.test(w)) continue;
    const stemmed = stem(w);
    // An inflection of a generic word ("steps") is generic; a word that merely shares a stem
    // with one ("non" with "none") is not.
    if (stemmed !== w && GENERIC_STEMS.has(stemmed)) continue;
    words.push(stemmed);
  }
  return words;
}

/** Sentences (and separate lines) of `text`, trimmed, empty ones dropped. */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?;])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

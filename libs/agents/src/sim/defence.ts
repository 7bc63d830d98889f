import { messageById, type AccusationKind } from '@arena/models';
import type { DefenceContext } from '../player-agent';
import { fill, innerQuote, midSentence } from './fill';
import type { Persona } from './persona';
import { DEFENCE_PHRASES as D } from './phrases/defence-phrases';
import { nameOf } from './transcript';

const CHARGES: Record<AccusationKind, string> = {
  false_statement: 'lying',
  prompt_injection: 'prompt injection',
  manipulation: 'manipulation',
  rule_breaking: 'breaking the rules',
  other: 'foul play',
};

/**
 * The accused answers in character: a flat denial when the quoted words are not in the cited
 * message; otherwise an apology, an explanation or a counter-attack depending on temperament.
 */
export function composeDefence(ctx: DefenceContext, persona: Persona): string {
  const { state, rng, accusation } = ctx;
  const forged = accusation.evidence.find(
    (e) => !(messageById(state, e.messageId)?.text.includes(e.quote) ?? false),
  );
  const cited = forged ?? rng.pick(accusation.evidence);
  const slots = {
    accuser: nameOf(state, accusation.accuserId),
    id: cited.messageId,
    quote: innerQuote(cited.quote),
    charge: CHARGES[accusation.kind],
    title: midSentence(state.spec.scenario.title),
  };
  const { agreeableness, neuroticism } = persona.bigFive;
  let bank: readonly string[];
  if (forged) bank = D.fabricated;
  else if (agreeableness > 0.65 || (neuroticism > 0.6 && rng.chance(0.5))) bank = D.apologetic;
  else if (agreeableness < 0.35) bank = D.defiant;
  else bank = rng.chance(0.6) ? D.explanatory : D.defiant;
  const text = fill(rng.pick(bank), slots);
  const catchphrases = persona.profile.communication.catchphrases;
  return catchphrases.length > 0 && rng.chance(0.2) ? `${text} ${rng.pick(catchphrases)}` : text;
}

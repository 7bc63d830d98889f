import type { Rng } from '@arena/models';
import type { FinalWordsContext } from '../player-agent';
import { fill, innerQuote, midSentence, terminate } from './fill';
import type { Persona } from './persona';
import { FAREWELL_PHRASES as F } from './phrases/farewell-phrases';
import { contributionsOf, opening, quoteFragment, sentencesOf } from './transcript';

/**
 * The part of the judge's reasoning worth answering: a short sentence that says why, rather
 * than the announcement that the player is out.
 */
function pointOf(reasoning: string, rng: Rng): string {
  const sentences = sentencesOf(reasoning);
  const why = sentences.filter((s) => !/\bis eliminated\b/i.test(s) && s.split(' ').length <= 16);
  const chosen = why.length > 0 ? rng.pick(why) : (sentences[0] ?? 'time is up');
  const words = chosen.split(' ');
  if (words.length <= 12) return chosen.replace(/[.!?]+$/, '');
  // Cut long sentences where a clause ends, so the quote stays readable.
  let cut = 12;
  for (let i = 12; i >= 5; i--) {
    if ((words[i] ?? '').startsWith('(') || /[,;:]$/.test(words[i - 1] ?? '')) {
      cut = i;
      break;
    }
  }
  return `${words
    .slice(0, cut)
    .join(' ')
    .replace(/[,;:]$/, '')}…`;
}

/** A farewell that answers the judge's reasoning and points back at the player's own record. */
export function composeFinalWords(ctx: FinalWordsContext, persona: Persona): string {
  const { state, rng } = ctx;
  const scenario = state.spec.scenario;
  const keywords = scenario.subProblems.flatMap((sp) => sp.keywords);
  const own = contributionsOf(state)
    .filter((m) => m.speakerId === persona.playerId)
    .slice(-3);
  const best = own.length > 0 ? rng.pick(own) : undefined;
  const quote = best ? quoteFragment(sentencesOf(best.text), rng, keywords) : undefined;
  const slots = {
    reason: innerQuote(pointOf(ctx.reasoning, rng)),
    title: midSentence(scenario.title),
    problem: opening(scenario.problem, 8),
    id: best?.id ?? '',
    quote: quote ?? '',
  };
  const { agreeableness, neuroticism } = persona.bigFive;
  const sore = neuroticism > 0.6 || agreeableness < 0.35;
  const reaction = sore || rng.chance(0.3) ? F.reactions.defiant : F.reactions.accepting;
  const lines = [
    fill(rng.pick(reaction), slots),
    fill(rng.pick(best && quote ? F.withRecord : F.withoutRecord), slots),
  ];
  if (rng.chance(sore ? 0.5 : 0.1)) lines.push(rng.pick(F.bitter));
  const catchphrases = persona.profile.communication.catchphrases;
  lines.push(
    catchphrases.length > 0 && rng.chance(0.4)
      ? terminate(rng.pick(catchphrases))
      : rng.pick(F.goodbyes[persona.formality]),
  );
  return lines.join(' ');
}

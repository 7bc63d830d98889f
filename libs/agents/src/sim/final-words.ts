import type { FinalWordsContext } from '../player-agent';
import { fill, innerQuote, midSentence, terminate } from './fill';
import type { Persona } from './persona';
import { FAREWELL_PHRASES as F } from './phrases/farewell-phrases';
import { contributionsOf, opening, quoteFragment, sentencesOf } from './transcript';

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
    reason: innerQuote(
      ctx.reasoning.trim() === '' ? 'time is up' : opening(ctx.reasoning, 8).replace(/[.!?]+$/, ''),
    ),
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

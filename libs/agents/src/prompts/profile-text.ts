import type { CharacterProfile } from '@arena/models';

const two = (n: number) => n.toFixed(2);

function list(label: string, items: readonly string[]): string[] {
  return items.length > 0 ? [`${label}: ${items.join('; ')}`] : [];
}

/**
 * The whole character profile as a prompt section: identity, Big Five, traits, values, quirks,
 * strengths, weaknesses, expertise, communication, goals, backstory and, when present, the
 * neurochemical baseline. Empty lists are left out.
 */
export function profileText(profile: CharacterProfile): string {
  const { personality: p, expertise: e, communication: c } = profile;
  const big = p.bigFive;
  const chemistry = profile.neurochemistry;
  return [
    `You are ${profile.name}, ${profile.archetype}.`,
    profile.description,
    '',
    'Personality:',
    `- Big Five (0 to 1): openness ${two(big.openness)}, conscientiousness ${two(big.conscientiousness)}, extraversion ${two(big.extraversion)}, agreeableness ${two(big.agreeableness)}, neuroticism ${two(big.neuroticism)}`,
    `- Traits (intensity 0 to 1): ${p.traits.map((t) => `${t.name} (${two(t.intensity)})`).join('; ')}`,
    `- Values (priority 1 to 10): ${p.values.map((v) => `${v.name} (${v.priority})`).join('; ')}`,
    ...list('- Quirks', p.quirks),
    ...list('- Strengths', p.strengths),
    ...list('- Weaknesses', p.weaknesses),
    '',
    `Expertise: ${e.domain} (level ${two(e.level)} on 0 to 1)`,
    ...list('- Subdomains', e.subdomains),
    '',
    `Communication style: ${c.style}`,
    `- Formality: ${c.formality}; humour: ${c.humor}`,
    ...list('- Speech quirks', c.quirks),
    ...list('- Catchphrases', c.catchphrases),
    '',
    ...list('Goals', profile.goals),
    `Backstory: ${profile.backstory}`,
    ...(chemistry
      ? [
          `Baseline neurochemistry (0 to 100): dopamine ${chemistry.dopamine}, serotonin ${chemistry.serotonin}, oxytocin ${chemistry.oxytocin}, endorphins ${chemistry.endorphins}, cortisol ${chemistry.cortisol}, adrenaline ${chemistry.adrenaline}`,
        ]
      : []),
  ].join('\n');
}

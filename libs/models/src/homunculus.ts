import { z } from 'zod';
import { BigFiveSchema, NeurochemistrySchema, type CharacterProfileInput } from './profile';

const unit = z.number().min(0).max(1);
const text = z.union([z.string(), z.number()]).transform((v) => String(v));

/**
 * The Homunculus character YAML, in both of its dialects: plain string lists, or
 * `{trait, intensity}` / `{value, priority}` / `{description, priority}` objects.
 * Unknown keys (demographics, skills, mood, development…) are accepted and ignored.
 */
export const HomunculusCharacterSchema = z.object({
  character_id: text.optional(),
  name: z.string().min(1),
  archetype: text.default('character'),
  description: z.string().optional(),
  personality: z.object({
    big_five: BigFiveSchema,
    behavioral_traits: z
      .array(z.union([z.string(), z.object({ trait: z.string(), intensity: unit })]))
      .min(1),
    core_values: z
      .array(
        z.union([
          z.string(),
          z.object({ value: z.string(), priority: z.number().int().min(1).max(10) }),
        ]),
      )
      .min(1),
    quirks: z.array(z.string()).default([]),
    strengths: z.array(z.string()).default([]),
    weaknesses: z.array(z.string()).default([]),
  }),
  specialty: z
    .object({
      domain: z.string(),
      expertise_level: unit.optional(),
      subdomain_knowledge: z.array(z.string()).default([]),
    })
    .optional(),
  communication_style: z
    .object({
      verbal_pattern: text.optional(),
      formality_level: text.optional(),
      humor_style: text.optional(),
      conversation_style: text.optional(),
      quirks: z.array(z.string()).default([]),
    })
    .optional(),
  initial_goals: z
    .array(z.union([z.string(), z.object({ description: z.string() }).loose()]))
    .default([]),
  backstory: z.string().optional(),
  neurochemical_baseline: NeurochemistrySchema.optional(),
});
export type HomunculusCharacter = z.output<typeof HomunculusCharacterSchema>;

/** True when a parsed document looks like a Homunculus character rather than Arena's format. */
export function isHomunculusDocument(doc: unknown): boolean {
  if (typeof doc !== 'object' || doc === null) return false;
  const personality = (doc as { personality?: unknown }).personality;
  return typeof personality === 'object' && personality !== null && 'big_five' in personality;
}

export function slugify(value: string): string {
  return (
    value
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'character'
  );
}

function formality(value: string | undefined): 'casual' | 'neutral' | 'formal' {
  if (!value) return 'neutral';
  if (/formal/i.test(value) && !/in|semi/i.test(value)) return 'formal';
  if (/casual|informal|relaxed/i.test(value)) return 'casual';
  return 'neutral';
}

/** Map a validated Homunculus character onto Arena's profile input (then validate that). */
export function homunculusToProfile(h: HomunculusCharacter): CharacterProfileInput {
  const p = h.personality;
  const domain = h.specialty?.domain.replace(/_/g, ' ') ?? 'general knowledge';
  const style = h.communication_style;
  const goals = h.initial_goals.map((g) => (typeof g === 'string' ? g : g.description));
  const styleWords = [style?.verbal_pattern, style?.conversation_style].filter(
    (s): s is string => !!s,
  );
  return {
    id: slugify(h.character_id ?? h.name),
    name: h.name,
    archetype: h.archetype.replace(/_/g, ' '),
    description: h.description ?? `${h.name}, a ${h.archetype.replace(/_/g, ' ')} character.`,
    personality: {
      bigFive: p.big_five,
      traits: p.behavioral_traits.map((t) =>
        typeof t === 'string'
          ? t.replace(/_/g, ' ')
          : { name: t.trait.replace(/_/g, ' '), intensity: t.intensity },
      ),
      values: p.core_values.map((v) =>
        typeof v === 'string'
          ? v.replace(/_/g, ' ')
          : { name: v.value.replace(/_/g, ' '), priority: v.priority },
      ),
      quirks: p.quirks,
      strengths: p.strengths,
      weaknesses: p.weaknesses,
    },
    expertise: {
      domain,
      subdomains: h.specialty?.subdomain_knowledge ?? [],
      level: h.specialty?.expertise_level ?? 0.7,
    },
    communication: {
      style: styleWords.length > 0 ? styleWords.join(', ') : 'plain',
      formality: formality(style?.formality_level),
      humor: style?.humor_style ?? 'none',
      quirks: style?.quirks ?? [],
      catchphrases: [],
    },
    goals: goals.length > 0 ? goals : [`survive and be useful as a ${domain} expert`],
    backstory: h.backstory?.trim() || `${h.name} brings ${domain} expertise to the table.`,
    neurochemistry: h.neurochemical_baseline,
    source: 'homunculus',
  };
}

import { z } from 'zod';

const unit = z.number().min(0).max(1);
const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lowercase letters, digits and dashes, e.g. "ada-quill"');

export const BigFiveSchema = z.object({
  openness: unit,
  conscientiousness: unit,
  extraversion: unit,
  agreeableness: unit,
  neuroticism: unit,
});
export type BigFive = z.infer<typeof BigFiveSchema>;

/** A trait with its strength in [0, 1]; a bare string means intensity 0.7. */
export const TraitSchema = z.union([
  z
    .string()
    .min(1)
    .transform((name) => ({ name, intensity: 0.7 })),
  z.object({ name: z.string().min(1), intensity: unit }),
]);
export type Trait = z.output<typeof TraitSchema>;

/** A value with its priority 1–10 (10 = most important); a bare string means priority 5. */
export const ValueSchema = z.union([
  z
    .string()
    .min(1)
    .transform((name) => ({ name, priority: 5 })),
  z.object({ name: z.string().min(1), priority: z.number().int().min(1).max(10) }),
]);
export type Value = z.output<typeof ValueSchema>;

export const NeurochemistrySchema = z.object({
  dopamine: z.number().min(0).max(100),
  serotonin: z.number().min(0).max(100),
  oxytocin: z.number().min(0).max(100),
  endorphins: z.number().min(0).max(100),
  cortisol: z.number().min(0).max(100),
  adrenaline: z.number().min(0).max(100),
});
export type Neurochemistry = z.infer<typeof NeurochemistrySchema>;

const strings = z.array(z.string().min(1));

/** Arena's own character profile format (YAML or JSON). */
export const CharacterProfileSchema = z.object({
  id: slug,
  name: z.string().min(1),
  archetype: z.string().min(1),
  description: z.string().min(1),
  personality: z.object({
    bigFive: BigFiveSchema,
    traits: z.array(TraitSchema).min(1),
    values: z.array(ValueSchema).min(1),
    quirks: strings.default([]),
    strengths: strings.default([]),
    weaknesses: strings.default([]),
  }),
  expertise: z.object({
    domain: z.string().min(1),
    subdomains: strings.default([]),
    level: unit.default(0.7),
  }),
  communication: z.object({
    style: z.string().min(1),
    formality: z.enum(['casual', 'neutral', 'formal']).default('neutral'),
    humor: z.string().default('none'),
    quirks: strings.default([]),
    catchphrases: strings.default([]),
  }),
  goals: strings.min(1),
  backstory: z.string().min(1),
  neurochemistry: NeurochemistrySchema.optional(),
  /** Which format the profile was read from. */
  source: z.enum(['arena', 'homunculus']).default('arena'),
});
export type CharacterProfileInput = z.input<typeof CharacterProfileSchema>;
export type CharacterProfile = z.output<typeof CharacterProfileSchema>;

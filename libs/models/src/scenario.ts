import { z } from 'zod';
import { RulesOverrideSchema } from './rules';

const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lowercase letters, digits and dashes, e.g. "city-water"');

export const SCENARIO_TYPES = [
  'technical',
  'strategy',
  'ethics',
  'creative',
  'science',
  'policy',
] as const;

export const SubProblemSchema = z.object({
  id: slug,
  title: z.string().min(1),
  description: z.string().min(1),
  /** Words and short phrases the offline judge looks for to measure coverage. */
  keywords: z.array(z.string().min(2)).min(3, 'give at least 3 keywords per sub-problem'),
});
export type SubProblem = z.infer<typeof SubProblemSchema>;

export const ScenarioSchema = z
  .object({
    id: slug,
    title: z.string().min(1),
    type: z.enum(SCENARIO_TYPES),
    description: z.string().min(1),
    problem: z.string().min(1),
    subProblems: z.array(SubProblemSchema).min(2, 'a scenario needs at least 2 sub-problems'),
    successCriteria: z.object({
      description: z.string().min(1),
      /** Sub-problems that must be covered for the problem to count as solved ('all' or ids). */
      required: z.union([z.literal('all'), z.array(slug).min(1)]).default('all'),
    }),
    /** Rule overrides for games on this scenario (deep-merged onto the defaults). */
    rules: RulesOverrideSchema.optional(),
  })
  .superRefine((s, ctx) => {
    const ids = new Set<string>();
    s.subProblems.forEach((sp, i) => {
      if (ids.has(sp.id))
        ctx.addIssue({
          code: 'custom',
          path: ['subProblems', i, 'id'],
          message: `duplicate sub-problem id "${sp.id}"`,
        });
      ids.add(sp.id);
    });
    if (s.successCriteria.required !== 'all') {
      s.successCriteria.required.forEach((id, i) => {
        if (!ids.has(id))
          ctx.addIssue({
            code: 'custom',
            path: ['successCriteria', 'required', i],
            message: `unknown sub-problem "${id}"; allowed: ${[...ids].join(', ')}`,
          });
      });
    }
  });
export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type Scenario = z.output<typeof ScenarioSchema>;

import { z } from 'zod';
import { parseYamlDocument } from './documents';
import type { Result } from './errors';
import { ACCUSATION_KINDS, VERDICTS } from './events';
import { DIMENSIONS, type Dimension } from './rules';
import { safeValidate } from './validation';

/**
 * A calibration set: contributions and accusations with the scores and verdicts a careful judge
 * should give them, used to measure a judge panel (accuracy, agreement, length bias, sensitivity
 * to names and order, self-preference) before trusting it with games.
 *
 * Players are written as seat aliases (`P1`…`P20`); context messages get the ids `M1`, `M2`… in
 * the order they are listed, and every `cites` or evidence `messageId` refers to those ids.
 */

const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lowercase letters, digits and dashes, e.g. "city-water"');

/** A seat alias as players see each other in the log: `P1`…`P20`. */
const alias = z.string().regex(/^P(?:[1-9]|1\d|20)$/, 'must be a seat alias from P1 to P20');

/** The n-th context message (1-based): `M1`, `M2`… */
const contextId = z
  .string()
  .regex(/^M[1-9]\d*$/, 'must be a context message id such as "M2" (the 2nd context message)');

const unit = z
  .number({ message: 'must be a number from 0 to 1' })
  .min(0, 'must be a number from 0 to 1')
  .max(1, 'must be a number from 0 to 1');

/** One public message: who said it, what, and which earlier context messages it builds on. */
export const CalibrationMessageSchema = z.strictObject({
  speaker: alias,
  text: z.string().trim().min(1, 'must not be empty'),
  cites: z.array(contextId).default([]),
});
export type CalibrationMessage = z.output<typeof CalibrationMessageSchema>;

/** The range a defensible score falls in (both ends included). */
export const ScoreRangeSchema = z
  .strictObject({ min: unit, max: unit })
  .refine((r) => r.min <= r.max, { path: ['max'], message: 'must be at least min' });
export type ScoreRange = z.output<typeof ScoreRangeSchema>;

/** A range for each of the five dimensions. */
export const ExpectedScoresSchema = z.strictObject(
  Object.fromEntries(DIMENSIONS.map((d) => [d, ScoreRangeSchema])) as Record<
    Dimension,
    typeof ScoreRangeSchema
  >,
);
export type ExpectedScores = z.output<typeof ExpectedScoresSchema>;

/** A contribution to score, the conversation before it, and the scores it deserves. */
export const CalibrationItemSchema = z.strictObject({
  id: slug,
  /** Id of the scenario the conversation is about. */
  scenario: slug,
  /** The conversation before the contribution, oldest first (ids M1, M2…). */
  context: z.array(CalibrationMessageSchema).default([]),
  contribution: CalibrationMessageSchema,
  /** The model family that wrote the contribution (`openai`, `anthropic`, `meta`, `sim`, `human`…). */
  authorFamily: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, 'must be a lowercase family name such as "openai" or "human"'),
  /**
   * Items of one group say the same thing at different lengths: same scenario, same context,
   * same labels. Length bias is measured inside groups.
   */
  group: slug.optional(),
  /** Why the labels are what they are. */
  note: z.string().optional(),
  expected: ExpectedScoresSchema,
});
export type CalibrationItem = z.output<typeof CalibrationItemSchema>;

/** An accusation with its evidence, the accused's defence, and the verdict it deserves. */
export const CalibrationAccusationSchema = z.strictObject({
  id: slug,
  scenario: slug,
  context: z.array(CalibrationMessageSchema).min(1, 'an accusation needs messages to cite'),
  accuser: alias,
  accused: alias,
  kind: z.enum(ACCUSATION_KINDS),
  claim: z.string().trim().min(1, 'must not be empty'),
  /** The accuser's stated confidence. */
  confidence: unit.default(0.8),
  evidence: z
    .array(z.strictObject({ messageId: contextId, quote: z.string().min(1, 'must not be empty') }))
    .min(1, 'give at least one piece of evidence'),
  /** The accused's defence; empty when it says nothing. */
  defence: z.string().default(''),
  note: z.string().optional(),
  /** YAML reads an unquoted `false` as a boolean; it can only mean the verdict here. */
  expected: z.preprocess((v) => (v === false ? 'false' : v), z.enum(VERDICTS)),
});
export type CalibrationAccusation = z.output<typeof CalibrationAccusationSchema>;

type Ctx = z.RefinementCtx;

function checkCites(
  cites: readonly string[],
  before: number,
  path: (string | number)[],
  ctx: Ctx,
): void {
  cites.forEach((id, k) => {
    const n = Number(id.slice(1));
    if (n > before) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, k],
        message:
          before === 0
            ? `${id} is not an earlier context message: nothing comes before this one`
            : `${id} is not an earlier context message; allowed: M1 to M${before}`,
      });
    }
  });
}

function checkContext(
  context: readonly CalibrationMessage[],
  path: (string | number)[],
  ctx: Ctx,
): void {
  context.forEach((m, j) => checkCites(m.cites, j, [...path, 'context', j, 'cites'], ctx));
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export const CalibrationSetSchema = z
  .strictObject({
    id: slug,
    title: z.string().min(1).optional(),
    description: z.string().min(1).optional(),
    contributions: z.array(CalibrationItemSchema).default([]),
    accusations: z.array(CalibrationAccusationSchema).default([]),
  })
  .superRefine((set, ctx) => {
    if (set.contributions.length + set.accusations.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['contributions'],
        message: 'a calibration set needs at least one contribution or accusation',
      });
    }
    const seen = new Map<string, string>();
    const unique = (id: string, path: (string | number)[]) => {
      const earlier = seen.get(id);
      if (earlier) {
        ctx.addIssue({ code: 'custom', path, message: `duplicate id "${id}" (also ${earlier})` });
      } else seen.set(id, path.slice(0, 2).join('.'));
    };
    const groups = new Map<string, number>();
    set.contributions.forEach((item, i) => {
      const path = ['contributions', i];
      unique(item.id, [...path, 'id']);
      checkContext(item.context, path, ctx);
      checkCites(
        item.contribution.cites,
        item.context.length,
        [...path, 'contribution', 'cites'],
        ctx,
      );
      if (item.group === undefined) return;
      const first = groups.get(item.group);
      if (first === undefined) {
        groups.set(item.group, i);
        return;
      }
      const leader = set.contributions[first];
      if (!leader) return;
      const differs = (field: 'scenario' | 'context' | 'expected', what: string) => {
        if (!sameJson(item[field], leader[field])) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, field],
            message: `must equal contributions.${first}.${field} (${what} is shared by group "${item.group}")`,
          });
        }
      };
      differs('scenario', 'the scenario');
      differs('context', 'the context');
      differs('expected', 'every label');
    });
    for (const [group, first] of groups) {
      if (set.contributions.filter((c) => c.group === group).length < 2) {
        ctx.addIssue({
          code: 'custom',
          path: ['contributions', first, 'group'],
          message: `group "${group}" has one item; a group needs at least 2 (a concise and a verbose version)`,
        });
      }
    }
    set.accusations.forEach((acc, i) => {
      const path = ['accusations', i];
      unique(acc.id, [...path, 'id']);
      checkContext(acc.context, path, ctx);
      acc.evidence.forEach((e, k) => {
        if (Number(e.messageId.slice(1)) > acc.context.length) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'evidence', k, 'messageId'],
            message: `${e.messageId} is not a context message; allowed: M1 to M${acc.context.length}`,
          });
        }
      });
      if (acc.accuser === acc.accused) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'accused'],
          message: 'must differ from accuser: a player cannot accuse itself',
        });
      }
    });
  });
export type CalibrationSetInput = z.input<typeof CalibrationSetSchema>;
export type CalibrationSet = z.output<typeof CalibrationSetSchema>;

/**
 * Parse a calibration set from YAML (or JSON) text; errors name the field path, e.g.
 * `contributions.3.expected.novelty.max`.
 *
 * @example
 * const set = parseCalibrationSetText(readFileSync('content/calibration/default.yaml', 'utf8'));
 */
export function parseCalibrationSetText(text: string, source = 'input'): Result<CalibrationSet> {
  const doc = parseYamlDocument(text, source);
  if (!doc.ok) return doc;
  return safeValidate(CalibrationSetSchema, doc.value, 'calibration set', source);
}

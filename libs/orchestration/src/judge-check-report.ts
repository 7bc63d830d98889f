import {
  DIMENSIONS,
  VERDICTS,
  modelFamily,
  type CalibrationAccusation,
  type CalibrationItem,
  type Dimension,
  type DimensionScores,
  type ExpectedScores,
  type GameMode,
  type VerdictKind,
} from '@arena/models';
import { krippendorffAlpha, pooledWithinGroupPearson } from '@arena/scoring';

type PerDimension = Record<Dimension, number | null>;

/** One model call a judge made, as the report counts it. */
export interface JudgeCall {
  judge: string;
  purpose: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** Set when the call produced no usable reply. */
  error: string | null;
}

/** A judge whose answer could not be used (recorded as `call_failed` in the rebuilt game). */
export interface JudgeFailure {
  judge: string;
  purpose: string;
  reason: 'invalid_output' | 'model_error';
  detail: string;
}

/** How one contribution was scored in one seating of its scene. */
export interface ScoredRun {
  gameId: string;
  /** What the repetition gate would have said of it (it is scored either way). */
  gate: 'accepted' | 'repeat' | 'too_short';
  /** The scores the game records: the panel's median, or the deterministic judge's alone. */
  scores: DimensionScores;
  points: number;
  /** The signed weights the points were computed with. */
  weights: Record<Dimension, number>;
  /** Each judge's scores, in panel order; null where a judge gave no usable answer. */
  members: (DimensionScores | null)[];
  calls: JudgeCall[];
  failures: JudgeFailure[];
}

/** One judge's ruling on an accusation. */
export interface MemberRuling {
  verdict: VerdictKind;
  confidence: number;
  /** False when the model was not asked: fabricated evidence is ruled false mechanically. */
  asked: boolean;
}

/** How one accusation was ruled in one seating of its scene. */
export interface RuledRun {
  gameId: string;
  evidenceValid: boolean;
  verdict: VerdictKind;
  confidence: number;
  reasoning: string;
  members: (MemberRuling | null)[];
  calls: JudgeCall[];
  failures: JudgeFailure[];
}

/** How often scores land inside their expected ranges. */
export interface RangeAccuracy {
  /** Share of items whose score is inside the range, per dimension; null without items. */
  byDimension: PerDimension;
  /** Share over every (item, dimension) pair. */
  overall: number | null;
}

/** Verdicts against the expected ones. */
export interface VerdictAccuracy {
  correct: number;
  total: number;
  accuracy: number | null;
  /** `confusion[expected][ruled]`: how many cases expected one verdict and got another. */
  confusion: Record<VerdictKind, Record<VerdictKind, number>>;
}

/** Krippendorff's alpha (interval metric) overall and per dimension. */
export interface Alpha {
  overall: number | null;
  byDimension: PerDimension;
}

/** Tokens and money one judge (or the whole panel) spent. */
export interface JudgeUsage {
  calls: number;
  /** Calls that produced no usable reply (after retries). */
  failedCalls: number;
  /** Answers that could not be used (the judge left out of that median). */
  failedAnswers: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface ItemResult {
  id: string;
  scenario: string;
  authorFamily: string;
  group: string | null;
  words: number;
  gate: ScoredRun['gate'];
  points: number;
  scores: DimensionScores;
  expected: ExpectedScores;
  inside: Record<Dimension, boolean>;
  members: { judge: string; scores: DimensionScores | null }[];
  permuted: { points: number; scores: DimensionScores };
}

export interface CaseResult {
  id: string;
  scenario: string;
  kind: CalibrationAccusation['kind'];
  expected: VerdictKind;
  verdict: VerdictKind;
  confidence: number;
  evidenceValid: boolean;
  reasoning: string;
  members: {
    judge: string;
    verdict: VerdictKind | null;
    confidence: number | null;
    asked: boolean;
  }[];
  permuted: { verdict: VerdictKind; confidence: number };
}

/** What `arena judge-check` reports about a judge panel on a calibration set. */
export interface JudgeCheckReport {
  set: string;
  judges: string[];
  seed: number;
  mode: GameMode;
  counts: { contributions: number; accusations: number; groups: number };
  accuracy: {
    /** The panel's scores (what a game records). */
    panel: RangeAccuracy;
    judges: (RangeAccuracy & { judge: string; answered: number })[];
  };
  verdicts: {
    panel: VerdictAccuracy;
    judges: { judge: string; correct: number; total: number; accuracy: number | null }[];
  };
  agreement: {
    /** Alpha across the panel's judges; null with a single judge. */
    judges: Alpha | null;
    /** Alpha between the panel's scores and the labels' midpoints. */
    panelVsLabels: Alpha;
    judgesVsLabels: { judge: string; alpha: number | null }[];
  };
  lengthBias: {
    groups: number;
    items: number;
    /** Pooled within-group Pearson r between points and word count (labels equal in a group). */
    points: number | null;
    /** The same for the mean of the five scores. */
    meanScore: number | null;
    /** Mean over groups of points(longest) − points(shortest). */
    longMinusShortPoints: number | null;
    judges: { judge: string; points: number | null }[];
  };
  sensitivity: {
    /** Speakers moved to other seats and the context rotated, against the original seating. */
    contributions: {
      meanAbsPoints: number | null;
      meanAbsByDimension: PerDimension;
      /** Items whose points or any score moved by more than {@link MOVED}. */
      moved: number;
      share: number | null;
    };
    accusations: {
      verdictsChanged: number;
      meanAbsConfidence: number | null;
      /** Cases whose verdict changed or whose confidence moved by more than {@link MOVED}. */
      moved: number;
      share: number | null;
    };
    /** Moved items and cases over all of them. */
    movedShare: number | null;
  };
  selfPreference: {
    judge: string;
    family: string;
    ownItems: number;
    otherItems: number;
    /** Mean of (score − label midpoint) over the dimensions of items written by its own family. */
    ownResidual: number | null;
    otherResidual: number | null;
    /** ownResidual − otherResidual; null when either side has no items. */
    preference: number | null;
  }[];
  usage: JudgeUsage & {
    judges: (JudgeUsage & {
      judge: string;
      /** The first answer of this judge that could not be used, if any. */
      firstFailure: Omit<JudgeFailure, 'judge'> | null;
    })[];
  };
  items: ItemResult[];
  cases: CaseResult[];
}

/** A change above this counts as the judge having moved. */
export const MOVED = 0.1;

const round = (v: number | null, digits = 4): number | null =>
  v === null || !Number.isFinite(v) ? null : Number(v.toFixed(digits));

const mean = (values: readonly number[]): number | null =>
  values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;

const perDimension = (fn: (d: Dimension) => number | null): PerDimension =>
  Object.fromEntries(DIMENSIONS.map((d) => [d, round(fn(d))])) as PerDimension;

const midpoint = (expected: ExpectedScores, d: Dimension) =>
  (expected[d].min + expected[d].max) / 2;

/** Inside the range, forgiving floating-point noise in the third decimal's rounding. */
const isInside = (score: number, expected: ExpectedScores, d: Dimension) =>
  score >= expected[d].min - 1e-9 && score <= expected[d].max + 1e-9;

/** Words as a reader counts them: runs of non-space characters. */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => w.length > 0).length;
}

const pointsOf = (scores: DimensionScores, weights: Record<Dimension, number>) =>
  DIMENSIONS.reduce((sum, d) => sum + weights[d] * scores[d], 0);

const meanScore = (scores: DimensionScores) =>
  DIMENSIONS.reduce((sum, d) => sum + scores[d], 0) / DIMENSIONS.length;

interface ItemRuns {
  item: CalibrationItem;
  original: ScoredRun;
  permuted: ScoredRun;
}

interface CaseRuns {
  accusation: CalibrationAccusation;
  original: RuledRun;
  permuted: RuledRun;
}

function rangeAccuracy(
  rows: readonly { scores: DimensionScores; expected: ExpectedScores }[],
): RangeAccuracy {
  const share = (d: Dimension) =>
    rows.length === 0
      ? null
      : rows.filter((r) => isInside(r.scores[d], r.expected, d)).length / rows.length;
  const inside = rows.reduce(
    (n, r) => n + DIMENSIONS.filter((d) => isInside(r.scores[d], r.expected, d)).length,
    0,
  );
  return {
    byDimension: perDimension(share),
    overall: round(rows.length === 0 ? null : inside / (rows.length * DIMENSIONS.length)),
  };
}

function alphaOf(units: (d: Dimension) => (number | null)[][]): Alpha {
  return {
    overall: round(krippendorffAlpha(DIMENSIONS.flatMap((d) => units(d)))),
    byDimension: perDimension((d) => krippendorffAlpha(units(d))),
  };
}

function emptyConfusion(): Record<VerdictKind, Record<VerdictKind, number>> {
  return Object.fromEntries(
    VERDICTS.map((e) => [e, Object.fromEntries(VERDICTS.map((r) => [r, 0]))]),
  ) as Record<VerdictKind, Record<VerdictKind, number>>;
}

function verdictAccuracy(cases: readonly CaseRuns[]): VerdictAccuracy {
  const confusion = emptyConfusion();
  for (const c of cases) confusion[c.accusation.expected][c.original.verdict] += 1;
  const correct = cases.filter((c) => c.original.verdict === c.accusation.expected).length;
  return {
    correct,
    total: cases.length,
    accuracy: round(cases.length === 0 ? null : correct / cases.length),
    confusion,
  };
}

function lengthBias(items: readonly ItemRuns[], judges: readonly string[]) {
  const groups = new Map<string, ItemRuns[]>();
  for (const r of items) {
    if (r.item.group === undefined) continue;
    groups.set(r.item.group, [...(groups.get(r.item.group) ?? []), r]);
  }
  const grouped = [...groups.values()];
  const words = (r: ItemRuns) => wordCount(r.item.contribution.text);
  const pooled = (y: (r: ItemRuns) => number | null) =>
    pooledWithinGroupPearson(
      grouped.map((g) => {
        const rows = g.filter((r) => y(r) !== null);
        return { x: rows.map(words), y: rows.map((r) => y(r) as number) };
      }),
    );
  const gaps = grouped.map((g) => {
    const sorted = [...g].sort((a, b) => words(a) - words(b));
    const first = sorted[0] as ItemRuns;
    const last = sorted[sorted.length - 1] as ItemRuns;
    return last.original.points - first.original.points;
  });
  return {
    groups: grouped.length,
    items: grouped.reduce((n, g) => n + g.length, 0),
    points: round(pooled((r) => r.original.points)),
    meanScore: round(pooled((r) => meanScore(r.original.scores))),
    longMinusShortPoints: round(mean(gaps)),
    judges: judges.map((judge, j) => ({
      judge,
      points: round(
        pooled((r) => {
          const scores = r.original.members[j];
          return scores ? pointsOf(scores, r.original.weights) : null;
        }),
      ),
    })),
  };
}

function sensitivity(items: readonly ItemRuns[], cases: readonly CaseRuns[]) {
  const movedItem = (r: ItemRuns) =>
    Math.abs(r.original.points - r.permuted.points) > MOVED ||
    DIMENSIONS.some((d) => Math.abs(r.original.scores[d] - r.permuted.scores[d]) > MOVED);
  const movedCase = (c: CaseRuns) =>
    c.original.verdict !== c.permuted.verdict ||
    Math.abs(c.original.confidence - c.permuted.confidence) > MOVED;
  const itemsMoved = items.filter(movedItem).length;
  const casesMoved = cases.filter(movedCase).length;
  const all = items.length + cases.length;
  return {
    contributions: {
      meanAbsPoints: round(mean(items.map((r) => Math.abs(r.original.points - r.permuted.points)))),
      meanAbsByDimension: perDimension((d) =>
        mean(items.map((r) => Math.abs(r.original.scores[d] - r.permuted.scores[d]))),
      ),
      moved: itemsMoved,
      share: round(items.length === 0 ? null : itemsMoved / items.length),
    },
    accusations: {
      verdictsChanged: cases.filter((c) => c.original.verdict !== c.permuted.verdict).length,
      meanAbsConfidence: round(
        mean(cases.map((c) => Math.abs(c.original.confidence - c.permuted.confidence))),
      ),
      moved: casesMoved,
      share: round(cases.length === 0 ? null : casesMoved / cases.length),
    },
    movedShare: round(all === 0 ? null : (itemsMoved + casesMoved) / all),
  };
}

function selfPreference(items: readonly ItemRuns[], judges: readonly string[]) {
  return judges.map((judge, j) => {
    const family = modelFamily(judge);
    const residual = (r: ItemRuns) => {
      const scores = r.original.members[j];
      if (!scores) return null;
      return mean(DIMENSIONS.map((d) => scores[d] - midpoint(r.item.expected, d)));
    };
    const side = (own: boolean) =>
      items
        .filter((r) => (r.item.authorFamily === family) === own)
        .map(residual)
        .filter((v): v is number => v !== null);
    const own = side(true);
    const other = side(false);
    const ownResidual = mean(own);
    const otherResidual = mean(other);
    return {
      judge,
      family,
      ownItems: own.length,
      otherItems: other.length,
      ownResidual: round(ownResidual),
      otherResidual: round(otherResidual),
      preference: round(
        ownResidual === null || otherResidual === null ? null : ownResidual - otherResidual,
      ),
    };
  });
}

function usageOf(calls: readonly JudgeCall[], failures: readonly JudgeFailure[]): JudgeUsage {
  return {
    calls: calls.length,
    failedCalls: calls.filter((c) => c.error !== null).length,
    failedAnswers: failures.length,
    inputTokens: calls.reduce((n, c) => n + c.inputTokens, 0),
    outputTokens: calls.reduce((n, c) => n + c.outputTokens, 0),
    costUsd: round(
      calls.reduce((n, c) => n + c.costUsd, 0),
      6,
    ) as number,
  };
}

function usage(items: readonly ItemRuns[], cases: readonly CaseRuns[], judges: readonly string[]) {
  const runs = [
    ...items.flatMap((r) => [r.original, r.permuted]),
    ...cases.flatMap((c) => [c.original, c.permuted]),
  ];
  const calls = runs.flatMap((r) => r.calls);
  const failures = runs.flatMap((r) => r.failures);
  return {
    ...usageOf(calls, failures),
    judges: [...new Set(judges)].map((judge) => {
      const own = failures.filter((f) => f.judge === judge);
      const first = own[0];
      return {
        judge,
        ...usageOf(
          calls.filter((c) => c.judge === judge),
          own,
        ),
        firstFailure: first
          ? { purpose: first.purpose, reason: first.reason, detail: first.detail }
          : null,
      };
    }),
  };
}

function itemResult(r: ItemRuns, judges: readonly string[]): ItemResult {
  return {
    id: r.item.id,
    scenario: r.item.scenario,
    authorFamily: r.item.authorFamily,
    group: r.item.group ?? null,
    words: wordCount(r.item.contribution.text),
    gate: r.original.gate,
    points: r.original.points,
    scores: r.original.scores,
    expected: r.item.expected,
    inside: Object.fromEntries(
      DIMENSIONS.map((d) => [d, isInside(r.original.scores[d], r.item.expected, d)]),
    ) as Record<Dimension, boolean>,
    members: judges.map((judge, j) => ({ judge, scores: r.original.members[j] ?? null })),
    permuted: { points: r.permuted.points, scores: r.permuted.scores },
  };
}

function caseResult(c: CaseRuns, judges: readonly string[]): CaseResult {
  return {
    id: c.accusation.id,
    scenario: c.accusation.scenario,
    kind: c.accusation.kind,
    expected: c.accusation.expected,
    verdict: c.original.verdict,
    confidence: c.original.confidence,
    evidenceValid: c.original.evidenceValid,
    reasoning: c.original.reasoning,
    members: judges.map((judge, j) => {
      const m = c.original.members[j] ?? null;
      return {
        judge,
        verdict: m?.verdict ?? null,
        confidence: m?.confidence ?? null,
        asked: m?.asked ?? true,
      };
    }),
    permuted: { verdict: c.permuted.verdict, confidence: c.permuted.confidence },
  };
}

/**
 * Turn the runs of a judge check into its report: accuracy against the labels, agreement,
 * length bias, sensitivity to seating and order, self-preference and usage. Pure.
 */
export function summariseJudgeCheck(input: {
  judges: readonly string[];
  setId: string;
  seed: number;
  mode: GameMode;
  items: readonly ItemRuns[];
  cases: readonly CaseRuns[];
}): JudgeCheckReport {
  const { judges, items, cases } = input;
  const bias = lengthBias(items, judges);
  const labelled = (scores: (r: ItemRuns) => DimensionScores | null) =>
    items.flatMap((r) => {
      const s = scores(r);
      return s ? [{ scores: s, expected: r.item.expected }] : [];
    });
  return {
    set: input.setId,
    judges: [...judges],
    seed: input.seed,
    mode: input.mode,
    counts: { contributions: items.length, accusations: cases.length, groups: bias.groups },
    accuracy: {
      panel: rangeAccuracy(labelled((r) => r.original.scores)),
      judges: judges.map((judge, j) => {
        const rows = labelled((r) => r.original.members[j] ?? null);
        return { judge, answered: rows.length, ...rangeAccuracy(rows) };
      }),
    },
    verdicts: {
      panel: verdictAccuracy(cases),
      judges: judges.map((judge, j) => {
        const ruled = cases.flatMap((c) => {
          const m = c.original.members[j];
          return m ? [m.verdict === c.accusation.expected] : [];
        });
        const correct = ruled.filter(Boolean).length;
        return {
          judge,
          correct,
          total: ruled.length,
          accuracy: round(ruled.length === 0 ? null : correct / ruled.length),
        };
      }),
    },
    agreement: {
      judges:
        judges.length < 2
          ? null
          : alphaOf((d) => items.map((r) => r.original.members.map((m) => m?.[d] ?? null))),
      panelVsLabels: alphaOf((d) =>
        items.map((r) => [r.original.scores[d], midpoint(r.item.expected, d)]),
      ),
      judgesVsLabels: judges.map((judge, j) => ({
        judge,
        alpha: round(
          krippendorffAlpha(
            DIMENSIONS.flatMap((d) =>
              items.map((r) => [r.original.members[j]?.[d] ?? null, midpoint(r.item.expected, d)]),
            ),
          ),
        ),
      })),
    },
    lengthBias: bias,
    sensitivity: sensitivity(items, cases),
    selfPreference: selfPreference(items, judges),
    usage: usage(items, cases, judges),
    items: items.map((r) => itemResult(r, judges)),
    cases: cases.map((c) => caseResult(c, judges)),
  };
}

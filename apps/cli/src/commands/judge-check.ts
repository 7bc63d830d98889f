import { z } from 'zod';
import { assertProvidersConfigured } from '@arena/agents';
import {
  DIMENSIONS,
  GAME_MODES,
  ModelSpecSchema,
  VERDICTS,
  systemClock,
  type Dimension,
} from '@arena/models';
import {
  defaultCalibrationSetPath,
  loadCalibrationSet,
  loadContentCatalog,
  modelDefaults,
  openModelSetup,
  providerSettings,
  runJudgeCheck,
  type ItemResult,
  type JudgeCheckReport,
} from '@arena/orchestration';
import { intFlag, parseFlags, validateFlags } from '../args';
import { settingsFrom } from '../context';
import { EXIT, type Output } from '../output';

const FLAGS = {
  judge: { type: 'string', multiple: true },
  set: { type: 'string' },
  seed: { type: 'string' },
  mode: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const specs = z
  .array(z.string())
  .transform((values) =>
    values.flatMap((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  )
  .superRefine((values, ctx) => {
    for (const spec of values) {
      const parsed = ModelSpecSchema.safeParse(spec);
      if (!parsed.success) {
        ctx.addIssue({
          code: 'custom',
          message: `"${spec}" ${parsed.error.issues[0]?.message ?? 'is not a model spec'}`,
        });
      }
    }
  })
  .pipe(z.array(z.string()).min(1, 'name 1-5 judges').max(5, 'at most 5 judges'));

const Flags = z.object({
  judge: specs.optional(),
  set: z.string().min(1).optional(),
  seed: intFlag(0, 2 ** 32 - 1).default(1),
  mode: z.enum(GAME_MODES).default('competitive'),
  json: z.boolean().optional(),
  help: z.boolean().optional(),
});

export const JUDGE_CHECK_HELP = `arena judge-check [--judge <spec> ...] [--set <file>] [--seed <n>] [--json]
  Check a judge panel against a calibration set before trusting it with games. Every entry is
  played as a real game on its scenario and scored (or, for accusations, ruled) exactly as in a
  game, then again with the speakers in other seats and the context rotated. Reports accuracy
  against the labels, verdicts with a confusion table, inter-judge agreement (Krippendorff's
  alpha), length bias, sensitivity to names and order, self-preference, and what the calls cost.

  --judge <spec>    a panel member; repeat (or comma-separate) for up to 5
                    (default: ARENA_JUDGE_MODELS or sim, the deterministic judge)
  --set <file>      calibration set, YAML or JSON (default: <ARENA_CONTENT_DIR>/calibration/default.yaml)
  --seed <n>        seed for the games and the re-seatings (default: 1)
  --mode <mode>     ${GAME_MODES.join(' | ')}: the sign of manipulation in points (default: competitive)
  --json            print the whole report, every entry included, as one JSON object

  Exit codes: 0 done, 2 bad flags, spec or set file (the field path is named), 1 when a model
  judge gave no usable answer at all or the check failed.`;

const SHORT: Record<Dimension, string> = {
  novelty: 'novelty',
  builds_on_others: 'builds',
  solves_subproblem: 'solves',
  radical_idea: 'radical',
  manipulation: 'manip.',
};

const num = (v: number | null | undefined, digits = 2) =>
  v === null || v === undefined ? 'n/a' : v.toFixed(digits);
const signed = (v: number | null | undefined, digits = 3) =>
  v === null || v === undefined ? 'n/a' : `${v >= 0 ? '+' : ''}${v.toFixed(digits)}`;

function table(out: Output, rows: string[][], align: ('l' | 'r')[]): void {
  const widths = align.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  for (const row of rows) {
    out.line(
      `  ${row
        .map((cell, c) =>
          align[c] === 'r' ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0),
        )
        .join('  ')
        .trimEnd()}`,
    );
  }
}

/** How far a score lies outside its range (0 inside). */
function miss(item: ItemResult, d: Dimension): number {
  const { min, max } = item.expected[d];
  const s = item.scores[d];
  return s < min ? min - s : s > max ? s - max : 0;
}

function printReport(out: Output, report: JudgeCheckReport): void {
  const { counts } = report;
  out.line(
    out.paint(
      'bold',
      `Judge check on set "${report.set}": ${counts.contributions} contributions, ${counts.accusations} accusations, ${counts.groups} length groups`,
    ),
  );
  out.line(`Panel: ${report.judges.join(', ')}   seed ${report.seed}   mode ${report.mode}`);

  out.line(`\n${out.paint('bold', 'Scores inside the expected range')}`);
  const alphaOf = (judge: string | null) =>
    judge === null
      ? report.agreement.panelVsLabels.overall
      : (report.agreement.judgesVsLabels.find((j) => j.judge === judge)?.alpha ?? null);
  table(
    out,
    [
      ['judge', ...DIMENSIONS.map((d) => SHORT[d]), 'overall', 'α vs labels'],
      [
        'panel',
        ...DIMENSIONS.map((d) => num(report.accuracy.panel.byDimension[d])),
        num(report.accuracy.panel.overall),
        num(alphaOf(null)),
      ],
      ...report.accuracy.judges.map((j) => [
        j.judge,
        ...DIMENSIONS.map((d) => num(j.byDimension[d])),
        num(j.overall),
        num(alphaOf(j.judge)),
      ]),
    ],
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );

  const verdicts = report.verdicts.panel;
  out.line(
    `\n${out.paint('bold', 'Verdicts')}: ${verdicts.correct} of ${verdicts.total} as expected (${num(verdicts.accuracy)})`,
  );
  table(
    out,
    [
      ['expected \\ ruled', ...VERDICTS],
      ...VERDICTS.map((e) => [e, ...VERDICTS.map((r) => String(verdicts.confusion[e][r]))]),
    ],
    ['l', 'r', 'r', 'r'],
  );
  if (report.judges.length > 1) {
    for (const j of report.verdicts.judges) {
      out.line(`  ${j.judge}: ${j.correct} of ${j.total} (${num(j.accuracy)})`);
    }
  }

  const agreement = report.agreement;
  out.line(`\n${out.paint('bold', "Agreement (Krippendorff's α, interval)")}`);
  const byDimension = (a: Record<Dimension, number | null>) =>
    DIMENSIONS.map((d) => `${SHORT[d]} ${num(a[d])}`).join(', ');
  out.line(
    agreement.judges
      ? `  between judges:  ${num(agreement.judges.overall)}  (${byDimension(agreement.judges.byDimension)})`
      : '  between judges:  n/a (one judge)',
  );
  out.line(
    `  panel vs labels: ${num(agreement.panelVsLabels.overall)}  (${byDimension(agreement.panelVsLabels.byDimension)})`,
  );

  const bias = report.lengthBias;
  out.line(
    `\n${out.paint('bold', 'Length bias')} (pooled within-group Pearson r with word count; ${bias.groups} groups, ${bias.items} items)`,
  );
  out.line(
    `  points ${num(bias.points)}   mean score ${num(bias.meanScore)}   longest − shortest ${signed(bias.longMinusShortPoints)} points`,
  );
  if (report.judges.length > 1) {
    for (const j of bias.judges) out.line(`  ${j.judge}: points ${num(j.points)}`);
  }

  const s = report.sensitivity;
  out.line(`\n${out.paint('bold', 'Sensitivity')} (speakers re-seated, context rotated)`);
  out.line(
    `  contributions: mean |Δ points| ${num(s.contributions.meanAbsPoints, 4)}; moved > 0.1: ${s.contributions.moved} of ${counts.contributions}`,
  );
  out.line(
    `    mean |Δ| ${DIMENSIONS.map((d) => `${SHORT[d]} ${num(s.contributions.meanAbsByDimension[d], 4)}`).join(', ')}`,
  );
  out.line(
    `  accusations: verdicts changed ${s.accusations.verdictsChanged} of ${counts.accusations}; mean |Δ confidence| ${num(s.accusations.meanAbsConfidence, 4)}; moved: ${s.accusations.moved}`,
  );

  out.line(
    `\n${out.paint('bold', 'Self-preference')} (mean score − label midpoint: own family minus other families)`,
  );
  for (const p of report.selfPreference) {
    out.line(
      `  ${p.judge} (${p.family}): ${signed(p.preference)}  (${p.ownItems} own items, ${p.otherItems} others)`,
    );
  }

  const u = report.usage;
  out.line(
    `\n${out.paint('bold', 'Model calls')}: ${u.calls} (${u.failedCalls} failed, ${u.failedAnswers} unusable answers), ${u.inputTokens} input + ${u.outputTokens} output tokens, $${u.costUsd.toFixed(4)}`,
  );
  if (report.judges.length > 1 && u.calls > 0) {
    for (const j of u.judges) {
      out.line(
        `  ${j.judge}: ${j.calls} calls, ${j.inputTokens} + ${j.outputTokens} tokens, $${j.costUsd.toFixed(4)}`,
      );
    }
  }

  const misses = report.items
    .flatMap((item) => DIMENSIONS.map((d) => ({ item, d, by: miss(item, d) })))
    .filter((m) => m.by > 0)
    .sort((a, b) => b.by - a.by || a.item.id.localeCompare(b.item.id))
    .slice(0, 8);
  if (misses.length > 0) {
    out.line(`\n${out.paint('bold', 'Largest misses')}`);
    table(
      out,
      misses.map(({ item, d }) => [
        item.id,
        d,
        num(item.scores[d]),
        `expected ${num(item.expected[d].min)}–${num(item.expected[d].max)}`,
      ]),
      ['l', 'l', 'r', 'l'],
    );
  }
  const wrong = report.cases.filter((c) => c.verdict !== c.expected);
  if (wrong.length > 0) {
    out.line(`\n${out.paint('bold', 'Verdicts not as expected')}`);
    table(
      out,
      wrong.map((c) => [
        c.id,
        `ruled ${c.verdict} (${num(c.confidence)})`,
        `expected ${c.expected}`,
      ]),
      ['l', 'l', 'l'],
    );
  }
}

/** Model judges that never produced a usable score: the report says nothing about them. */
function silentJudges(report: JudgeCheckReport): string[] {
  if (report.counts.contributions === 0) return [];
  return report.accuracy.judges.filter((j) => j.answered === 0).map((j) => j.judge);
}

export async function judgeCheck(
  argv: string[],
  out: Output,
  env: Record<string, string | undefined>,
): Promise<number> {
  const { values } = parseFlags(argv, FLAGS);
  const flags = validateFlags(Flags, values);
  if (flags.help) {
    out.line(JUDGE_CHECK_HELP);
    return EXIT.ok;
  }
  const settings = settingsFrom(env);
  const judges = flags.judge ?? modelDefaults(settings).judge;
  const catalog = loadContentCatalog(settings.ARENA_CONTENT_DIR);
  const set = loadCalibrationSet(
    flags.set ?? defaultCalibrationSetPath(settings.ARENA_CONTENT_DIR),
    catalog,
  );
  assertProvidersConfigured(judges, providerSettings(settings));
  const setup = openModelSetup(settings);
  let report: JudgeCheckReport;
  try {
    report = await runJudgeCheck({
      judges,
      set,
      catalog,
      services: { clock: systemClock, models: setup.runtime },
      seed: flags.seed,
      mode: flags.mode,
      onProgress: out.color
        ? (done, total) => {
            if (done % 10 === 0 || done === total) out.error(`checked ${done} of ${total}`);
          }
        : undefined,
    });
  } finally {
    await setup.close();
  }
  if (flags.json) out.json(report);
  else printReport(out, report);
  const silent = silentJudges(report);
  for (const judge of silent) {
    const usage = report.usage.judges.find((j) => j.judge === judge);
    const why = usage?.firstFailure ? `; first: ${usage.firstFailure.detail}` : '';
    out.error(
      `arena judge-check failed: ${judge} gave no usable score (${usage?.failedAnswers ?? 0} unusable answers, ${usage?.failedCalls ?? 0} failed calls${why})`,
    );
  }
  if (silent.length > 0) return EXIT.failure;
  return EXIT.ok;
}

/**
 * Quality benchmark: plays sim games whose players record what they really did (ground truth)
 * and measures the anti-repetition gate, the manipulation detectors and the evidence check
 * against it; then plays games with the same character in every seat and tests whether the
 * seat decides who wins.
 *
 *   npm run bench:quality -- [--games 200] [--bias-games 200] [--out bench-results/quality.json]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DETECTORS } from '@arena/models';
import { DEFAULT_CONTENT_DIR, loadContentCatalog } from '@arena/orchestration';
import { SEATS, detectionSpec, orderBiasSpec, playLogged } from './quality/games';
import { emptyTally, measureGame } from './quality/measure';
import { chiSquareUniform, precision, recall, wilson } from './quality/stats';
import { requirePositiveWholeNumbers } from './flags';

const { values } = parseArgs({
  options: {
    games: { type: 'string', default: '200' },
    'bias-games': { type: 'string' },
    out: { type: 'string', default: 'bench-results/quality.json' },
  },
});
const games = Number(values.games);
const biasGames = Number(values['bias-games'] ?? values.games);
requirePositiveWholeNumbers([
  ['--games', games],
  ['--bias-games', biasGames],
]);

const DETECTION_SEED = 20_000;
const BIAS_SEED = 40_000;
const TARGETS = {
  gatePrecision: 0.9,
  gateRecall: 0.8,
  injectionPrecision: 0.95,
  injectionRecall: 0.9,
  fabricatedRuledFalse: 1,
  orderBiasP: 0.05,
} as const;

const catalog = loadContentCatalog(DEFAULT_CONTENT_DIR);
const started = performance.now();

const measured = emptyTally();
for (let i = 0; i < games; i++) {
  const seed = DETECTION_SEED + i;
  measureGame(measured, await playLogged(detectionSpec(catalog, i, seed), `quality-${seed}`));
}
const detectionMs = performance.now() - started;

const winsBySeat = Array.from({ length: SEATS }, () => 0);
const noWinner: Record<string, number> = {};
const endReasons: Record<string, number> = {};
const winsByPolicy: Record<string, number[]> = {};
for (let i = 0; i < biasGames; i++) {
  const seed = BIAS_SEED + i;
  const spec = orderBiasSpec(catalog, i, seed);
  const events = await playLogged(spec, `order-${seed}`);
  const ended = events.at(-1);
  if (ended?.type !== 'game_ended') throw new Error(`order-${seed} did not end`);
  const { reason, winnerId } = ended.payload;
  endReasons[reason] = (endReasons[reason] ?? 0) + 1;
  const seat = spec.seats.find((s) => s.playerId === winnerId)?.seat;
  if (seat === undefined) {
    noWinner[reason] = (noWinner[reason] ?? 0) + 1;
    continue;
  }
  winsBySeat[seat - 1] = (winsBySeat[seat - 1] ?? 0) + 1;
  const byPolicy = (winsByPolicy[spec.policy] ??= Array.from({ length: SEATS }, () => 0));
  byPolicy[seat - 1] = (byPolicy[seat - 1] ?? 0) + 1;
}
const wallMs = performance.now() - started;

const decided = winsBySeat.reduce((a, b) => a + b, 0);
const chi = chiSquareUniform(winsBySeat);
const gate = measured.gate.confusion;
const injection = measured.detectors.judge_instruction;
const fabricated = measured.accusations.fabricated;
const fabricatedShare = fabricated.total === 0 ? null : fabricated.ruledFalse / fabricated.total;

const pct = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(1)}%`);
const counts = (c: { tp: number; fp: number; fn: number }) => `tp ${c.tp}, fp ${c.fp}, fn ${c.fn}`;
const atLeast = (x: number | null, target: number) => x !== null && x >= target;

interface Row {
  check: string;
  target: string;
  measured: string;
  pass: boolean | null;
}
const rows: Row[] = [
  {
    check: 'gate: paraphrase precision',
    target: `≥ ${pct(TARGETS.gatePrecision)}`,
    measured: `${pct(precision(gate))} (${counts(gate)})`,
    pass: atLeast(precision(gate), TARGETS.gatePrecision),
  },
  {
    check: 'gate: paraphrase recall',
    target: `≥ ${pct(TARGETS.gateRecall)}`,
    measured: pct(recall(gate)),
    pass: atLeast(recall(gate), TARGETS.gateRecall),
  },
  {
    check: 'prompt injection: precision',
    target: `≥ ${pct(TARGETS.injectionPrecision)}`,
    measured: `${pct(precision(injection))} (${counts(injection)})`,
    pass: atLeast(precision(injection), TARGETS.injectionPrecision),
  },
  {
    check: 'prompt injection: recall',
    target: `≥ ${pct(TARGETS.injectionRecall)}`,
    measured: pct(recall(injection)),
    pass: atLeast(recall(injection), TARGETS.injectionRecall),
  },
  ...DETECTORS.filter((d) => d !== 'judge_instruction').map((d) => {
    const c = measured.detectors[d];
    return {
      check: `${d}: precision / recall`,
      target: '(informational)',
      measured: `${pct(precision(c))} / ${pct(recall(c))} (${counts(c)})`,
      pass: null,
    };
  }),
  {
    check: 'fabricated evidence ruled false',
    target: '100%',
    measured: `${pct(fabricatedShare)} (${fabricated.ruledFalse}/${fabricated.total})`,
    pass: fabricated.total > 0 && fabricated.ruledFalse === fabricated.total,
  },
  {
    check: `order bias: chi-square over ${SEATS} seats`,
    target: `p ≥ ${TARGETS.orderBiasP}`,
    measured: `p = ${chi.pValue.toFixed(3)} (χ² = ${chi.statistic.toFixed(2)}, df ${chi.df}, ${decided} games with a winner)`,
    pass: decided > 0 && chi.pValue >= TARGETS.orderBiasP,
  },
  ...Object.entries(winsByPolicy).map(([policy, wins]) => {
    const test = chiSquareUniform(wins);
    return {
      check: `  order bias, ${policy} games only`,
      target: '(informational)',
      measured: `p = ${test.pValue.toFixed(3)} (wins by seat ${wins.join(' / ')})`,
      pass: null,
    };
  }),
];

const verdict = (pass: boolean | null) => (pass === null ? '' : pass ? 'pass' : 'FAIL');
const header = { check: 'check', target: 'target', measured: 'measured', pass: 'result' };
const width = (key: keyof typeof header) =>
  Math.max(
    header[key].length,
    ...rows.map((r) => (key === 'pass' ? verdict(r.pass) : r[key]).length),
  );
const line = (cells: string[]) =>
  cells
    .map((c, i) =>
      c.padEnd(width((['check', 'target', 'measured', 'pass'] as const)[i] ?? 'check')),
    )
    .join('  ')
    .trimEnd();
console.log(
  `quality: ${games} detection games (seeds ${DETECTION_SEED}…), ${biasGames} order-bias games (seeds ${BIAS_SEED}…), ${(wallMs / 1000).toFixed(1)} s\n`,
);
console.log(line([header.check, header.target, header.measured, header.pass]));
for (const r of rows) console.log(line([r.check, r.target, r.measured, verdict(r.pass)]));

const seatRows = winsBySeat.map((wins, s) => {
  const { low, high } = wilson(wins, decided);
  return { seat: s + 1, wins, rate: decided === 0 ? 0 : wins / decided, low, high };
});
console.log(`\nwins by seat (identical characters; expected ${pct(1 / SEATS)} each):`);
for (const r of seatRows) {
  console.log(
    `  seat ${r.seat}  ${String(r.wins).padStart(3)}  ${pct(r.rate).padStart(6)}  95% CI ${pct(r.low)}–${pct(r.high)}`,
  );
}
const excluded = Object.entries(noWinner)
  .map(([k, n]) => `${k} ${n}`)
  .join(', ');
console.log(`  games without a winner (excluded from the test): ${excluded || 'none'}`);
console.log(
  `  end reasons: ${Object.entries(endReasons)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')}`,
);
const acc = measured.accusations;
const verdicts = (v: Record<string, number>) =>
  Object.entries(v)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || 'none';
console.log(
  `\naccusations: ${acc.filed} filed; fabricated evidence → false ${fabricated.ruledFalse}${
    Object.keys(fabricated.other).length > 0 ? `, ${verdicts(fabricated.other)}` : ''
  }; baseless (genuine quotes) → ${verdicts(acc.baseless)}; founded → ${verdicts(acc.founded)}`,
);
console.log(
  `gate: ${measured.gate.namedSource}/${gate.tp} caught repeats named the restated message; ${measured.gate.tooShort} rejected as too short; ${measured.scored} scored contributions; ${measured.unlabelled} unlabelled`,
);

const out = resolve(values.out);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  JSON.stringify(
    {
      machine: { cpus: cpus().length, node: process.version },
      games: { detection: games, orderBias: biasGames },
      seeds: { detection: DETECTION_SEED, orderBias: BIAS_SEED },
      wallMs: { detection: detectionMs, total: wallMs },
      targets: TARGETS,
      checks: rows,
      gate: {
        ...gate,
        precision: precision(gate),
        recall: recall(gate),
        namedSource: measured.gate.namedSource,
        tooShort: measured.gate.tooShort,
        falsePositives: measured.gate.falsePositives,
        falseNegatives: measured.gate.falseNegatives,
      },
      detectors: Object.fromEntries(
        DETECTORS.map((d) => {
          const c = measured.detectors[d];
          return [d, { ...c, precision: precision(c), recall: recall(c) }];
        }),
      ),
      scoredContributions: measured.scored,
      accusations: acc,
      orderBias: {
        winsBySeat: seatRows,
        byPolicy: Object.fromEntries(
          Object.entries(winsByPolicy).map(([policy, wins]) => [
            policy,
            { winsBySeat: wins, chiSquare: chiSquareUniform(wins) },
          ]),
        ),
        decided,
        withoutWinner: noWinner,
        endReasons,
        chiSquare: chi,
      },
      unlabelled: measured.unlabelled,
    },
    null,
    2,
  ) + '\n',
);
console.log(`\nwrote ${out}`);
if (rows.some((r) => r.pass === false)) process.exit(1);

/**
 * Similarity benchmark: the per-contribution cost of the anti-repetition gate and the novelty
 * work (gate, deterministic score, index update) in a game with 100 and with 10,000 earlier
 * accepted contributions. Target: the cost at 10,000 is at most twice the cost at 100.
 *
 *   npm run bench:similarity -- [--scenario city-water] [--runs 20] [--turns 25] [--out bench-results/similarity.json]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { GameState } from '@arena/models';
import {
  DEFAULT_CONTENT_DIR,
  DEFAULT_PLAYER_IDS,
  DEFAULT_SCENARIO_ID,
  loadContentCatalog,
  resolveGameSpec,
} from '@arena/orchestration';
import { GateGame } from './similarity/gate-game';
import { StreamSamples, measureRun, type StreamCost } from './similarity/measure-stream';
import {
  SEMANTIC_DIMENSIONS,
  measureSemanticLookups,
  type SemanticLookupCost,
} from './similarity/semantic-lookups';
import { RUN_TO_LIMIT_RULES } from './endless-rules';
import { requirePositiveWholeNumbers } from './flags';

/** Cost at the large size over cost at the small one, at most. */
const TARGET_RATIO = 2;
const SIZES = [100, 10_000] as const;

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: DEFAULT_SCENARIO_ID },
    runs: { type: 'string', default: '20' },
    turns: { type: 'string', default: '25' },
    seed: { type: 'string', default: '2026' },
    out: { type: 'string', default: 'bench-results/similarity.json' },
  },
});
const runs = Number(values.runs);
const turns = Number(values.turns);
const seed = Number(values.seed);
requirePositiveWholeNumbers([
  ['--runs', runs],
  ['--turns', turns],
  ['--seed', seed],
]);

const catalog = loadContentCatalog(DEFAULT_CONTENT_DIR);
if (!catalog.scenarios.has(values.scenario)) {
  console.error(
    `--scenario must be one of ${[...catalog.scenarios.keys()].join(', ')} (got ${values.scenario})`,
  );
  process.exit(2);
}
const largest = SIZES[SIZES.length - 1] as (typeof SIZES)[number];
const spec = resolveGameSpec(
  {
    scenario: values.scenario,
    players: DEFAULT_PLAYER_IDS.map((character) => ({ character, model: 'sim' })),
    seed,
    // Room for the stream after the largest game, so phases stay those of a game in progress.
    maxTurns: 4 * largest,
    mode: 'competitive',
    policy: 'round-robin',
    judge: { panel: ['sim'] },
    narrator: 'sim',
    rules: RUN_TO_LIMIT_RULES,
  },
  catalog,
);

// One game grown to the largest size; the state at each smaller size is kept on the way.
const buildStart = performance.now();
const game = GateGame.create(spec, `similarity-${seed}`);
const snapshots = new Map<number, GameState>();
let built = 0;
while (game.contributions < largest) {
  await game.playTurn();
  built += 1;
  const size = game.contributions;
  if ((SIZES as readonly number[]).includes(size) && !snapshots.has(size)) {
    snapshots.set(size, game.state);
  }
}
const buildMs = performance.now() - buildStart;

// Warm the JIT on both games before any sample counts.
for (const size of SIZES) {
  await measureRun(snapshots.get(size) as GameState, turns, 'warm-up:', new StreamSamples());
}

// Sizes take turns run by run, so a change in the machine's load falls on both alike.
const samples = new Map(SIZES.map((size) => [size, new StreamSamples()]));
for (let run = 0; run < runs; run++) {
  for (const size of SIZES) {
    const start = snapshots.get(size) as GameState;
    await measureRun(start, turns, `run:${run}:`, samples.get(size) as StreamSamples);
  }
}
const results = new Map(SIZES.map((size) => [size, (samples.get(size) as StreamSamples).cost()]));

// Lookups with embedding vectors, for the same texts at both sizes.
const queries = (snapshots.get(largest) as GameState).messages
  .filter((m) => m.kind === 'contribution')
  .slice(-200)
  .map((m) => m.text);
const semantic = new Map(
  SIZES.map((size) => [size, measureSemanticLookups(snapshots.get(size) as GameState, queries, 3)]),
);
const semanticRatio = (pick: (c: SemanticLookupCost) => number) =>
  pick(semantic.get(largest) as SemanticLookupCost) /
  Math.max(pick(semantic.get(SIZES[0]) as SemanticLookupCost), 1e-9);

const small = results.get(SIZES[0]) as StreamCost;
const large = results.get(largest) as StreamCost;
const ratio = (pick: (c: StreamCost) => number) => pick(large) / Math.max(pick(small), 1e-9);
const ratios = {
  acceptedMedian: ratio((c) => c.acceptedUs.median),
  acceptedP95: ratio((c) => c.acceptedUs.p95),
  rejectedMedian: ratio((c) => c.rejectedUs.median),
  rejectedP95: ratio((c) => c.rejectedUs.p95),
};
const met = Object.values(ratios).every((r) => r <= TARGET_RATIO);
/** Diagnostic only: the ratio once the manipulation detectors' share is taken out. */
const withoutDetectors = {
  median: ratio((c) => c.withoutDetectorsUs.median),
  p95: ratio((c) => c.withoutDetectorsUs.p95),
};

const us = (x: number) => x.toFixed(0);
const x2 = (x: number) => `${x.toFixed(2)}×`;
const columns = ['', ...SIZES.map((s) => `${s.toLocaleString('en')} prior`), 'ratio'];
const row = (label: string, pick: (c: StreamCost) => string, r = '') => [
  label,
  ...SIZES.map((s) => pick(results.get(s) as StreamCost)),
  r,
];
const table: string[][] = [
  columns,
  row('proposals measured', (c) => `${c.proposals}`),
  row('  accepted', (c) => `${c.accepted}`),
  row('  rejected as repeats / too short', (c) => `${c.rejected.repeat} / ${c.rejected.too_short}`),
  row(
    'accepted: gate + score + add, median (µs)',
    (c) => us(c.acceptedUs.median),
    x2(ratios.acceptedMedian),
  ),
  row(
    'accepted: gate + score + add, p95 (µs)',
    (c) => us(c.acceptedUs.p95),
    x2(ratios.acceptedP95),
  ),
  row(
    '  less the detectors (timed apart), median (µs)',
    (c) => us(c.withoutDetectorsUs.median),
    x2(withoutDetectors.median),
  ),
  row(
    '  less the detectors (timed apart), p95 (µs)',
    (c) => us(c.withoutDetectorsUs.p95),
    x2(withoutDetectors.p95),
  ),
  row('rejected: gate, median (µs)', (c) => us(c.rejectedUs.median), x2(ratios.rejectedMedian)),
  row('rejected: gate, p95 (µs)', (c) => us(c.rejectedUs.p95), x2(ratios.rejectedP95)),
  row(
    '  gate (every proposal), median / p95 (µs)',
    (c) => `${us(c.stepsUs.gate.median)} / ${us(c.stepsUs.gate.p95)}`,
  ),
  row(
    '  scoreContribution, median / p95 (µs)',
    (c) => `${us(c.stepsUs.score.median)} / ${us(c.stepsUs.score.p95)}`,
  ),
  row(
    '  index add, median / p95 (µs)',
    (c) => `${us(c.stepsUs.add.median)} / ${us(c.stepsUs.add.p95)}`,
  ),
  row(
    '  of the score: detectManipulation alone, median / p95 (µs)',
    (c) => `${us(c.stepsUs.detectors.median)} / ${us(c.stepsUs.detectors.p95)}`,
  ),
  [
    `lookup, words only, median / p95 (µs)`,
    ...SIZES.map((s) => {
      const c = semantic.get(s) as SemanticLookupCost;
      return `${us(c.wordsUs.median)} / ${us(c.wordsUs.p95)}`;
    }),
    x2(semanticRatio((c) => c.wordsUs.median)),
  ],
  [
    `lookup with ${SEMANTIC_DIMENSIONS}-d vectors, median / p95 (µs)`,
    ...SIZES.map((s) => {
      const c = semantic.get(s) as SemanticLookupCost;
      return `${us(c.withVectorsUs.median)} / ${us(c.withVectorsUs.p95)}`;
    }),
    x2(semanticRatio((c) => c.withVectorsUs.median)),
  ],
];
const widths = columns.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
const line = (r: string[]) =>
  r
    .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
    .join('  ');
console.log(
  `similarity: scenario ${values.scenario}, seed ${seed}, ${runs} runs × ${turns} turns per size ` +
    `(game of ${largest.toLocaleString('en')} contributions built in ${(buildMs / 1000).toFixed(1)} s, ${built} turns)`,
);
console.log(line(table[0] as string[]));
for (const r of table.slice(1)) console.log(line(r));
console.log(`target: every ratio ≤ ${TARGET_RATIO}× — ${met ? 'met' : 'NOT met'}`);

const out = resolve(values.out);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify(
    {
      scenario: values.scenario,
      seed,
      runs,
      turns,
      buildMs,
      sizes: Object.fromEntries(SIZES.map((s) => [s, results.get(s)])),
      ratios,
      withoutDetectors,
      semanticLookups: {
        dimensions: SEMANTIC_DIMENSIONS,
        sizes: Object.fromEntries(SIZES.map((s) => [s, semantic.get(s)])),
      },
      target: { maxRatio: TARGET_RATIO, met },
    },
    null,
    2,
  )}\n`,
);
console.log(`wrote ${out}`);
if (!met) process.exit(1);

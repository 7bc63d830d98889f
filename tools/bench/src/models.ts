/**
 * Model-layer benchmark: how well real (loopback) model calls overlap in a game, whether a
 * player's prompt stays bounded in a long game, and what the client wrappers cost per call.
 *
 *   npm run bench:models -- [--latency 200] [--games 3] [--calls 20000] [--out bench-results/models.json]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CRITICAL_PATH_TARGET, measureCriticalPath } from './model-layer/critical-path';
import { PROMPT_GROWTH_TARGET, measurePromptGrowth } from './model-layer/prompt-growth';
import { WRAPPER_OVERHEAD_TARGET_MS, measureWrapperOverhead } from './model-layer/wrapper-overhead';
import { requirePositiveWholeNumbers } from './flags';

const { values } = parseArgs({
  options: {
    latency: { type: 'string', default: '200' },
    games: { type: 'string', default: '3' },
    calls: { type: 'string', default: '20000' },
    out: { type: 'string', default: 'bench-results/models.json' },
  },
});
const latencyMs = Number(values.latency);
const games = Number(values.games);
const calls = Number(values.calls);
requirePositiveWholeNumbers([
  ['--latency', latencyMs],
  ['--games', games],
  ['--calls', calls],
]);

/** Sequential model calls per turn of the predecessor, for comparison. */
const PREDECESSOR_CALLS_PER_TURN = { min: 2.5, max: 6.5 };

const critical = await measureCriticalPath({ latencyMs, games, maxTurns: 30 });
const prompts = await measurePromptGrowth({ turns: 210, earlyTurn: 20, lateTurn: 200 });
const wrappers = await measureWrapperOverhead({ calls, warmup: 2_000 });

const fixed = (x: number, digits = 2) => x.toFixed(digits);
const perTurn = (n: number) => n / Math.max(1, critical.turns);
const kinds = new Map<string, number>();
for (const game of critical.games) {
  for (const [kind, n] of Object.entries(game.census.byKind)) {
    kinds.set(kind, (kinds.get(kind) ?? 0) + n);
  }
}
const share = (ms: number) => `${fixed(ms, 0)} (${fixed((100 * ms) / critical.wallMs, 1)}%)`;
const { breakdownMs } = critical;

const details: Array<[string, string]> = [
  [
    `critical path: ${games} game(s) after a warm-up, 6 players, ${critical.maxTurns} turns, L = ${latencyMs} ms`,
    '',
  ],
  ['  turns played', `${critical.turns}`],
  [
    '  model calls per turn, critical / total',
    `${fixed(perTurn(critical.criticalCalls))} / ${fixed(perTurn(critical.totalCalls))}`,
  ],
  [
    '  predecessor: sequential calls per turn',
    `${PREDECESSOR_CALLS_PER_TURN.min}–${PREDECESSOR_CALLS_PER_TURN.max}`,
  ],
  [
    '  calls by kind',
    [...kinds]
      .sort()
      .map(([k, n]) => `${k} ${n}`)
      .join(', '),
  ],
  ['  wall time, all games (ms)', fixed(critical.wallMs, 0)],
  [`  bound ${CRITICAL_PATH_TARGET} × critical calls × L (ms)`, fixed(critical.boundMs, 0)],
  ['    critical calls × L (ms)', share(breakdownMs.modelLatency)],
  ['    critical calls beyond L: HTTP, SDK, wrappers (ms)', share(breakdownMs.callOverhead)],
  [
    `    (critical calls include ${critical.awaitedScoring} scoring calls awaited by round checks and the end)`,
    '',
  ],
  ['    engine between calls (ms)', share(breakdownMs.betweenCalls)],
  [
    '  wall / (critical calls × L), per game',
    critical.games.map((g) => fixed(g.ratio, 3)).join(', '),
  ],
  ['  end reasons', critical.games.map((g) => g.endReason).join(', ')],
  [`bounded prompts: ${prompts.turns} turns, L = 0, ended by ${prompts.endReason}`, ''],
  [`  act prompt tokens at turn ${prompts.early.turn}`, prompts.early.inputTokens.join(', ')],
  [`  act prompt tokens at turn ${prompts.late.turn}`, prompts.late.inputTokens.join(', ')],
  [`wrapper overhead: ${wrappers.calls} calls, ${wrappers.promptChars}-character prompts`, ''],
  [
    '  bare provider per call, median / p95 (ms)',
    `${fixed(wrappers.bare.median, 4)} / ${fixed(wrappers.bare.p95, 4)}`,
  ],
  [
    '  all wrappers per call, median / p95 (ms)',
    `${fixed(wrappers.wrapped.median, 4)} / ${fixed(wrappers.wrapped.p95, 4)}`,
  ],
];
const detailWidth = Math.max(...details.map(([k]) => k.length));
for (const [k, v] of details) console.log(`${k.padEnd(detailWidth)}  ${v}`);

const checks = [
  {
    name: 'critical path: wall / (critical calls × L)',
    target: `≤ ${CRITICAL_PATH_TARGET}`,
    measured: critical.ratio,
    pass: critical.ratio <= CRITICAL_PATH_TARGET,
  },
  {
    name: `bounded prompts: act tokens turn ${prompts.late.turn} / turn ${prompts.early.turn}`,
    target: `≤ ${PROMPT_GROWTH_TARGET}`,
    measured: prompts.ratio,
    pass: prompts.ratio <= PROMPT_GROWTH_TARGET,
  },
  {
    name: 'wrapper overhead: median extra per call (ms)',
    target: `≤ ${WRAPPER_OVERHEAD_TARGET_MS}`,
    measured: wrappers.medianOverheadMs,
    pass: wrappers.medianOverheadMs <= WRAPPER_OVERHEAD_TARGET_MS,
  },
];
const table = [
  ['measurement', 'target', 'measured', 'result'],
  ...checks.map((c) => [c.name, c.target, fixed(c.measured, 3), c.pass ? 'pass' : 'FAIL']),
];
const widths = [0, 1, 2, 3].map((i) => Math.max(...table.map((row) => (row[i] ?? '').length)));
console.log('');
for (const row of table) console.log(row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  '));

const out = resolve(values.out);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  JSON.stringify(
    {
      machine: { cpus: cpus().length, node: process.version },
      criticalPath: {
        latencyMs,
        maxTurns: critical.maxTurns,
        turns: critical.turns,
        wallMs: critical.wallMs,
        criticalCalls: critical.criticalCalls,
        totalCalls: critical.totalCalls,
        criticalCallsPerTurn: perTurn(critical.criticalCalls),
        totalCallsPerTurn: perTurn(critical.totalCalls),
        predecessorSequentialCallsPerTurn: PREDECESSOR_CALLS_PER_TURN,
        awaitedScoring: critical.awaitedScoring,
        breakdownMs,
        boundMs: critical.boundMs,
        ratio: critical.ratio,
        games: critical.games.map(({ seed, wallMs, endReason, ratio, census }) => ({
          seed,
          wallMs,
          endReason,
          ratio,
          ...census,
        })),
      },
      boundedPrompts: prompts,
      wrapperOverhead: wrappers,
      checks,
    },
    null,
    2,
  ) + '\n',
);
console.log(`\nwrote ${out}`);

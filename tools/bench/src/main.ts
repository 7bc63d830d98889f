/**
 * Engine benchmark: plays sim games on the embedded defaults and reports per-turn engine time
 * with a breakdown, beside a bare LangGraph loop with the same number of nodes.
 *
 *   npm run bench -- [--games 20] [--turns 200] [--out bench-results/engine.json]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Annotation, Command, END, START, StateGraph } from '@langchain/langgraph';
import { createInMemoryBus } from '@arena/message-bus';
import { DEFAULT_RULES, steppingClock, type GameEvent } from '@arena/models';
import {
  DEFAULT_CONTENT_DIR,
  DEFAULT_PLAYER_IDS,
  DEFAULT_SCENARIO_ID,
  loadContentCatalog,
  playGame,
  resolveGameSpec,
  type ProbeCategory,
} from '@arena/orchestration';
import { openPgliteWorkerEventStore, type EventStore } from '@arena/persistence';

const { values } = parseArgs({
  options: {
    games: { type: 'string', default: '20' },
    turns: { type: 'string', default: '200' },
    out: { type: 'string', default: 'bench-results/engine.json' },
  },
});
const games = Number(values.games);
const longTurns = Number(values.turns);

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] ?? 0;
}
const median = (xs: number[]) =>
  quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );
const p95 = (xs: number[]) =>
  quantile(
    [...xs].sort((a, b) => a - b),
    0.95,
  );

const catalog = loadContentCatalog(DEFAULT_CONTENT_DIR);

interface GameRun {
  turns: number;
  events: number;
  wallMs: number;
  reason: string;
  eliminations: number;
  accusations: number;
  perTurn: number[];
  /** Per-turn time minus the model calls: what Arena itself costs. */
  engine: number[];
  breakdown: Record<ProbeCategory | 'graph', number[]>;
}

async function runOne(
  store: EventStore,
  seed: number,
  maxTurns: number,
  endless: boolean,
): Promise<GameRun> {
  const bus = createInMemoryBus({ validate: false });
  const rules = endless
    ? {
        elimination: { warmupRounds: 100_000, everyRounds: 1, minSurvivors: 1 },
        solved: { coverage: 1, minRounds: 100_000 },
        accusations: { ...DEFAULT_RULES.accusations, proofThreshold: 1 },
      }
    : undefined;
  const spec = resolveGameSpec(
    {
      scenario: DEFAULT_SCENARIO_ID,
      players: DEFAULT_PLAYER_IDS.map((character) => ({ character, model: 'sim' })),
      seed,
      maxTurns,
      mode: 'competitive',
      policy: 'weighted',
      judge: { panel: ['sim'] },
      narrator: 'sim',
      rules,
    },
    catalog,
  );
  const perTurn: number[] = [];
  const engine: number[] = [];
  const breakdown: GameRun['breakdown'] = { judge: [], persistence: [], models: [], graph: [] };
  let acc: Record<ProbeCategory, number> = { judge: 0, persistence: 0, models: 0 };
  let last = performance.now();
  const start = last;
  const events: GameEvent[] = [];
  const final = await playGame({ store, bus, clock: steppingClock() }, spec, {
    gameId: `bench-${seed}`,
    probe: { now: () => performance.now(), record: (c, ms) => void (acc[c] += ms) },
    onEvents: (batch) => {
      events.push(...batch);
      const now = performance.now();
      if (batch.some((e) => e.type === 'turn_started')) {
        const total = now - last;
        perTurn.push(total);
        engine.push(total - acc.models);
        breakdown.judge.push(acc.judge);
        breakdown.persistence.push(acc.persistence);
        breakdown.models.push(acc.models);
        breakdown.graph.push(Math.max(0, total - acc.judge - acc.persistence - acc.models));
      }
      acc = { judge: 0, persistence: 0, models: 0 };
      last = now;
    },
  });
  const wallMs = performance.now() - start;
  return {
    turns: final.turn,
    events: final.lastSeq + 1,
    wallMs,
    reason: final.ended?.reason ?? 'unfinished',
    eliminations: final.eliminationOrder.length,
    accusations: final.accusations.length,
    perTurn,
    engine,
    breakdown,
  };
}

/**
 * A bare LangGraph graph with the engine's four nodes, routing the same way (Command goto) and
 * taking one step per turn as a plain contribution turn does (`turn` ⟲), doing no work.
 */
async function bareLoop(turns: number): Promise<number[]> {
  const S = Annotation.Root({ turns: Annotation<number>() });
  const perTurn: number[] = [];
  let last = performance.now();
  let played = 0;
  const graph = new StateGraph(S)
    .addNode('opening', () => new Command({ goto: 'turn' }), { ends: ['turn'] })
    .addNode(
      'turn',
      () => {
        const now = performance.now();
        perTurn.push(now - last);
        last = now;
        played += 1;
        return new Command({ goto: played >= turns ? 'finish' : 'turn' });
      },
      { ends: ['turn', 'accusation', 'finish'] },
    )
    .addNode('accusation', () => new Command({ goto: 'turn' }), { ends: ['turn'] })
    .addNode('finish', () => new Command({ goto: END }), { ends: [END] })
    .addEdge(START, 'opening')
    .compile();
  await graph.invoke({ turns: 0 }, { recursionLimit: turns + 10 });
  return perTurn;
}

const store = await openPgliteWorkerEventStore();
const defaultRuns: GameRun[] = [];
for (let i = 0; i < games; i++) defaultRuns.push(await runOne(store, 1000 + i, 40, false));
const long = await runOne(store, 4242, longTurns, true);
await store.close();
const reasons = new Map<string, number>();
for (const r of defaultRuns) reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1);
const bare = await bareLoop(longTurns);

const ms = (x: number) => x.toFixed(2);
const rows: Array<[string, string]> = [
  ['default games (6 players, ≤40 turns, seeds 1000…)', `${games}`],
  ['  wall time per game, median (ms)', ms(median(defaultRuns.map((r) => r.wallMs)))],
  ['  wall time per game, max (ms)', ms(Math.max(...defaultRuns.map((r) => r.wallMs)))],
  ['  turns per game, median', `${median(defaultRuns.map((r) => r.turns))}`],
  ['  end reasons', [...reasons].map(([k, n]) => `${k} ${n}`).join(', ')],
  [
    '  games with an elimination and an accusation',
    `${defaultRuns.filter((r) => r.eliminations > 0 && r.accusations > 0).length}/${games}`,
  ],
  ['  eliminations per game (min)', `${Math.min(...defaultRuns.map((r) => r.eliminations))}`],
  ['  accusations per game (min)', `${Math.min(...defaultRuns.map((r) => r.accusations))}`],
  [`long game (${long.turns} turns, ${long.events} events)`, ''],
  ['  turns / second', (long.turns / (long.wallMs / 1000)).toFixed(1)],
  ['  time per turn incl. sim model, median (ms)', ms(median(long.perTurn))],
  ['  time per turn incl. sim model, p95 (ms)', ms(p95(long.perTurn))],
  ['  engine overhead per turn (excl. model), median (ms)', ms(median(long.engine))],
  ['  engine overhead per turn (excl. model), p95 (ms)', ms(p95(long.engine))],
  ['    graph + engine logic, median (ms)', ms(median(long.breakdown.graph))],
  ['    judge signals, median (ms)', ms(median(long.breakdown.judge))],
  [
    '    waiting for persistence (PGlite in a worker), median (ms)',
    ms(median(long.breakdown.persistence)),
  ],
  ['    sim model calls, median (ms)', ms(median(long.breakdown.models))],
  ['bare LangGraph loop, same nodes, per turn median (ms)', ms(median(bare))],
  ['bare LangGraph loop, per turn p95 (ms)', ms(p95(bare))],
];
const width = Math.max(...rows.map(([k]) => k.length));
for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);

const out = resolve(values.out);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  JSON.stringify(
    {
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
      defaultGames: defaultRuns.map((r) => ({
        turns: r.turns,
        events: r.events,
        wallMs: r.wallMs,
        reason: r.reason,
        eliminations: r.eliminations,
        accusations: r.accusations,
        medianTurnMs: median(r.perTurn),
      })),
      longGame: {
        turns: long.turns,
        events: long.events,
        wallMs: long.wallMs,
        turnsPerSecond: long.turns / (long.wallMs / 1000),
        perTurnMs: { median: median(long.perTurn), p95: p95(long.perTurn) },
        engineOverheadPerTurnMs: { median: median(long.engine), p95: p95(long.engine) },
        breakdownMedianMs: Object.fromEntries(
          Object.entries(long.breakdown).map(([k, v]) => [k, median(v)]),
        ),
      },
      bareLangGraph: { perTurnMs: { median: median(bare), p95: p95(bare) } },
    },
    null,
    2,
  ) + '\n',
);
console.log(`\nwrote ${out}`);

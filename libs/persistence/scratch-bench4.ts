import { buildLog, testSpec } from '@arena/models/testing';
import type { NewEvent } from '@arena/models';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { eq, sql } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { checkBatch } from './src/event-batch';
import { MIGRATIONS_FOLDER } from './src/migrations-folder';
import { events, games } from './src/schema';
import { toRow } from './src/stored-event';

const newEvents: NewEvent[] = [{ type: 'game_created', payload: { spec: testSpec() } }];
for (let t = 1; t <= 400; t++) {
  newEvents.push({ type: 'turn_started', payload: { turn: t, round: 1 } });
  newEvents.push({ type: 'speaker_selected', payload: { turn: t, playerId: 'P1', policy: 'round-robin', reasoning: 'next', candidates: [{ playerId: 'P1', weight: 1 }] } });
  newEvents.push({ type: 'contribution_accepted', payload: { turn: t, playerId: 'P1', attempt: 1, messageId: `M${t}`, text: 'Piers on piles to bedrock. '.repeat(20), cites: [] } });
  newEvents.push({ type: 'model_call', payload: { role: 'player', playerId: 'P1', purpose: 'act', model: 'sim', params: { temperature: 0.7 }, usage: { inputTokens: 100, outputTokens: 50 }, latencyMs: 1, costUsd: 0 } });
  newEvents.push({ type: 'narrator_line', payload: { turn: t, trigger: 'periodic', text: 'And so it goes.', messageId: `M${t+1000}` } });
}
const log = buildLog('g1', newEvents);
const client = await PGlite.create();
const db = drizzle({ client });
await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
const batches = [];
for (let i = 1; i < log.length; i += 5) batches.push(checkBatch(log.slice(i, i + 5))!);
async function run(name: string, bs: typeof batches, fn: (b: (typeof batches)[number]) => Promise<unknown>) {
  for (const b of bs.slice(0, 30)) await fn(b);
  const t = performance.now();
  for (const b of bs.slice(30)) await fn(b);
  console.log(name, ((performance.now() - t) / (bs.length - 30)).toFixed(3));
}
await run('tx insert+update', batches.slice(0, 130), (b) => db.transaction(async (tx) => {
  await tx.insert(events).values(b.events.map(toRow));
  await tx.update(games).set({ lastSeq: b.lastSeq, updatedAt: 'x', turns: 3 }).where(eq(games.gameId, 'g1'));
}));
await run('cte', batches.slice(130, 260), (b) => db.execute(sql`with stored as (${db.insert(events).values(b.events.map(toRow)).getSQL()} returning 1) ${db.update(games).set({ lastSeq: b.lastSeq, updatedAt: "x", turns: 3 }).where(eq(games.gameId, "g1")).getSQL()}`));
await run('checkBatch', batches.slice(260, 400), async (b) => checkBatch(b.events));
await client.close();

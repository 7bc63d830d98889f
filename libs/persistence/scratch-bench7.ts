import { buildLog, testSpec } from '@arena/models/testing';
import type { NewEvent } from '@arena/models';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { eq, sql } from 'drizzle-orm';
import { MIGRATIONS_FOLDER } from './src/migrations-folder';
import { createDrizzleEventStore } from './src/drizzle-event-store';
import { checkBatch } from './src/event-batch';
import { events, games } from './src/schema';
import { toRow } from './src/stored-event';

const mk = (g: string) => {
  const newEvents: NewEvent[] = [{ type: 'game_created', payload: { spec: testSpec() } }];
  for (let t = 1; t <= 200; t++) {
    newEvents.push({ type: 'turn_started', payload: { turn: t, round: 1 } });
    newEvents.push({ type: 'speaker_selected', payload: { turn: t, playerId: 'P1', policy: 'round-robin', reasoning: 'next', candidates: [{ playerId: 'P1', weight: 1 }] } });
    newEvents.push({ type: 'contribution_accepted', payload: { turn: t, playerId: 'P1', attempt: 1, messageId: `M${t}`, text: 'Piers on piles to bedrock. '.repeat(20), cites: [] } });
    newEvents.push({ type: 'model_call', payload: { role: 'player', playerId: 'P1', purpose: 'act', model: 'sim', params: { temperature: 0.7 }, usage: { inputTokens: 100, outputTokens: 50 }, latencyMs: 1, costUsd: 0 } });
    newEvents.push({ type: 'narrator_line', payload: { turn: t, trigger: 'periodic', text: 'And so it goes.', messageId: `M${t + 1000}` } });
  }
  return buildLog(g, newEvents);
};
const client = await PGlite.create();
const db = drizzle({ client });
await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
const store = createDrizzleEventStore(db);
const logs = ["a","b","c","d","e","f","g","h"].map(mk);
for (const l of logs) await store.append(l.slice(0, 1));
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const res: Record<string, number[]> = { store: [], raw: [], check: [] };
for (let round = 0; round < 8; round++) {
  const l = logs[round]!;
  const which = round % 2 === 0 ? 'store' : 'raw';
  let c0 = cpu(); let n = 0;
  for (let i = 1; i < l.length; i += 5, n++) {
    const b = l.slice(i, i + 5);
    if (which === 'store') await store.append(b);
    else {
      const cb = checkBatch(b)!;
      await db.execute(sql`with stored as (${db.insert(events).values(cb.events.map(toRow)).getSQL()} returning 1) ${db.update(games).set({ lastSeq: cb.lastSeq, updatedAt: 'x', turns: 1 }).where(eq(games.gameId, cb.gameId)).getSQL()}`);
    }
  }
  res[which]!.push((cpu() - c0) / n);
  c0 = cpu(); n = 0;
  for (let i = 1; i < l.length; i += 5, n++) checkBatch(l.slice(i, i + 5));
  res.check!.push((cpu() - c0) / n);
}
console.log(res);
await client.close();

import { buildLog, testSpec } from '@arena/models/testing';
import type { NewEvent } from '@arena/models';
import { PGlite } from '@electric-sql/pglite';
import { openPgliteEventStore } from './src/pglite-event-store';

const t0 = performance.now();
const store = await openPgliteEventStore();
console.log('open ms', performance.now() - t0);
const newEvents: NewEvent[] = [{ type: 'game_created', payload: { spec: testSpec() } }];
for (let t = 1; t <= 200; t++) {
  newEvents.push({ type: 'turn_started', payload: { turn: t, round: 1 } });
  newEvents.push({ type: 'speaker_selected', payload: { turn: t, playerId: 'P1', policy: 'round-robin', reasoning: 'next', candidates: [{ playerId: 'P1', weight: 1 }] } });
  newEvents.push({ type: 'contribution_accepted', payload: { turn: t, playerId: 'P1', attempt: 1, messageId: `M${t}`, text: 'Piers on piles to bedrock. '.repeat(20), cites: [] } });
  newEvents.push({ type: 'model_call', payload: { role: 'player', playerId: 'P1', purpose: 'act', model: 'sim', params: { temperature: 0.7 }, usage: { inputTokens: 100, outputTokens: 50 }, latencyMs: 1, costUsd: 0 } });
  newEvents.push({ type: 'narrator_line', payload: { turn: t, trigger: 'periodic', text: 'And so it goes.', messageId: `M${t + 1000}` } });
}
const log = buildLog('g1', newEvents);
await store.append(log.slice(0, 1));
const t1 = performance.now();
for (let i = 1; i < log.length; i += 5) await store.append(log.slice(i, i + 5));
const el = performance.now() - t1;
console.log('per 5-batch ms', el / ((log.length - 1) / 5));
const t2 = performance.now();
const loaded = await store.load('g1');
console.log('load ms', performance.now() - t2, loaded.length);
console.log(await store.getGame('g1'));
await store.close();
const pg = await PGlite.create();
console.log((await pg.query('select datcollate, datctype from pg_database')).rows);
try { await pg.query(`select $1::jsonb`, [JSON.stringify({ a: 'x\u0000y' })]); } catch (e) { console.log('nul', String(e)); }
try { await pg.query(`select $1::jsonb`, [JSON.stringify({ a: 'x\ud800y' })]); } catch (e) { console.log('sur', String(e)); }
await pg.close();

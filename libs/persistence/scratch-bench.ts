import { buildLog, testSpec } from '@arena/models/testing';
import type { NewEvent } from '@arena/models';
import { openPgliteEventStore } from './src/pglite-event-store';
import { createMemoryEventStore } from './src/memory-event-store';

const newEvents: NewEvent[] = [{ type: 'game_created', payload: { spec: testSpec() } }];
for (let t = 1; t <= 300; t++) {
  newEvents.push({ type: 'turn_started', payload: { turn: t, round: 1 } });
  newEvents.push({ type: 'speaker_selected', payload: { turn: t, playerId: 'P1', policy: 'round-robin', reasoning: 'next', candidates: [{ playerId: 'P1', weight: 1 }] } });
  newEvents.push({ type: 'contribution_accepted', payload: { turn: t, playerId: 'P1', attempt: 1, messageId: `M${t}`, text: 'Piers on piles to bedrock. '.repeat(20), cites: [] } });
  newEvents.push({ type: 'model_call', payload: { role: 'player', playerId: 'P1', purpose: 'act', model: 'sim', params: { temperature: 0.7 }, usage: { inputTokens: 100, outputTokens: 50 }, latencyMs: 1, costUsd: 0 } });
  newEvents.push({ type: 'narrator_line', payload: { turn: t, trigger: 'periodic', text: 'And so it goes.', messageId: `M${t + 1000}` } });
}
const log = buildLog('g1', newEvents);
for (const [name, store] of [['memory', createMemoryEventStore()], ['pglite', await openPgliteEventStore()]] as const) {
  await store.append(log.slice(0, 1));
  for (let i = 1; i < 500; i += 5) await store.append(log.slice(i, i + 5));
  const t1 = performance.now();
  const c = process.cpuUsage();
  let n = 0;
  for (let i = 501; i < log.length; i += 5, n++) await store.append(log.slice(i, i + 5));
  const u = process.cpuUsage(c);
  console.log(name, 'append 5: wall ms', ((performance.now() - t1) / n).toFixed(3), 'cpu ms', ((u.user + u.system) / 1000 / n).toFixed(3));
  const t2 = performance.now();
  const loaded = await store.load('g1');
  console.log(name, 'load ms', (performance.now() - t2).toFixed(1), loaded.length);
  await store.close();
}

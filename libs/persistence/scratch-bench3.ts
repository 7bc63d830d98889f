import { PGlite } from '@electric-sql/pglite';
const client = await PGlite.create();
await client.exec(`create table e (game_id text not null, seq integer not null, id text not null unique, type text not null, schema_version integer not null, payload jsonb not null, causation_id text, ts text not null, recorded_at timestamptz not null default now(), primary key (game_id, seq));
create table f (game_id text not null, seq integer not null, payload jsonb not null);
create table g (game_id text not null, seq integer not null, payload text not null);`);
const payload = JSON.stringify({ turn: 1, playerId: 'P1', attempt: 1, messageId: 'M1', text: 'Piers on piles to bedrock. '.repeat(20), cites: [] });
async function bench(name: string, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 50; i++) await fn(100000 + i);
  const t = performance.now();
  for (let i = 0; i < 200; i++) await fn(i);
  console.log(name, ((performance.now() - t) / 200).toFixed(3));
}
const sql5 = `insert into e (game_id, seq, id, type, schema_version, payload, causation_id, ts) values ${[0,1,2,3,4].map(k => `($${k*8+1},$${k*8+2},$${k*8+3},$${k*8+4},$${k*8+5},$${k*8+6},$${k*8+7},$${k*8+8})`).join(',')}`;
await bench('full 5 rows', (i) => client.query(sql5, [0,1,2,3,4].flatMap(k => ['g', i*5+k, `g:${i*5+k}`, 'x', 1, payload, null, '2026'])));
await bench('jsonb only 5 rows', (i) => client.query(`insert into f values ($1,$2,$3),($1,$4,$3),($1,$5,$3),($1,$6,$3),($1,$7,$3)`, ['g', i, payload, i, i, i, i]));
await bench('text only 5 rows', (i) => client.query(`insert into g values ($1,$2,$3),($1,$4,$3),($1,$5,$3),($1,$6,$3),($1,$7,$3)`, ['g', i, payload, i, i, i, i]));
await bench('1 row text', (i) => client.query(`insert into g values ($1,$2,$3)`, ['g', i, payload]));
await bench('select 1', () => client.query(`select 1`));
await bench('exec insert 5 literal', (i) => client.exec(`insert into g values ('g',${i},'x'),('g',${i},'x'),('g',${i},'x'),('g',${i},'x'),('g',${i},'x')`));
await client.close();

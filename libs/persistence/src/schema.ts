/**
 * Drizzle schema of the event store, shared by every Postgres client (PGlite, `pg`).
 * Migrations in `../drizzle` are generated from this file with drizzle-kit.
 */
import type { EndReason } from '@arena/models';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** The append-only log: one row per event, keyed by game and sequence number. */
export const events = pgTable(
  'events',
  {
    gameId: text('game_id').notNull(),
    seq: integer('seq').notNull(),
    id: text('id').notNull().unique(),
    type: text('type').notNull(),
    schemaVersion: integer('schema_version').notNull(),
    payload: jsonb('payload').$type<unknown>().notNull(),
    causationId: text('causation_id'),
    // Text rather than timestamptz: the log must give back the exact ISO string it was given.
    ts: text('ts').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'string' })
      .notNull()
      .defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.gameId, t.seq] })],
);

/** One row per game, derived from its events in the same transaction that stores them. */
export const games = pgTable(
  'games',
  {
    gameId: text('game_id').primaryKey(),
    scenarioId: text('scenario_id').notNull(),
    title: text('title').notNull(),
    status: text('status').$type<'running' | 'ended'>().notNull(),
    endReason: text('end_reason').$type<EndReason>(),
    winnerId: text('winner_id'),
    players: integer('players').notNull(),
    turns: integer('turns').notNull(),
    lastSeq: integer('last_seq').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    index('games_created_at_idx').on(t.createdAt.desc(), t.gameId),
    index('games_status_created_at_idx').on(t.status, t.createdAt.desc(), t.gameId),
  ],
);

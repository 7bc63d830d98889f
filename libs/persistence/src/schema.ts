/**
 * Drizzle schema of the event store, shared by every Postgres client (PGlite, `pg`).
 * Migrations in `../drizzle` are generated from this file with drizzle-kit.
 */
import type { EndReason } from '@arena/models';
import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

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
  (t) => [
    primaryKey({ columns: [t.gameId, t.seq] }),
    // Finished games in the order ratings apply them, without reading every event.
    index('events_game_ended_idx')
      .on(sql`${t.ts} collate "C"`, sql`${t.gameId} collate "C"`)
      .where(sql`${t.type} = 'game_ended'`),
  ],
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

/** The seats of each game (`game_created`), with their placement once it ends (`game_ended`). */
export const participants = pgTable(
  'participants',
  {
    gameId: text('game_id').notNull(),
    playerId: text('player_id').notNull(),
    seat: integer('seat').notNull(),
    characterId: text('character_id').notNull(),
    name: text('name').notNull(),
    model: text('model').notNull(),
    place: integer('place'),
    status: text('status').$type<'active' | 'eliminated'>(),
  },
  (t) => [
    primaryKey({ columns: [t.gameId, t.playerId] }),
    index('participants_character_idx').on(t.characterId),
    index('participants_model_idx').on(t.model),
  ],
);

/** The public transcript: one row per message event (`kind` is the event type). */
export const messages = pgTable(
  'messages',
  {
    gameId: text('game_id').notNull(),
    seq: integer('seq').notNull(),
    messageId: text('message_id').notNull(),
    turn: integer('turn').notNull(),
    playerId: text('player_id'),
    kind: text('kind').notNull(),
    text: text('text').notNull(),
  },
  (t) => [primaryKey({ columns: [t.gameId, t.seq] })],
);

/** One row per `contribution_scored`. */
export const scores = pgTable(
  'scores',
  {
    gameId: text('game_id').notNull(),
    seq: integer('seq').notNull(),
    turn: integer('turn').notNull(),
    playerId: text('player_id').notNull(),
    messageId: text('message_id').notNull(),
    phase: text('phase').notNull(),
    points: doublePrecision('points').notNull(),
    scores: jsonb('scores').$type<Record<string, number>>().notNull(),
    judge: text('judge').notNull(),
  },
  (t) => [primaryKey({ columns: [t.gameId, t.seq] })],
);

/** Accusations as filed (`accusation_filed`), with the verdict once reached (`verdict_reached`). */
export const accusations = pgTable(
  'accusations',
  {
    gameId: text('game_id').notNull(),
    accusationId: text('accusation_id').notNull(),
    accuser: text('accuser').notNull(),
    accused: text('accused').notNull(),
    /** The kind of accusation. */
    charge: text('charge').notNull(),
    claim: text('claim').notNull(),
    turn: integer('turn').notNull(),
    /** The accuser's confidence. */
    confidence: doublePrecision('confidence').notNull(),
    verdict: text('verdict'),
    /** The judge's confidence in the verdict. */
    verdictConfidence: doublePrecision('verdict_confidence'),
  },
  (t) => [primaryKey({ columns: [t.gameId, t.accusationId] })],
);

/** One row per `player_eliminated`. */
export const eliminations = pgTable(
  'eliminations',
  {
    gameId: text('game_id').notNull(),
    playerId: text('player_id').notNull(),
    turn: integer('turn').notNull(),
    round: integer('round').notNull(),
    cause: text('cause').notNull(),
    standing: doublePrecision('standing').notNull(),
  },
  (t) => [primaryKey({ columns: [t.gameId, t.playerId] })],
);

/** Usage, cost and latency of every model call (`model_call`). */
export const modelCalls = pgTable(
  'model_calls',
  {
    gameId: text('game_id').notNull(),
    seq: integer('seq').notNull(),
    role: text('role').notNull(),
    playerId: text('player_id'),
    purpose: text('purpose').notNull(),
    model: text('model').notNull(),
    inputTokens: integer('input_tokens').notNull(),
    outputTokens: integer('output_tokens').notNull(),
    latencyMs: doublePrecision('latency_ms').notNull(),
    costUsd: doublePrecision('cost_usd').notNull(),
    attempts: integer('attempts').notNull(),
    failed: boolean('failed').notNull(),
  },
  (t) => [primaryKey({ columns: [t.gameId, t.seq] }), index('model_calls_model_idx').on(t.model)],
);

/** Each champion's latest memory (from `champion_memory_updated`). */
export const champions = pgTable('champions', {
  characterId: text('character_id').primaryKey(),
  name: text('name').notNull(),
  version: integer('version').notNull(),
  games: integer('games').notNull(),
  wins: integer('wins').notNull(),
  memory: text('memory').notNull(),
  lastGameId: text('last_game_id').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** Every memory version of every champion, with the game and event that caused it. */
export const championMemory = pgTable(
  'champion_memory',
  {
    characterId: text('character_id').notNull(),
    version: integer('version').notNull(),
    gameId: text('game_id').notNull(),
    seq: integer('seq').notNull(),
    outcome: text('outcome').$type<'won' | 'lost'>().notNull(),
    lessons: jsonb('lessons').$type<string[]>().notNull(),
    memory: text('memory').notNull(),
    games: integer('games').notNull(),
    wins: integer('wins').notNull(),
    model: text('model').notNull(),
    ts: text('ts').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.characterId, t.version] }),
    uniqueIndex('champion_memory_event_idx').on(t.gameId, t.seq),
  ],
);

/** Series records, stored by orchestration (`saveSeries`). */
export const series = pgTable('series', {
  seriesId: text('series_id').primaryKey(),
  format: text('format').notNull(),
  status: text('status').$type<'running' | 'ended'>().notNull(),
  config: jsonb('config').$type<unknown>().notNull(),
  standings: jsonb('standings').$type<unknown>(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** The games of each series, from `game_created.series`. */
export const seriesGames = pgTable(
  'series_games',
  {
    seriesId: text('series_id').notNull(),
    gameId: text('game_id').notNull(),
    round: integer('round').notNull(),
    scheduleIndex: integer('schedule_index').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.seriesId, t.gameId] }),
    index('series_games_schedule_idx').on(t.seriesId, t.scheduleIndex),
  ],
);

/** Ratings per character and per model spec, kept by the store's `RatingUpdater`. */
export const ratings = pgTable(
  'ratings',
  {
    pool: text('pool').$type<'character' | 'model'>().notNull(),
    key: text('key').notNull(),
    mu: doublePrecision('mu').notNull(),
    sigma: doublePrecision('sigma').notNull(),
    games: integer('games').notNull(),
    wins: integer('wins').notNull(),
    lastGameId: text('last_game_id').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.pool, t.key] })],
);

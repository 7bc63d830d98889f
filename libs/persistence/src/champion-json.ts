import type { ChampionMemoryVersion, ChampionSummary } from './records';

/** A champion as the CLI's `--json` and the runner's API show it. */
export function championJson(c: ChampionSummary) {
  return {
    characterId: c.characterId,
    name: c.name,
    version: c.version,
    record: { games: c.games, wins: c.wins },
    lastGameId: c.lastGameId,
    updatedAt: c.updatedAt,
  };
}

/** One version of a champion's memory as the CLI's `--json` and the runner's API show it. */
export function championVersionJson(v: ChampionMemoryVersion) {
  return {
    version: v.version,
    gameId: v.gameId,
    seq: v.seq,
    outcome: v.outcome,
    record: { games: v.games, wins: v.wins },
    lessons: v.lessons,
    memory: v.memory,
    model: v.model,
    ts: v.ts,
  };
}

import { gameResponder, startLoopbackModel } from '@arena/agents/testing';
import { countModelCalls, type CallCensus } from './call-census';
import { playLoopbackGame } from './loopback-game';

/** How close a game's wall time comes to its critical model calls back to back. */
export interface CriticalPathGame {
  seed: number;
  wallMs: number;
  endReason: string;
  census: CallCensus;
  /** `wallMs / (census.critical × latencyMs)`. */
  ratio: number;
}

/** Where the wall time of the measured games went, summed over them (ms). */
export interface WallBreakdown {
  /** `criticalCalls × latencyMs`: the model's own thinking time on the critical path. */
  modelLatency: number;
  /** What the critical calls took beyond it: HTTP, the provider SDK, the wrappers. */
  callOverhead: number;
  /** The rest: the engine's own work between calls, and its commits. */
  betweenCalls: number;
}

export interface CriticalPathResult {
  latencyMs: number;
  maxTurns: number;
  games: CriticalPathGame[];
  /** Totals over every game. */
  turns: number;
  wallMs: number;
  criticalCalls: number;
  totalCalls: number;
  /** Scoring invocations the round checks and the end waited for (part of the critical calls). */
  awaitedScoring: number;
  breakdownMs: WallBreakdown;
  /** `1.15 × criticalCalls × latencyMs`. */
  boundMs: number;
  /** `wallMs / (criticalCalls × latencyMs)` over all games; the target is at most 1.15. */
  ratio: number;
}

/** Turns of the unmeasured game played first. */
const WARMUP_TURNS = 4;

/** Slack allowed over the critical calls run back to back. */
export const CRITICAL_PATH_TARGET = 1.15;

/**
 * Plays `games` default games of `maxTurns` turns on a loopback model that answers every call
 * after `latencyMs`, and compares each game's wall time with its critical model calls (see
 * {@link countModelCalls}) run back to back: the background work (scoring, periodic narration,
 * summaries) should hide behind the next speaker's call. A short game is played first and not
 * measured, so that start-up costs (compilation, first connections) do not count.
 *
 * @example
 * const result = await measureCriticalPath({ latencyMs: 200, games: 3, maxTurns: 30 });
 * result.ratio <= CRITICAL_PATH_TARGET;
 */
export async function measureCriticalPath(options: {
  latencyMs: number;
  games: number;
  maxTurns: number;
}): Promise<CriticalPathResult> {
  const { latencyMs, maxTurns } = options;
  const model = await startLoopbackModel(gameResponder({ seed: 1, delayMs: latencyMs }));
  const games: CriticalPathGame[] = [];
  try {
    await playLoopbackGame({ url: model.url, seed: 499, maxTurns: WARMUP_TURNS });
    for (let i = 0; i < options.games; i++) {
      const seed = 500 + i;
      const game = await playLoopbackGame({ url: model.url, seed, maxTurns });
      const census = countModelCalls(game.events);
      games.push({
        seed,
        wallMs: game.wallMs,
        endReason: game.final.ended?.reason ?? 'unfinished',
        census,
        ratio: game.wallMs / (census.critical * latencyMs),
      });
    }
  } finally {
    await model.close();
  }
  const sum = (pick: (g: CriticalPathGame) => number) => games.reduce((s, g) => s + pick(g), 0);
  const criticalCalls = sum((g) => g.census.critical);
  const wallMs = sum((g) => g.wallMs);
  const modelLatency = criticalCalls * latencyMs;
  const criticalLatency = sum((g) => g.census.criticalLatencyMs);
  return {
    latencyMs,
    maxTurns,
    games,
    turns: sum((g) => g.census.turns),
    wallMs,
    criticalCalls,
    totalCalls: sum((g) => g.census.total),
    awaitedScoring: sum((g) => g.census.awaitedScoring),
    breakdownMs: {
      modelLatency,
      callOverhead: criticalLatency - modelLatency,
      betweenCalls: wallMs - criticalLatency,
    },
    boundMs: CRITICAL_PATH_TARGET * modelLatency,
    ratio: wallMs / modelLatency,
  };
}

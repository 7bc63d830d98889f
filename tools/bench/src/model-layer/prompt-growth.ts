import { gameResponder, startLoopbackModel } from '@arena/agents/testing';
import { actCallsOfTurn } from './call-census';
import { playLoopbackGame } from './loopback-game';

/** Prompt sizes of the speaker's `act` calls early and late in a long game. */
export interface PromptGrowthResult {
  turns: number;
  endReason: string;
  early: { turn: number; inputTokens: number[] };
  late: { turn: number; inputTokens: number[] };
  /** First `act` prompt of the late turn over that of the early turn; the target is at most 1.5. */
  ratio: number;
}

/** How much a player's prompt may grow between the early and the late turn. */
export const PROMPT_GROWTH_TARGET = 1.5;

/**
 * Rules under which a game runs to its turn limit: nobody is eliminated, nobody accuses, and
 * the problem is never declared solved.
 */
const ENDLESS_RULES = {
  elimination: { warmupRounds: 100_000, everyRounds: 1, minSurvivors: 1 },
  solved: { minRounds: 100_000 },
  accusations: { maxPerPlayer: 0 },
};

/**
 * Plays one endless default game of `turns` turns on an instant loopback model (which reports
 * `ceil(chars / 4)` input tokens) and reads the prompt size of the `act` calls at `earlyTurn`
 * and `lateTurn`: with a rolling summary and a bounded recent window, it must stay flat.
 *
 * @example
 * const result = await measurePromptGrowth({ turns: 210, earlyTurn: 20, lateTurn: 200 });
 * result.ratio <= PROMPT_GROWTH_TARGET;
 */
export async function measurePromptGrowth(options: {
  turns: number;
  earlyTurn: number;
  lateTurn: number;
}): Promise<PromptGrowthResult> {
  const model = await startLoopbackModel(gameResponder({ seed: 2, accuseRate: 0 }));
  try {
    const game = await playLoopbackGame({
      url: model.url,
      seed: 4242,
      maxTurns: options.turns,
      rules: ENDLESS_RULES,
    });
    const tokensAt = (turn: number) => ({
      turn,
      inputTokens: actCallsOfTurn(game.events, turn).map((c) => c.payload.usage.inputTokens),
    });
    const early = tokensAt(options.earlyTurn);
    const late = tokensAt(options.lateTurn);
    const first = (xs: number[]) => xs[0] ?? Number.NaN;
    return {
      turns: game.final.turn,
      endReason: game.final.ended?.reason ?? 'unfinished',
      early,
      late,
      ratio: first(late.inputTokens) / first(early.inputTokens),
    };
  } finally {
    await model.close();
  }
}

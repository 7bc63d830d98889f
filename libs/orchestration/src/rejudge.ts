import { z } from 'zod';
import { safeParseModelSpec, type ModelRuntime } from '@arena/agents';
import {
  ArenaError,
  DIMENSIONS,
  computeStandings,
  foldGame,
  zodIssues,
  type Dimension,
  type EndReason,
  type GameEnd,
  type GameEvent,
  type GameState,
  type Standing,
} from '@arena/models';
import { buildCounterfactualLog } from './counterfactual-log';
import { ORCHESTRATION_ERROR_CODES } from './errors';
import { modelRuntimeOf } from './game-session';
import { createJudgePanel } from './judge-panel';
import { rejudgeAnswers, type RejudgeAnswers } from './rejudge-answers';

/** The plain (serialisable) options of {@link rejudgeGame}. */
export const RejudgeOptionsSchema = z.strictObject({
  /** The new judge panel: 1 to 5 model specs (`sim` is the deterministic judge). */
  judge: z.array(z.string().min(1)).min(1).max(5),
  /** Model judge questions asked at once. @default 4 */
  concurrency: z.number().int().min(1).max(32).default(4),
});

export interface RejudgeOptions extends z.input<typeof RejudgeOptionsSchema> {
  /** Builds the judges; the games' runtime. @default a runtime that only knows `sim` and keyless providers */
  models?: ModelRuntime;
}

/** One player's result in one version of the game. */
export interface PlayerResult {
  points: number;
  turns: number;
  standing: number;
  place: number;
  status: 'active' | 'eliminated';
}

/** One elimination, in order. */
export interface EliminationRecord {
  playerId: string;
  name: string;
  turn: number;
  round: number;
  cause: 'lowest_standing' | 'proven_accusation';
}

/** How one version of the game ends. */
export interface EndingRecord {
  reason: EndReason | 'record_ended';
  detail: string;
  winnerId: string | null;
}

/** A game's outcome as played and as re-judged by another panel (see {@link rejudgeGame}). */
export interface RejudgeResult {
  gameId: string;
  judges: { before: string[]; after: string[] };
  /** Every player, by seat. */
  players: Array<{ playerId: string; name: string; before: PlayerResult; after: PlayerResult }>;
  eliminations: { before: EliminationRecord[]; after: EliminationRecord[] };
  ending: { before: EndingRecord; after: EndingRecord & { turn: number } };
  /** Mean score per dimension over every recorded score, old judge and new. */
  dimensions: Record<Dimension, { before: number; after: number; change: number }>;
  agreement: {
    /** 1 − the mean absolute difference of the two judges' scores over contributions and dimensions. */
    scores: number;
    contributions: number;
    verdicts: { compared: number; same: number };
    solvedChecks: { compared: number; same: number };
  };
  /** What the new panel's model calls used (`sim` makes none). */
  usage: {
    calls: number;
    failedAnswers: number;
    inputTokens: number;
    outputTokens: number;
    costUsd: number;
    byModel: Array<{ model: string; calls: number; tokens: number; costUsd: number }>;
  };
  /** What changed, in one sentence. */
  summary: string;
  /** The counterfactual log, folded by the real reducer (never stored). */
  counterfactual: GameEvent[];
}

function invalidOptions(issues: { path: string; message: string }[]): ArenaError {
  const lines = issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n');
  return new ArenaError(`Invalid re-judging options:\n${lines}`, {
    code: ORCHESTRATION_ERROR_CODES.INVALID_REJUDGE_OPTIONS,
    category: 'user',
    details: { issues },
  });
}

/** Validate the options: the schema first, then each spec's form, then the runtime's keys. */
function parseOptions(options: RejudgeOptions): {
  judge: string[];
  concurrency: number;
  models: ModelRuntime;
} {
  const { models, ...plain } = options;
  const parsed = RejudgeOptionsSchema.safeParse(plain);
  if (!parsed.success) throw invalidOptions(zodIssues(parsed.error));
  parsed.data.judge.forEach((spec, i) => {
    const result = safeParseModelSpec(spec);
    if (!result.ok) {
      throw new ArenaError(`Unknown judge model spec at judge.${i}: ${result.error.message}`, {
        code: ORCHESTRATION_ERROR_CODES.UNKNOWN_JUDGE_SPEC,
        category: 'user',
        details: { path: `judge.${i}`, spec },
        cause: result.error,
      });
    }
  });
  const runtime = modelRuntimeOf({ models });
  runtime.check(parsed.data.judge);
  return { ...parsed.data, models: runtime };
}

function finishedState(events: readonly GameEvent[]): GameState & { ended: GameEnd } {
  const state = events.length > 0 ? foldGame(events) : null;
  if (!state?.ended) {
    throw new ArenaError(
      state
        ? `Game ${state.gameId} has not ended (turn ${state.turn}); only a finished game can be re-judged`
        : 'The game log is empty; only a finished game can be re-judged',
      {
        code: ORCHESTRATION_ERROR_CODES.GAME_NOT_FINISHED,
        category: 'user',
        details: { gameId: state?.gameId ?? null, turn: state?.turn ?? 0 },
      },
    );
  }
  return { ...state, ended: state.ended };
}

function playerResult(standing: Standing | undefined): PlayerResult {
  return {
    points: standing?.points ?? 0,
    turns: standing?.turns ?? 0,
    standing: standing?.standing ?? 0,
    place: standing?.place ?? 0,
    status: standing?.status ?? 'active',
  };
}

/** The eliminations of a log, in order, with the eliminated player's name. */
export function eliminationsOf(
  events: readonly GameEvent[],
  state: GameState,
): EliminationRecord[] {
  return events.flatMap((e) =>
    e.type === 'player_eliminated'
      ? [
          {
            playerId: e.payload.playerId,
            name:
              state.players.find((p) => p.id === e.payload.playerId)?.name ?? e.payload.playerId,
            turn: e.payload.turn,
            round: e.payload.round,
            cause: e.payload.cause,
          },
        ]
      : [],
  );
}

const round = (n: number, digits = 4) => Number(n.toFixed(digits));

function compareJudges(
  events: readonly GameEvent[],
  answers: RejudgeAnswers,
  rescored: ReturnType<typeof buildCounterfactualLog>['rescored'],
) {
  const sums = Object.fromEntries(DIMENSIONS.map((d) => [d, { before: 0, after: 0 }])) as Record<
    Dimension,
    { before: number; after: number }
  >;
  let absolute = 0;
  let contributions = 0;
  const verdicts = { compared: 0, same: 0 };
  const solvedChecks = { compared: 0, same: 0 };
  for (const e of events) {
    if (e.type === 'contribution_scored') {
      const now = rescored.get(e.payload.messageId);
      if (!now) continue;
      contributions += 1;
      for (const d of DIMENSIONS) {
        sums[d].before += e.payload.scores[d];
        sums[d].after += now.scores[d];
        absolute += Math.abs(now.scores[d] - e.payload.scores[d]);
      }
    } else if (e.type === 'verdict_reached') {
      const now = answers.verdicts.get(e.id);
      if (!now) continue;
      verdicts.compared += 1;
      if (now.decision.verdict === e.payload.verdict) verdicts.same += 1;
    } else if (e.type === 'problem_checked') {
      const now = answers.solved.get(e.id);
      if (!now) continue;
      solvedChecks.compared += 1;
      if (now.decision.solved === e.payload.solved) solvedChecks.same += 1;
    }
  }
  const mean = (sum: number) => (contributions === 0 ? 0 : round(sum / contributions));
  const dimensions = Object.fromEntries(
    DIMENSIONS.map((d) => {
      const before = mean(sums[d].before);
      const after = mean(sums[d].after);
      return [d, { before, after, change: round(after - before) }];
    }),
  ) as RejudgeResult['dimensions'];
  const scores =
    contributions === 0 ? 1 : round(1 - absolute / (contributions * DIMENSIONS.length));
  return { dimensions, agreement: { scores, contributions, verdicts, solvedChecks } };
}

function usageOf(answers: RejudgeAnswers): RejudgeResult['usage'] {
  const byModel = new Map<
    string,
    { model: string; calls: number; tokens: number; costUsd: number }
  >();
  let inputTokens = 0;
  let outputTokens = 0;
  let costUsd = 0;
  for (const call of answers.calls) {
    inputTokens += call.usage.inputTokens;
    outputTokens += call.usage.outputTokens;
    costUsd += call.costUsd;
    const row = byModel.get(call.model) ?? { model: call.model, calls: 0, tokens: 0, costUsd: 0 };
    row.calls += 1;
    row.tokens += call.usage.inputTokens + call.usage.outputTokens;
    row.costUsd += call.costUsd;
    byModel.set(call.model, row);
  }
  return {
    calls: answers.calls.length,
    failedAnswers: answers.failures,
    inputTokens,
    outputTokens,
    costUsd: round(costUsd, 6),
    byModel: [...byModel.values()].map((r) => ({ ...r, costUsd: round(r.costUsd, 6) })),
  };
}

function nameOf(result: Pick<RejudgeResult, 'players'>, id: string | null): string {
  if (id === null) return 'nobody';
  const player = result.players.find((p) => p.playerId === id);
  return player ? `${player.name} (${id})` : id;
}

/** One sentence on what the new judging changes. */
function summarise(result: Omit<RejudgeResult, 'summary' | 'counterfactual'>): string {
  const { before, after } = result.ending;
  const parts: string[] = [];
  parts.push(
    before.winnerId === after.winnerId
      ? `${nameOf(result, after.winnerId)} still wins`
      : `the winner changes from ${nameOf(result, before.winnerId)} to ${nameOf(result, after.winnerId)}`,
  );
  const moved = result.players.filter((p) => p.before.place !== p.after.place).length;
  parts.push(
    moved === 0 ? 'no place changes' : `${moved} of ${result.players.length} players change place`,
  );
  const order = (list: EliminationRecord[]) =>
    list.map((e) => `${e.playerId}:${e.cause}`).join(',');
  if (order(result.eliminations.before) !== order(result.eliminations.after)) {
    const first = result.eliminations.before.findIndex(
      (e, i) => order([e]) !== order(result.eliminations.after.slice(i, i + 1)),
    );
    const index = first === -1 ? result.eliminations.before.length : first;
    parts.push(`the eliminations differ from the ${ordinal(index + 1)} on`);
  }
  if (after.reason === 'record_ended') {
    parts.push(
      `the game would go on past the record's end (which came by ${ENDINGS[before.reason]})`,
    );
  } else if (before.reason !== after.reason) {
    parts.push(`the game ends by ${ENDINGS[after.reason]} instead of ${ENDINGS[before.reason]}`);
  }
  const sentence =
    parts.length > 2 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts.join(' and ');
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}

const ENDINGS: Record<EndingRecord['reason'], string> = {
  solved: 'the problem being solved',
  one_survivor: 'one survivor',
  max_turns: 'the turn limit',
  all_eliminated: 'every player being eliminated',
  aborted: 'an abort',
  record_ended: "the record's end",
};

function ordinal(n: number): string {
  const suffix =
    n % 10 === 1 && n % 100 !== 11
      ? 'st'
      : n % 10 === 2 && n % 100 !== 12
        ? 'nd'
        : n % 10 === 3 && n % 100 !== 13
          ? 'rd'
          : 'th';
  return `${n}${suffix}`;
}

/**
 * Re-score a finished game with another judge panel, without playing it again: every accepted
 * contribution, accusation and "solved?" check is judged anew on the state the game was in
 * when the original judge was asked, and the game's outcome is recomputed from those rulings by
 * replaying its log with the new rulings in place and folding it with the real reducer
 * (false-accusation penalties, proven accusations eliminating at once, eliminations chosen
 * again at each recorded round end, players eliminated earlier no longer counting, the end and
 * the winner). Nothing is written: the original log stays as played.
 *
 * Approximations: the players' words stay the same (a player cannot react to judging it never
 * sees, but turns and accusations would differ once the cast differs); the judge reads the
 * conversation as played, officials' lines included; a player who survives longer than in the
 * record takes no further turns, one eliminated earlier loses its later turns; eliminations
 * added by the new judging have no final words; budgets are not re-checked; when the record's
 * end (solved, one survivor) no longer holds, the outcome is taken where the record stops.
 *
 * @throws ArenaError ORCH_INVALID_REJUDGE_OPTIONS, ORCH_UNKNOWN_JUDGE_SPEC (a spec that does
 * not parse), AGENTS_PROVIDER_NOT_CONFIGURED (a key is missing), ORCH_GAME_NOT_FINISHED.
 * @example
 * const events = await store.load('g-1');
 * const result = await rejudgeGame(events, { judge: ['openai:gpt-4o-mini'], models: runtime });
 * console.log(result.summary);
 */
export async function rejudgeGame(
  events: readonly GameEvent[],
  options: RejudgeOptions,
): Promise<RejudgeResult> {
  const { judge, concurrency, models } = parseOptions(options);
  const original = finishedState(events);
  const panel = createJudgePanel(models, judge);
  const answers = await rejudgeAnswers(events, panel, { concurrency });
  const log = buildCounterfactualLog(events, answers, panel);
  const { ended } = original;
  const standingsAfter = log.state.ended?.standings ?? computeStandings(log.state);
  const partial = {
    gameId: original.gameId,
    judges: { before: original.spec.officials.judge, after: judge },
    players: original.players.map((p) => ({
      playerId: p.id,
      name: p.name,
      before: playerResult(ended.standings.find((s) => s.playerId === p.id)),
      after: playerResult(standingsAfter.find((s) => s.playerId === p.id)),
    })),
    eliminations: {
      before: eliminationsOf(events, original),
      after: eliminationsOf(log.events, log.state),
    },
    ending: {
      before: { reason: ended.reason, detail: ended.detail, winnerId: ended.winnerId },
      after: {
        reason: log.ending.reason,
        detail: log.ending.detail,
        winnerId: log.ending.winnerId,
        turn: log.ending.turn,
      },
    },
    ...compareJudges(events, answers, log.rescored),
    usage: usageOf(answers),
  };
  return { ...partial, summary: summarise(partial), counterfactual: log.events };
}

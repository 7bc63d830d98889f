import { z } from 'zod';
import {
  GAME_MODES,
  GameConfigSchema,
  ModelSpecSchema,
  gameRng,
  nextMessageId,
  validate,
  type AccusationState,
  type CalibrationAccusation,
  type CalibrationItem,
  type CalibrationSet,
  type GameMode,
  type GameSpec,
  type VerdictKind,
} from '@arena/models';
import {
  checkContribution,
  judgeAccusation,
  verifyEvidence,
  type EvidenceCheck,
  type VerdictDecision,
} from '@arena/scoring';
import { checkCalibrationSet, seatsNeeded } from './calibration';
import { CalibrationGame } from './calibration-game';
import {
  originalVariant,
  permutedVariant,
  type Scene,
  type SceneVariant,
} from './calibration-scene';
import type { ContentCatalog } from './catalog';
import { modelRuntimeOf, type GameServices } from './game-session';
import {
  summariseJudgeCheck,
  type JudgeCall,
  type JudgeCheckReport,
  type JudgeFailure,
  type MemberRuling,
  type RuledRun,
  type ScoredRun,
} from './judge-check-report';
import { createJudgePanel } from './judge-panel';
import {
  askPanel,
  hasModelJudges,
  panelVerdict,
  scoredPayload,
  type CallOutcome,
  type Panel,
} from './panel';
import { SIM_DEFAULTS, resolveGameSpec } from './resolve-spec';

export interface JudgeCheckOptions {
  /** The judge panel to check: 1-5 model specs (`sim` is the deterministic judge). */
  judges: readonly string[];
  set: CalibrationSet;
  /** Scenarios and characters the entries are played on. */
  catalog: ContentCatalog;
  /** The clock for event timestamps and the model runtime, as games get them. */
  services: Pick<GameServices, 'clock' | 'models'>;
  /** Seeds the games (judge aliases, judges' randomness) and the permuted seatings. */
  seed: number;
  /** The mode, which decides the sign of manipulation in points. @default 'competitive' */
  mode?: GameMode;
  /** Entries checked at once. @default 4 */
  concurrency?: number;
  /** Called after each entry with how many are done. */
  onProgress?: (done: number, total: number) => void;
}

const OptionsSchema = z.object({
  judges: z.array(ModelSpecSchema).min(1, 'name at least one judge').max(5, 'at most 5 judges'),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1),
  mode: z.enum(GAME_MODES).default('competitive'),
  concurrency: z.number().int().min(1).max(64).default(4),
});

interface Context {
  panel: Panel;
  catalog: ContentCatalog;
  clock: GameServices['clock'];
  seed: number;
  mode: GameMode;
}

function sceneOf(entry: CalibrationItem | CalibrationAccusation): Scene {
  return { scenario: entry.scenario, seats: seatsNeeded(entry), context: entry.context };
}

/** A game spec resolved for the scene's scenario, seating the first characters of the catalog. */
function sceneSpec(scene: Scene, ctx: Context, source: string): GameSpec {
  const characters = [...ctx.catalog.characters.keys()].sort().slice(0, scene.seats);
  const config = validate(
    GameConfigSchema,
    {
      scenario: scene.scenario,
      players: characters,
      mode: ctx.mode,
      judge: { panel: ctx.panel.specs },
    },
    'game config',
    source,
  );
  return resolveGameSpec({ ...config, seed: ctx.seed }, ctx.catalog, SIM_DEFAULTS);
}

function variantOf(scene: Scene, id: string, permuted: boolean, seed: number): SceneVariant {
  return permuted
    ? permutedVariant(scene, gameRng(seed, `judge-check:${id}`))
    : originalVariant(scene);
}

function replayScene(
  scene: Scene,
  variant: SceneVariant,
  ctx: Context,
  gameId: string,
): CalibrationGame {
  const game = new CalibrationGame(sceneSpec(scene, ctx, gameId), gameId, ctx.clock);
  for (const message of variant.context) game.replay(message);
  return game;
}

function callsOf(
  purpose: 'score' | 'verdict',
  outcomes: readonly (CallOutcome<unknown> | null)[],
): {
  calls: JudgeCall[];
  failures: JudgeFailure[];
} {
  const calls: JudgeCall[] = [];
  const failures: JudgeFailure[] = [];
  for (const o of outcomes) {
    if (!o) continue;
    for (const call of o.calls) {
      calls.push({
        judge: o.spec,
        purpose: call.purpose,
        inputTokens: call.usage.inputTokens,
        outputTokens: call.usage.outputTokens,
        costUsd: call.costUsd,
        error: call.error ? `${call.error.kind}: ${call.error.message}` : null,
      });
    }
    if (o.failure) {
      failures.push({
        judge: o.spec,
        purpose,
        reason: o.failure.reason,
        detail: o.failure.detail,
      });
    }
  }
  return { calls, failures };
}

/** Score one contribution item exactly as a game would: signals now, the panel, the payload. */
async function scoreItem(
  item: CalibrationItem,
  permuted: boolean,
  ctx: Context,
): Promise<ScoredRun> {
  const scene = sceneOf(item);
  const variant = variantOf(scene, item.id, permuted, ctx.seed);
  const gameId = `judge-check-${item.id}${permuted ? '-permuted' : ''}`;
  const game = replayScene(scene, variant, ctx, gameId);
  const message = variant.message(item.contribution);
  game.startTurn(message.speaker);
  const decision = checkContribution({
    text: message.text,
    speakerId: message.speaker,
    state: game.state,
    index: game.index,
    rules: game.state.spec.rules,
  });
  const messageId = game.accept(message);
  const cause = game.state.lastEventId;
  const deterministic = game.scoreDeterministic(messageId);
  const state = game.state;
  const turn = state.turn;
  const contribution = {
    messageId,
    playerId: message.speaker,
    text: message.text,
    cites: message.cites,
  };
  const outcomes = hasModelJudges(ctx.panel)
    ? await askPanel(ctx.panel, (judge, i) =>
        judge.score({
          state,
          contribution,
          rng: gameRng(state.spec.seed, `turn:${turn}:judge:${i}`),
        }),
      )
    : ctx.panel.members.map(() => null);
  for (const o of outcomes) if (o) game.recordOutcome('judge', 'score', o);
  const payload = scoredPayload(
    { messageId, playerId: message.speaker, turn },
    deterministic,
    outcomes,
    ctx.panel.specs,
  );
  game.emit('contribution_scored', payload, cause);
  return {
    gameId,
    gate: decision.accepted ? 'accepted' : decision.reason,
    scores: payload.scores,
    points: payload.points,
    weights: payload.weights,
    members: outcomes.map((o) => (o === null ? deterministic.scores : (o.value?.scores ?? null))),
    ...callsOf('score', outcomes),
  };
}

function memberRulings(
  panel: Panel,
  deterministic: VerdictDecision,
  outcomes: readonly (CallOutcome<{ verdict: VerdictKind; confidence: number }> | null)[] | null,
): (MemberRuling | null)[] {
  return panel.members.map((member, i) => {
    const mechanical = {
      verdict: deterministic.verdict,
      confidence: deterministic.confidence,
    };
    if (member === null) return { ...mechanical, asked: true };
    const o = outcomes?.[i];
    if (!o) return { ...mechanical, asked: false };
    return o.value
      ? { verdict: o.value.verdict, confidence: o.value.confidence, asked: true }
      : null;
  });
}

/** Rule on one accusation exactly as a game would: evidence check, defence, signals, panel. */
async function ruleCase(
  acc: CalibrationAccusation,
  permuted: boolean,
  ctx: Context,
): Promise<RuledRun> {
  const scene = sceneOf(acc);
  const variant = variantOf(scene, acc.id, permuted, ctx.seed);
  const gameId = `judge-check-${acc.id}${permuted ? '-permuted' : ''}`;
  const game = replayScene(scene, variant, ctx, gameId);
  const accuserId = variant.alias(acc.accuser);
  const accusedId = variant.alias(acc.accused);
  const turn = game.startTurn(accuserId);
  const accusationId = `A${game.state.accusations.length + 1}`;
  const filed = game.emit('accusation_filed', {
    turn,
    accusationId,
    accuserId,
    accusedId,
    kind: acc.kind,
    claim: variant.rewrite(acc.claim),
    evidence: acc.evidence.map((e) => ({
      messageId: variant.messageId(e.messageId),
      quote: variant.rewrite(e.quote),
    })),
    confidence: acc.confidence,
    messageId: nextMessageId(game.state),
  });
  const filedState = game.state.accusations.at(-1);
  if (!filedState) throw new Error('the accusation was not recorded');
  const check = verifyEvidence(filedState.evidence, game.state, accusedId);
  game.emit(
    'evidence_checked',
    { accusationId, valid: check.valid, findings: check.findings },
    filed.id,
  );
  const defenceText = variant.rewrite(acc.defence).trim();
  if (defenceText.length > 0) {
    game.emit('defence_given', {
      accusationId,
      playerId: accusedId,
      text: defenceText,
      messageId: nextMessageId(game.state),
    });
  }
  const accusation = game.state.accusations.at(-1) ?? filedState;
  const rules = game.state.spec.rules.accusations;
  const deterministic = judgeAccusation({
    accusation,
    evidenceCheck: check,
    defenceText,
    state: game.state,
  });
  let decision = deterministic;
  let outcomes: Awaited<ReturnType<typeof askRule>> | null = null;
  if (hasModelJudges(ctx.panel) && check.valid) {
    outcomes = await askRule(ctx.panel, game, accusation, check, defenceText, turn);
    for (const o of outcomes) if (o) game.recordOutcome('judge', 'verdict', o);
    decision = panelVerdict(deterministic, check.valid, outcomes, rules);
  }
  game.emit('verdict_reached', {
    accusationId,
    verdict: decision.verdict,
    confidence: decision.confidence,
    reasoning: decision.reasoning,
    accuserPenaltyFactor: decision.accuserPenaltyFactor,
    messageId: nextMessageId(game.state),
  });
  return {
    gameId,
    evidenceValid: check.valid,
    verdict: decision.verdict,
    confidence: decision.confidence,
    reasoning: decision.reasoning,
    members: memberRulings(ctx.panel, deterministic, outcomes),
    ...callsOf('verdict', outcomes ?? []),
  };
}

function askRule(
  panel: Panel,
  game: CalibrationGame,
  accusation: AccusationState,
  evidence: EvidenceCheck,
  defenceText: string,
  turn: number,
) {
  const state = game.state;
  return askPanel(panel, (judge, i) =>
    judge.rule({
      state,
      accusation,
      evidence,
      defenceText,
      rng: gameRng(state.spec.seed, `turn:${turn}:verdict:${i}`),
    }),
  );
}

/** Run `fn` over `items` with at most `limit` in flight; results keep the items' order. */
async function inPool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Check a judge panel against a calibration set. Each entry becomes a real game (its scenario,
 * seats and context folded from events), and its contribution is scored, or its accusation
 * ruled, exactly as a game would; then again with the speakers in other seats and the context
 * rotated. The report gives accuracy against the labels, inter-judge agreement (Krippendorff's
 * alpha), length bias, sensitivity to names and order, self-preference, and what the model calls
 * cost.
 *
 * @example
 * const report = await runJudgeCheck({
 *   judges: ['sim'], set: loadCalibrationSet(path, catalog), catalog,
 *   services: { clock: systemClock, models }, seed: 1,
 * });
 * report.accuracy.panel.overall; // share of scores inside their expected range
 */
export async function runJudgeCheck(options: JudgeCheckOptions): Promise<JudgeCheckReport> {
  const parsed = validate(
    OptionsSchema,
    {
      judges: options.judges,
      seed: options.seed,
      mode: options.mode,
      concurrency: options.concurrency,
    },
    'judge check options',
  );
  checkCalibrationSet(options.set, options.catalog);
  const models = modelRuntimeOf(options.services);
  models.check(parsed.judges);
  const ctx: Context = {
    panel: createJudgePanel(models, parsed.judges),
    catalog: options.catalog,
    clock: options.services.clock,
    seed: parsed.seed,
    mode: parsed.mode,
  };
  const total = options.set.contributions.length + options.set.accusations.length;
  let done = 0;
  const progress = () => options.onProgress?.(++done, total);
  const items = await inPool(options.set.contributions, parsed.concurrency, async (item) => {
    const original = await scoreItem(item, false, ctx);
    const permuted = await scoreItem(item, true, ctx);
    progress();
    return { item, original, permuted };
  });
  const cases = await inPool(options.set.accusations, parsed.concurrency, async (accusation) => {
    const original = await ruleCase(accusation, false, ctx);
    const permuted = await ruleCase(accusation, true, ctx);
    progress();
    return { accusation, original, permuted };
  });
  return summariseJudgeCheck({
    judges: parsed.judges,
    setId: options.set.id,
    seed: parsed.seed,
    mode: parsed.mode,
    items,
    cases,
  });
}

import type { JudgeScores, ModelCallRecord, SolvedDecision } from '@arena/agents';
import { applyEvent, gameRng, messageById, type GameEvent, type GameState } from '@arena/models';
import {
  checkSolved,
  createSimilarityIndex,
  judgeAccusation,
  scoreContribution,
  type ContributionScore,
  type EvidenceCheck,
  type SimilarityIndex,
  type SolvedCheck,
  type VerdictDecision,
} from '@arena/scoring';
import {
  askPanel,
  hasModelJudges,
  panelSolved,
  panelVerdict,
  type CallOutcome,
  type Panel,
} from './panel';

/** What a model judge answers about an accusation. */
type Ruling = { verdict: VerdictDecision['verdict']; confidence: number; reasoning: string };

/** The new panel's score of one accepted contribution, asked on the state at its acceptance. */
export interface ScoreAnswer {
  contribution: { messageId: string; playerId: string; turn: number };
  /** The deterministic judge's score in the phase the game was in at acceptance. */
  deterministic: ContributionScore;
  /** One entry per panel member: null for `sim`, else the model judge's outcome. */
  outcomes: (CallOutcome<JudgeScores> | null)[];
  /** The speaker's model spec (to record whether a judge is of its family). */
  speakerModel: string;
}

/** The new panel's ruling on one accusation, asked on the state right before the old ruling. */
export interface VerdictAnswer {
  decision: VerdictDecision;
  outcomes: (CallOutcome<Ruling> | null)[];
}

/** The new panel's "solved?" answer at one recorded round check. */
export interface SolvedAnswer {
  decision: SolvedCheck;
  outcomes: (CallOutcome<SolvedDecision> | null)[];
}

/** Every judging question of a played game, answered again by another panel. */
export interface RejudgeAnswers {
  /** By the id of the recorded `contribution_scored` event it replaces. */
  scores: Map<string, ScoreAnswer>;
  /** By the id of the recorded `verdict_reached` event it replaces. */
  verdicts: Map<string, VerdictAnswer>;
  /** By the id of the recorded `problem_checked` event it replaces. */
  solved: Map<string, SolvedAnswer>;
  /** Every model call the new panel made, in the order the questions were asked. */
  calls: ModelCallRecord[];
  /** Answers a model judge could not give (the median is over the others). */
  failures: number;
}

/** A question whose model part is asked later, with bounded concurrency. */
type Pending = () => Promise<void>;

/** Queue a panel question; `keep` receives its outcomes once asked. */
type Later = <T>(
  ask: () => Promise<(CallOutcome<T> | null)[]>,
  keep: (outcomes: (CallOutcome<T> | null)[]) => void,
) => void;

/** Run `tasks` with at most `limit` running at once. */
async function runLimited(tasks: readonly Pending[], limit: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const task = tasks[next] as Pending;
      next += 1;
      await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}

/** The evidence check as the engine recorded it (a mechanical check, not a judge's answer). */
function recordedCheck(event: Extract<GameEvent, { type: 'evidence_checked' }>): EvidenceCheck {
  return { valid: event.payload.valid, findings: event.payload.findings };
}

/**
 * Ask `panel` every judging question of a finished game again, each on the state the game was
 * in when the original judge was asked: a contribution's score on the log folded up to its
 * acceptance (with the similarity index of the contributions accepted before it), a verdict on
 * the log folded up to the recorded verdict, a "solved?" check up to the recorded round check.
 * The deterministic parts are computed while folding; the model judges' calls run afterwards,
 * `concurrency` at a time, with the same seeded streams the game used.
 */
export async function rejudgeAnswers(
  events: readonly GameEvent[],
  panel: Panel,
  options: { concurrency: number },
): Promise<RejudgeAnswers> {
  const answers: RejudgeAnswers = {
    scores: new Map(),
    verdicts: new Map(),
    solved: new Map(),
    calls: [],
    failures: 0,
  };
  const scoredBy = new Map<string, string>();
  for (const e of events) {
    if (e.type === 'contribution_scored') scoredBy.set(e.payload.messageId, e.id);
  }
  const pending: Pending[] = [];
  const ordered: (CallOutcome<unknown> | null)[][] = [];
  const later: Later = (ask, keep) => {
    const slot = ordered.length;
    ordered.push([]);
    pending.push(async () => {
      const outcomes = await ask();
      ordered[slot] = outcomes;
      keep(outcomes);
    });
  };

  const index = createSimilarityIndex();
  const checks = new Map<string, EvidenceCheck>();
  let state: GameState | undefined;
  for (const e of events) {
    const before = state;
    state = applyEvent(state, e);
    if (e.type === 'evidence_checked') checks.set(e.payload.accusationId, recordedCheck(e));
    if (e.type === 'contribution_accepted') {
      const scoredId = scoredBy.get(e.payload.messageId);
      if (scoredId) askScore(state, e, index, panel, later, (a) => answers.scores.set(scoredId, a));
      // Every accepted contribution is in the index, scored or not, as in the game.
      index.add({
        messageId: e.payload.messageId,
        speakerId: e.payload.playerId,
        text: e.payload.text,
      });
    }
    if (e.type === 'verdict_reached' && before) {
      askVerdict(before, e, checks, panel, answers, later);
    }
    if (e.type === 'problem_checked' && before) {
      askSolved(before, e, panel, answers, later);
    }
  }
  await runLimited(pending, options.concurrency);
  for (const outcomes of ordered) {
    for (const o of outcomes) {
      if (!o) continue;
      answers.calls.push(...o.calls);
      if (o.failure) answers.failures += 1;
    }
  }
  return answers;
}

function askScore(
  state: GameState,
  e: Extract<GameEvent, { type: 'contribution_accepted' }>,
  index: SimilarityIndex,
  panel: Panel,
  later: Later,
  store: (answer: ScoreAnswer) => void,
): void {
  const { messageId, playerId, text, cites, turn } = e.payload;
  const contribution = { messageId, playerId, text, cites };
  const answer: ScoreAnswer = {
    contribution: { messageId, playerId, turn },
    deterministic: scoreContribution({ state, contribution, index }),
    outcomes: panel.members.map(() => null),
    speakerModel: state.spec.seats.find((s) => s.playerId === playerId)?.model ?? 'sim',
  };
  store(answer);
  if (!hasModelJudges(panel)) return;
  later(
    () =>
      askPanel(panel, (judge, i) =>
        judge.score({
          state,
          contribution,
          rng: gameRng(state.spec.seed, `turn:${turn}:judge:${i}`),
        }),
      ),
    (outcomes) => {
      answer.outcomes = outcomes;
    },
  );
}

function askVerdict(
  state: GameState,
  e: Extract<GameEvent, { type: 'verdict_reached' }>,
  checks: Map<string, EvidenceCheck>,
  panel: Panel,
  answers: RejudgeAnswers,
  later: Later,
): void {
  const accusation = state.accusations.find((a) => a.id === e.payload.accusationId);
  const check = checks.get(e.payload.accusationId);
  if (!accusation || !check) return;
  const defence = accusation.defenceMessageId
    ? messageById(state, accusation.defenceMessageId)
    : undefined;
  const defenceText = defence?.text ?? '';
  const deterministic = judgeAccusation({ accusation, evidenceCheck: check, defenceText, state });
  const answer: VerdictAnswer = {
    decision: deterministic,
    outcomes: panel.members.map(() => null),
  };
  answers.verdicts.set(e.id, answer);
  if (!hasModelJudges(panel) || !check.valid) return;
  later(
    () =>
      askPanel(panel, (judge, i) =>
        judge.rule({
          state,
          accusation,
          evidence: check,
          defenceText,
          rng: gameRng(state.spec.seed, `turn:${state.turn}:verdict:${i}`),
        }),
      ),
    (outcomes) => {
      answer.outcomes = outcomes;
      answer.decision = panelVerdict(
        deterministic,
        check.valid,
        outcomes,
        state.spec.rules.accusations,
      );
    },
  );
}

function askSolved(
  state: GameState,
  e: Extract<GameEvent, { type: 'problem_checked' }>,
  panel: Panel,
  answers: RejudgeAnswers,
  later: Later,
): void {
  const deterministic = checkSolved(state);
  const answer: SolvedAnswer = { decision: deterministic, outcomes: panel.members.map(() => null) };
  answers.solved.set(e.id, answer);
  const minRounds = state.spec.rules.solved.minRounds;
  const round = e.payload.round;
  if (!hasModelJudges(panel) || round < minRounds) return;
  later(
    () =>
      askPanel(panel, (judge, i) =>
        judge.checkSolved({
          state,
          coverage: deterministic.coverage,
          rng: gameRng(state.spec.seed, `round:${round}:solved:${i}`),
        }),
      ),
    (outcomes) => {
      answer.outcomes = outcomes;
      answer.decision = panelSolved(deterministic, outcomes, { reached: true, round: minRounds });
    },
  );
}

import { isRoleCallError, type ModelCallRecord, type ModelJudge, type Reply } from '@arena/agents';
import { modelFamily, type PayloadOf } from '@arena/models';
import {
  aggregatePanel,
  median,
  type ContributionScore,
  type PanelMember,
  type SolvedCheck,
  type VerdictDecision,
} from '@arena/scoring';

/** A judge panel: `null` members are the deterministic judge (`sim`). */
export interface Panel {
  specs: string[];
  members: (ModelJudge | null)[];
}

/** One model call made for a role, or its failure, ready to be recorded. */
export interface CallOutcome<T> {
  spec: string;
  calls: ModelCallRecord[];
  value: T | null;
  failure: { reason: 'invalid_output' | 'model_error'; detail: string; raw: string | null } | null;
}

/** Run a role call; a role failure becomes a recorded outcome, anything else is rethrown. */
export async function attempt<T>(
  spec: string,
  fn: () => Promise<Reply<T>>,
): Promise<CallOutcome<T>> {
  try {
    const reply = await fn();
    return { spec, calls: reply.calls, value: reply.value, failure: null };
  } catch (error) {
    if (!isRoleCallError(error)) throw error;
    return {
      spec,
      calls: error.calls,
      value: null,
      failure: { reason: error.reason, detail: error.message, raw: error.raw },
    };
  }
}

export function hasModelJudges(panel: Panel): boolean {
  return panel.members.some((m) => m !== null);
}

/** Ask every model judge at once; the deterministic member answers without a call. */
export async function askPanel<T>(
  panel: Panel,
  ask: (judge: ModelJudge, index: number) => Promise<Reply<T>>,
): Promise<(CallOutcome<T> | null)[]> {
  return Promise.all(
    panel.members.map((judge, i) =>
      judge ? attempt(panel.specs[i] as string, () => ask(judge, i)) : Promise.resolve(null),
    ),
  );
}

/**
 * The `model_call` event payload of one recorded call. A replayed call records the latency it
 * replays, so a log is the same live or from a cassette.
 */
export function modelCallPayload(
  role: PayloadOf<'model_call'>['role'],
  playerId: string | null,
  call: ModelCallRecord,
): PayloadOf<'model_call'> {
  return {
    role,
    playerId,
    purpose: call.purpose,
    model: call.model,
    params: call.params,
    usage: call.usage,
    latencyMs: Math.round((call.latencyMs ?? 0) * 10) / 10,
    costUsd: call.costUsd,
    ...(call.attempts !== undefined ? { attempts: call.attempts } : {}),
    ...(call.error ? { error: call.error } : {}),
  };
}

/** The `contribution_scored` payload from the deterministic score and the panel's answers. */
export function scoredPayload(
  contribution: { messageId: string; playerId: string; turn: number },
  deterministic: ContributionScore,
  outcomes: (CallOutcome<{
    scores: PanelMember['scores'];
    rationales: PanelMember['rationales'];
  }> | null)[],
  specs: string[],
  /** The speaker's model spec, to record whether each model judge is of its family. */
  speakerModel?: string,
): PayloadOf<'contribution_scored'> {
  const base = {
    turn: contribution.turn,
    playerId: contribution.playerId,
    messageId: contribution.messageId,
    phase: deterministic.phase,
    weights: deterministic.weights,
    coverage: deterministic.coverage,
    detectorHits: deterministic.detectorHits,
  };
  const alone = {
    ...base,
    scores: deterministic.scores,
    points: deterministic.points,
    rationales: deterministic.rationales,
    judge: 'deterministic',
  };
  if (outcomes.every((o) => o === null)) return alone;
  const members: PanelMember[] = [];
  const failed: string[] = [];
  outcomes.forEach((o, i) => {
    const spec = specs[i] as string;
    if (o === null) {
      members.push({
        judge: spec,
        scores: deterministic.scores,
        rationales: deterministic.rationales,
      });
    } else if (o.value) {
      const family =
        speakerModel === undefined
          ? {}
          : { sameFamily: modelFamily(spec) === modelFamily(speakerModel) };
      members.push({ judge: spec, ...o.value, ...family });
    } else {
      failed.push(spec);
    }
  });
  if (members.length === 0) {
    // Every model judge failed: the deterministic judge scores alone, and the log says so.
    return { ...alone, signals: deterministic.scores, failedJudges: failed };
  }
  const panel = aggregatePanel(deterministic, members);
  return {
    ...base,
    scores: panel.scores,
    points: panel.points,
    rationales: panel.rationales,
    judge: specs.join('+'),
    panel: members,
    signals: deterministic.scores,
    agreement: panel.agreement,
    disagreements: panel.disagreements,
    ...(failed.length > 0 ? { failedJudges: failed } : {}),
  };
}

/**
 * Combine the panel's rulings: fabricated evidence keeps the mechanical `false`; otherwise the
 * median confidence decides `proven` (at or above the proof threshold), and below it the
 * members' majority between `false` and `insufficient_evidence` (a tie is insufficient).
 */
export function panelVerdict(
  deterministic: VerdictDecision,
  evidenceValid: boolean,
  outcomes: (CallOutcome<{
    verdict: VerdictDecision['verdict'];
    confidence: number;
    reasoning: string;
  }> | null)[],
  rules: { proofThreshold: number; falseAccusationFactor: number },
): VerdictDecision {
  if (!evidenceValid) return deterministic;
  const answers = outcomes.map((o) =>
    o === null
      ? {
          verdict: deterministic.verdict,
          confidence: deterministic.confidence,
          reasoning: deterministic.reasoning,
        }
      : o.value,
  );
  const usable = answers.filter((a): a is NonNullable<typeof a> => a !== null);
  if (usable.length === 0) return deterministic;
  const confidence = Number(median(usable.map((a) => a.confidence)).toFixed(3));
  let verdict: VerdictDecision['verdict'];
  if (confidence >= rules.proofThreshold) verdict = 'proven';
  else {
    const falseVotes = usable.filter((a) => a.verdict === 'false').length;
    verdict = falseVotes * 2 > usable.length ? 'false' : 'insufficient_evidence';
  }
  const closest = usable.reduce((best, a) =>
    (a.verdict === verdict ? 0 : 1) + Math.abs(a.confidence - confidence) <
    (best.verdict === verdict ? 0 : 1) + Math.abs(best.confidence - confidence)
      ? a
      : best,
  );
  return {
    verdict,
    confidence,
    reasoning: closest.reasoning,
    accuserPenaltyFactor: verdict === 'false' ? rules.falseAccusationFactor : null,
  };
}

/**
 * Combine the panel's "solved?" answers: solved when more than half of the members that answered
 * say so, never before the rules' minimum rounds. Coverage stays the deterministic measure.
 */
export function panelSolved(
  deterministic: SolvedCheck,
  outcomes: (CallOutcome<{ solved: boolean; reasoning: string }> | null)[],
  minRounds: { reached: boolean; round: number },
): SolvedCheck {
  const answers = outcomes.map((o) =>
    o === null ? { solved: deterministic.solved, reasoning: deterministic.reasoning } : o.value,
  );
  const usable = answers.filter((a): a is NonNullable<typeof a> => a !== null);
  if (usable.length === 0) return deterministic;
  const yes = usable.filter((a) => a.solved);
  const majority = yes.length * 2 > usable.length;
  const solved = minRounds.reached && majority;
  const reasons = solved ? yes : usable.filter((a) => !a.solved);
  return {
    solved,
    coverage: deterministic.coverage,
    reasoning:
      reasons[0]?.reasoning ??
      `The panel finds the problem solved, but the rules do not allow ending before round ${minRounds.round}.`,
  };
}

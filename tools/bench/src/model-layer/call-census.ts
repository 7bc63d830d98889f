import type { EventOf, GameEvent } from '@arena/models';

/** Model calls of one turn (turn 0 holds the opening narration). */
export interface TurnCalls {
  turn: number;
  /** Every model call recorded during the turn. */
  total: number;
  /** Calls the engine waited for: see {@link countModelCalls}. */
  critical: number;
}

/** Model calls of a whole game, split by what the engine waits for. */
export interface CallCensus {
  /** Turns played. */
  turns: number;
  total: number;
  critical: number;
  /** Latency of the critical calls as the wrappers measured it (a panel counts its slowest). */
  criticalLatencyMs: number;
  /**
   * Scoring panel invocations the engine waited for: a round check or the game's end needs
   * every score, so the score of a contribution accepted in that very turn cannot overlap
   * anything. Counted in {@link critical} (once per invocation).
   */
  awaitedScoring: number;
  awaitedScoringLatencyMs: number;
  /** Calls by `role:purpose` (narrator calls by `narrator:<trigger>`). */
  byKind: Record<string, number>;
  perTurn: TurnCalls[];
}

type ModelCall = EventOf<'model_call'>;

/** Panel calls the engine awaits; each invocation counts once, however many judges sit. */
const AWAITED_PANEL_PURPOSES: ReadonlySet<string> = new Set(['verdict', 'check_solved']);

/** Slowest member of each panel invocation, by invocation. */
class Invocations {
  private readonly slowest = new Map<string, number>();

  /** Adds a member's call; true when it is the first call of its invocation. */
  add(call: ModelCall): boolean {
    const key = `${call.payload.purpose}:${call.causationId ?? ''}`;
    const before = this.slowest.get(key);
    this.slowest.set(key, Math.max(before ?? 0, call.payload.latencyMs));
    return before === undefined;
  }

  get count(): number {
    return this.slowest.size;
  }

  get latencyMs(): number {
    return [...this.slowest.values()].reduce((sum, ms) => sum + ms, 0);
  }
}

/**
 * Counts the model calls of a game log, per turn, and which of them sat on the critical path:
 * every player call (act, defence, final words), narration other than the periodic kind, each
 * verdict or solved-check panel invocation once, and each scoring invocation the engine had to
 * wait for (recorded in the turn that accepted its contribution: a round check or the end of
 * the game needed it). Other scoring, periodic narration and summaries run in the background,
 * overlapping the next speaker's call. A narrator call that failed has no trigger and counts as
 * critical.
 *
 * @example
 * const census = countModelCalls(await store.load(gameId));
 * census.critical / census.turns; // critical calls per turn
 */
export function countModelCalls(events: readonly GameEvent[]): CallCensus {
  const byKind: Record<string, number> = {};
  const perTurn: TurnCalls[] = [{ turn: 0, total: 0, critical: 0 }];
  const panels = new Invocations();
  const awaited = new Invocations();
  let criticalLatencyMs = 0;
  /** Whether the turn under way has accepted a contribution (whose scoring then starts). */
  let accepted = false;
  /** Narrator calls recorded but not yet followed by their line (or failure). */
  let narration: ModelCall[] = [];
  let turns = 0;
  const tally = (kind: string, critical: boolean, latencyMs = 0) => {
    byKind[kind] = (byKind[kind] ?? 0) + 1;
    const current = perTurn[perTurn.length - 1];
    if (!current) return;
    current.total += 1;
    if (!critical) return;
    current.critical += 1;
    criticalLatencyMs += latencyMs;
  };
  const settleNarration = (kind: string, critical: boolean) => {
    for (const call of narration) tally(kind, critical, call.payload.latencyMs);
    narration = [];
  };
  for (const event of events) {
    if (event.type === 'turn_started') {
      turns = event.payload.turn;
      accepted = false;
      perTurn.push({ turn: turns, total: 0, critical: 0 });
    } else if (event.type === 'contribution_accepted') {
      accepted = true;
    } else if (event.type === 'narrator_line') {
      const { trigger } = event.payload;
      settleNarration(`narrator:${trigger}`, trigger !== 'periodic');
    } else if (event.type === 'call_failed' && event.payload.role === 'narrator') {
      settleNarration('narrator:failed', true);
    } else if (event.type === 'model_call') {
      const { role, purpose } = event.payload;
      const kind = `${role}:${purpose}`;
      if (role === 'narrator') {
        narration.push(event);
      } else if ((role === 'judge' && AWAITED_PANEL_PURPOSES.has(purpose)) || role === 'policy') {
        // Bids are asked of every player at once, like a panel.
        tally(kind, panels.add(event));
      } else {
        // A score recorded in the turn that accepted its contribution was waited for.
        if (kind === 'judge:score' && accepted) tally(kind, awaited.add(event));
        else tally(kind, role === 'player', event.payload.latencyMs);
      }
    }
  }
  return {
    turns,
    total: perTurn.reduce((sum, t) => sum + t.total, 0),
    critical: perTurn.reduce((sum, t) => sum + t.critical, 0),
    criticalLatencyMs: criticalLatencyMs + panels.latencyMs + awaited.latencyMs,
    awaitedScoring: awaited.count,
    awaitedScoringLatencyMs: awaited.latencyMs,
    byKind,
    perTurn,
  };
}

/** The `act` calls recorded during `turn`, in order (more than one when the gate asked again). */
export function actCallsOfTurn(events: readonly GameEvent[], turn: number): ModelCall[] {
  const calls: ModelCall[] = [];
  let current = 0;
  for (const event of events) {
    if (event.type === 'turn_started') current = event.payload.turn;
    else if (
      current === turn &&
      event.type === 'model_call' &&
      event.payload.role === 'player' &&
      event.payload.purpose === 'act'
    ) {
      calls.push(event);
    }
  }
  return calls;
}

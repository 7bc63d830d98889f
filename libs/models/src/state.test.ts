import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GameSpec } from './config';
import { hasErrorCode } from './errors';
import { GameEventSchema, VERDICTS, type GameEvent, type NewEvent, type PayloadOf } from './events';
import { DIMENSIONS, PHASES, type Phase } from './rules';
import {
  applyEvent,
  computeStandings,
  foldGame,
  penalisedPoints,
  playerView,
  standingOf,
  type GameState,
} from './state';
import { buildLog, testProfiles, testSpec } from './testing';
import { MODELS_ERROR_CODES } from './validation';

const GAME_ID = 'g-prop';

/** How often each kind of step is drawn: mostly turns, with officials' events in between. */
const STEP_WEIGHTS = {
  contribute: 8,
  forfeit: 2,
  accuse: 2,
  narrate: 1,
  model_call: 1,
  phase: 1,
  check: 1,
  eliminate: 1,
} as const;
type StepKind = keyof typeof STEP_WEIGHTS;

/** One scripted step: what happens next, plus raw choices the script turns into valid ids. */
interface Step {
  kind: StepKind;
  a: number;
  b: number;
  x: number;
}

interface Script {
  seats: number;
  steps: Step[];
  end: boolean;
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  kind: fc.oneof(
    ...Object.entries(STEP_WEIGHTS).map(([kind, weight]) => ({
      arbitrary: fc.constant(kind as StepKind),
      weight,
    })),
  ),
  a: fc.nat({ max: 1000 }),
  b: fc.nat({ max: 1000 }),
  x: fc.double({ min: -1, max: 1, noNaN: true }),
});

const scriptArb: fc.Arbitrary<Script> = fc.record({
  seats: fc.integer({ min: 2, max: testProfiles.length }),
  steps: fc.array(stepArb, { maxLength: 60 }),
  end: fc.boolean(),
});

/** The value, or a failed test when a generated id does not resolve. */
function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`missing ${what}`);
  return value;
}

/** An element chosen by a raw generated number. */
const choose = <T>(items: readonly T[], n: number): T => must(items[n % items.length], 'element');

const dims = <T>(value: (d: (typeof DIMENSIONS)[number]) => T) =>
  Object.fromEntries(DIMENSIONS.map((d) => [d, value(d)])) as Record<
    (typeof DIMENSIONS)[number],
    T
  >;

/**
 * Turn a script into a log that a real game could have produced: ids always refer to existing
 * players, messages and accusations; eliminated players never act again.
 */
function scriptToLog(script: Script): GameEvent[] {
  const base = testSpec();
  const spec: GameSpec = { ...base, seats: base.seats.slice(0, script.seats) };
  const events: NewEvent[] = [{ type: 'game_created', payload: { spec } }];
  const emit = (e: NewEvent) => events.push(e);
  let active = spec.seats.map((s) => s.playerId);
  const filed = new Map<string, number>();
  const messages: { id: string; text: string }[] = [];
  const roundSpeakers = new Set<string>();
  let turn = 0;
  let round = 1;
  let phase: Phase = 'early';
  let accusations = 0;

  const newMessage = (text: string) => {
    const id = `M${messages.length + 1}`;
    messages.push({ id, text });
    return id;
  };
  const existing = (n: number, count: number) =>
    messages.length === 0
      ? []
      : [...new Set(Array.from({ length: count }, (_, i) => choose(messages, n + i * 7).id))];
  const eliminate = (playerId: string, cause: PayloadOf<'player_eliminated'>['cause']) => {
    active = active.filter((id) => id !== playerId);
    roundSpeakers.delete(playerId);
    emit({
      type: 'player_eliminated',
      payload: {
        playerId,
        turn,
        round,
        cause,
        reasoning: `${playerId} is out (${cause}).`,
        standing: 0,
        messageId: newMessage(`${playerId} is eliminated`),
      },
    });
    emit({
      type: 'final_words',
      payload: { playerId, text: 'Farewell.', messageId: newMessage('Farewell.') },
    });
  };
  const proposeAndReject = (speaker: string, rejections: number) => {
    for (let attempt = 1; attempt <= rejections && messages.length > 0; attempt++) {
      emit({
        type: 'contribution_proposed',
        payload: { turn, playerId: speaker, attempt, text: `again ${attempt}`, cites: [] },
      });
      emit({
        type: 'contribution_rejected',
        payload: {
          turn,
          playerId: speaker,
          attempt,
          reason: 'repeat',
          repeatsMessageId: must(existing(attempt, 1)[0], 'message'),
          similarity: 0.9,
          feedback: 'Say something new.',
        },
      });
    }
    return messages.length > 0 ? rejections : 0;
  };

  for (const step of script.steps) {
    if (active.length <= 1 || turn >= spec.maxTurns) break;
    switch (step.kind) {
      case 'narrate':
        emit({
          type: 'narrator_line',
          payload: {
            turn,
            trigger: 'periodic',
            text: 'And so it goes.',
            messageId: newMessage('n'),
          },
        });
        continue;
      case 'model_call':
        emit({
          type: 'model_call',
          payload: {
            role: 'player',
            playerId: choose(active, step.a),
            purpose: 'act',
            model: 'sim',
            params: {},
            usage: { inputTokens: step.a, outputTokens: step.b },
            latencyMs: 0,
            costUsd: 0,
          },
        });
        continue;
      case 'phase': {
        const to = choose(PHASES, step.a);
        emit({ type: 'phase_changed', payload: { turn, from: phase, to } });
        phase = to;
        continue;
      }
      case 'check':
        emit({
          type: 'problem_checked',
          payload: {
            round,
            solved: false,
            coverage: { deck: Math.abs(step.x) },
            reasoning: 'Not yet.',
          },
        });
        continue;
      case 'eliminate':
        eliminate(choose(active, step.a), 'lowest_standing');
        continue;
      default:
        break;
    }

    turn += 1;
    const speaker = choose(active, step.a);
    emit({ type: 'turn_started', payload: { turn, round } });
    emit({
      type: 'speaker_selected',
      payload: {
        turn,
        playerId: speaker,
        policy: 'round-robin',
        reasoning: 'next in order',
        candidates: active.map((playerId) => ({ playerId, weight: 1 / active.length })),
      },
    });
    roundSpeakers.add(speaker);
    const others = active.filter((id) => id !== speaker);
    const canAccuse = others.length > 0 && (filed.get(speaker) ?? 0) < 3;

    if (step.kind === 'accuse' && canAccuse) {
      const accusedId = choose(others, step.b);
      const accusationId = `A${++accusations}`;
      const cited = existing(step.b, 1);
      const fabricated = step.b % 4 === 0;
      const evidence = cited.map((messageId) => ({
        messageId,
        quote: fabricated
          ? 'words never said'
          : must(
              messages.find((m) => m.id === messageId),
              messageId,
            ).text,
      }));
      filed.set(speaker, (filed.get(speaker) ?? 0) + 1);
      emit({
        type: 'accusation_filed',
        payload: {
          turn,
          accusationId,
          accuserId: speaker,
          accusedId,
          kind: 'manipulation',
          claim: `${accusedId} is steering the judge.`,
          evidence,
          confidence: Math.abs(step.x),
          messageId: newMessage('accusation'),
        },
      });
      emit({
        type: 'evidence_checked',
        payload: {
          accusationId,
          valid: !fabricated,
          findings: evidence.map((e) => ({ ...e, found: !fabricated, reason: 'checked' })),
        },
      });
      emit({
        type: 'defence_given',
        payload: { accusationId, playerId: accusedId, text: 'Not me.', messageId: newMessage('d') },
      });
      const verdict = fabricated ? 'false' : choose(VERDICTS, step.b);
      emit({
        type: 'verdict_reached',
        payload: {
          accusationId,
          verdict,
          confidence: 0.8,
          reasoning: `Ruled ${verdict}.`,
          accuserPenaltyFactor: verdict === 'false' ? 0.5 : null,
          messageId: newMessage('verdict'),
        },
      });
      if (verdict === 'proven') eliminate(accusedId, 'proven_accusation');
    } else if (step.kind === 'forfeit') {
      const rejected = proposeAndReject(speaker, 1 + (step.b % 3));
      emit({
        type: 'turn_forfeited',
        payload: {
          turn,
          playerId: speaker,
          reason: rejected > 0 ? 'gate' : 'invalid_output',
          detail: 'no new claim',
        },
      });
    } else {
      const attempt = proposeAndReject(speaker, step.b % 3) + 1;
      const cites = existing(step.b, step.a % 3);
      const text = `Proposal ${turn} from ${speaker}`;
      emit({
        type: 'contribution_proposed',
        payload: { turn, playerId: speaker, attempt, text, cites },
      });
      const messageId = newMessage(text);
      emit({
        type: 'contribution_accepted',
        payload: { turn, playerId: speaker, attempt, messageId, text, cites },
      });
      emit({
        type: 'contribution_scored',
        payload: {
          turn,
          playerId: speaker,
          messageId,
          phase,
          scores: dims(() => Math.abs(step.x)),
          weights: dims(() => 0.2),
          points: step.x,
          rationales: dims((d) => `${d} ok`),
          coverage: { foundations: Math.abs(step.x), monitoring: (step.b % 11) / 10 },
          detectorHits: [],
          judge: 'sim',
        },
      });
    }

    if (active.every((id) => roundSpeakers.has(id))) {
      emit({ type: 'round_ended', payload: { round, turn } });
      round += 1;
      roundSpeakers.clear();
    }
  }

  if (script.end || active.length <= 1) {
    const standings = computeStandings(foldGame(buildLog(GAME_ID, events)));
    emit({
      type: 'game_ended',
      payload: {
        reason: active.length <= 1 ? 'one_survivor' : 'max_turns',
        detail: 'script finished',
        abortCause: null,
        winnerId: standings[0]?.playerId ?? null,
        standings,
      },
    });
  }
  return buildLog(GAME_ID, events);
}

const logArb = scriptArb.map(scriptToLog);

/** Every prefix state, built one event at a time. */
function prefixStates(log: readonly GameEvent[]): GameState[] {
  const states: GameState[] = [];
  let state: GameState | undefined;
  for (const e of log) {
    state = applyEvent(state, e);
    states.push(state);
  }
  return states;
}

function expectOutOfOrder(action: () => unknown): void {
  let thrown: unknown;
  try {
    action();
  } catch (e) {
    thrown = e;
  }
  expect(hasErrorCode(thrown, MODELS_ERROR_CODES.EVENT_OUT_OF_ORDER), String(thrown)).toBe(true);
}

/** Points and turns recomputed straight from the log, independently of the fold. */
function reference(log: readonly GameEvent[]) {
  const points = new Map<string, number>();
  const turns = new Map<string, number>();
  const accusers = new Map<string, string>();
  const add = (m: Map<string, number>, id: string, v: number) => m.set(id, (m.get(id) ?? 0) + v);
  for (const e of log) {
    if (e.type === 'contribution_scored') add(points, e.payload.playerId, e.payload.points);
    if (e.type === 'contribution_accepted' || e.type === 'turn_forfeited')
      add(turns, e.payload.playerId, 1);
    if (e.type === 'accusation_filed') {
      add(turns, e.payload.accuserId, 1);
      accusers.set(e.payload.accusationId, e.payload.accuserId);
    }
    const factor = e.type === 'verdict_reached' ? e.payload.accuserPenaltyFactor : null;
    if (e.type === 'verdict_reached' && factor !== null) {
      const accuser = must(accusers.get(e.payload.accusationId), 'accuser');
      points.set(accuser, penalisedPoints(points.get(accuser) ?? 0, factor));
    }
  }
  return { points, turns };
}

const RUNS = { numRuns: 100 };

describe('generated logs', () => {
  it('contain only schema-valid events', () => {
    fc.assert(
      fc.property(logArb, (log) => {
        for (const e of log) expect(GameEventSchema.safeParse(e).success, e.type).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});

describe('foldGame', () => {
  it('is deterministic and does not mutate the log', () => {
    fc.assert(
      fc.property(logArb, (log) => {
        const copy = structuredClone(log);
        const first = foldGame(log);
        expect(foldGame(log)).toEqual(first);
        expect(foldGame(copy)).toEqual(first);
        expect(log).toEqual(copy);
      }),
      RUNS,
    );
  });

  it('agrees with applying the events one at a time', () => {
    fc.assert(
      fc.property(logArb, fc.nat(), (log, cut) => {
        const n = 1 + (cut % log.length);
        expect(prefixStates(log)[n - 1]).toEqual(foldGame(log.slice(0, n)));
      }),
      RUNS,
    );
  });

  it('keeps every prefix state consistent', () => {
    fc.assert(
      fc.property(logArb, (log) => {
        const states = prefixStates(log);
        let previous: GameState | undefined;
        states.forEach((state, i) => {
          const event = must(log[i], 'event');
          expect(state.lastSeq).toBe(i);
          expect(state.lastEventId).toBe(event.id);
          expect(state.status === 'ended').toBe(event.type === 'game_ended');

          for (const p of state.players) {
            expect(p.turns).toBeGreaterThanOrEqual(0);
            expect(p.forfeits).toBeGreaterThanOrEqual(0);
            expect(p.forfeits + p.accusationsFiled).toBeLessThanOrEqual(p.turns);
            expect(Number.isFinite(p.points)).toBe(true);
            expect(Number.isFinite(standingOf(p))).toBe(true);
          }

          const ids = state.messages.map((m) => m.id);
          expect(new Set(ids).size).toBe(ids.length);
          expect(new Set(state.eliminationOrder).size).toBe(state.eliminationOrder.length);
          const eliminated = state.players
            .filter((p) => p.status === 'eliminated')
            .map((p) => p.id);
          expect([...state.eliminationOrder].sort()).toEqual(eliminated.sort());
          const activeIds = state.players.filter((p) => p.status === 'active').map((p) => p.id);
          for (const id of state.roundSpeakers) expect(activeIds).toContain(id);
          for (const c of Object.values(state.coverage)) {
            expect(c).toBeGreaterThanOrEqual(0);
            expect(c).toBeLessThanOrEqual(1);
          }

          if (previous) {
            for (const p of previous.players) {
              const now = must(
                state.players.find((q) => q.id === p.id),
                p.id,
              );
              if (p.status === 'eliminated') expect(now.status).toBe('eliminated');
              expect(now.turns).toBeGreaterThanOrEqual(p.turns);
            }
            const transcript = (st: GameState, n: number) =>
              st.messages.slice(0, n).map((m) => `${m.id}|${m.speakerId}|${m.text}`);
            expect(transcript(state, previous.messages.length)).toEqual(
              transcript(previous, previous.messages.length),
            );
            for (const [id, c] of Object.entries(previous.coverage)) {
              expect(state.coverage[id]).toBeGreaterThanOrEqual(c);
            }
          }
          previous = state;
        });
      }),
      { numRuns: 60 },
    );
  });

  it('counts turns and points exactly as the log says', () => {
    fc.assert(
      fc.property(logArb, (log) => {
        const state = foldGame(log);
        const expected = reference(log);
        for (const p of state.players) {
          expect(p.turns).toBe(expected.turns.get(p.id) ?? 0);
          expect(p.points).toBeCloseTo(expected.points.get(p.id) ?? 0, 9);
        }
      }),
      RUNS,
    );
  });

  it('rejects an empty log and a log that does not start with game_created', () => {
    expect(() => foldGame([])).toThrow(/empty/);
    fc.assert(
      fc.property(logArb, (log) => {
        fc.pre(log.length > 1);
        expectOutOfOrder(() => foldGame(log.slice(1)));
      }),
      { numRuns: 30 },
    );
  });
});

describe('applyEvent ordering', () => {
  const withSeq = (e: GameEvent, seq: number): GameEvent => ({
    ...e,
    seq,
    id: `${e.gameId}:${seq}`,
  });

  it('rejects duplicate, skipped and earlier sequence numbers without changing the state', () => {
    fc.assert(
      fc.property(logArb, fc.nat(), fc.nat(), (log, pick, back) => {
        fc.pre(log.length > 2);
        const i = 1 + (pick % (log.length - 1));
        const previous = must(log[i - 1], 'event');
        const current = must(log[i], 'event');
        const first = must(log[0], 'event');
        const state = foldGame(log.slice(0, i));
        const snapshot = structuredClone(state);
        expectOutOfOrder(() => applyEvent(state, previous));
        expectOutOfOrder(() => applyEvent(state, withSeq(current, i + 1)));
        expectOutOfOrder(() => applyEvent(state, withSeq(current, back % i)));
        expectOutOfOrder(() => applyEvent(state, withSeq(first, i)));
        expectOutOfOrder(() => applyEvent(state, { ...current, gameId: 'another-game' }));
        expect(state).toEqual(snapshot);
        expect(applyEvent(state, current).lastSeq).toBe(i);
      }),
      RUNS,
    );
  });

  it('rejects logs with a gap or two events swapped', () => {
    fc.assert(
      fc.property(logArb, fc.nat(), (log, pick) => {
        fc.pre(log.length > 3);
        const i = 1 + (pick % (log.length - 2));
        expectOutOfOrder(() => foldGame([...log.slice(0, i), ...log.slice(i + 1)]));
        const swapped = [...log];
        [swapped[i], swapped[i + 1]] = [must(log[i + 1], 'event'), must(log[i], 'event')];
        expectOutOfOrder(() => foldGame(swapped));
      }),
      RUNS,
    );
  });

  it('accepts nothing after game_ended', () => {
    fc.assert(
      fc.property(
        scriptArb.map((s) => scriptToLog({ ...s, end: true })),
        fc.nat(),
        (log, pick) => {
          const state = foldGame(log);
          expect(state.status).toBe('ended');
          const later = withSeq(choose(log, pick), log.length);
          expectOutOfOrder(() => applyEvent(state, later));
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('computeStandings', () => {
  it('places every player exactly once, active players first and by standing', () => {
    fc.assert(
      fc.property(logArb, fc.nat(), (log, cut) => {
        const state = foldGame(log.slice(0, 1 + (cut % log.length)));
        const standings = computeStandings(state);
        expect(standings.map((s) => s.place)).toEqual(standings.map((_, i) => i + 1));
        expect(standings.map((s) => s.playerId).sort()).toEqual(
          state.players.map((p) => p.id).sort(),
        );
        const firstEliminated = standings.findIndex((s) => s.status === 'eliminated');
        const activeCount = state.players.filter((p) => p.status === 'active').length;
        expect(firstEliminated === -1 ? standings.length : firstEliminated).toBe(activeCount);
        const active = standings.slice(0, activeCount);
        for (let k = 1; k < active.length; k++) {
          expect(must(active[k - 1], 'standing').standing).toBeGreaterThanOrEqual(
            must(active[k], 'standing').standing,
          );
        }
        expect(standings.slice(activeCount).map((s) => s.playerId)).toEqual(
          [...state.eliminationOrder].reverse(),
        );
        for (const s of standings) {
          const p = must(
            state.players.find((q) => q.id === s.playerId),
            s.playerId,
          );
          expect(s.standing).toBe(standingOf(p));
          expect(s.status).toBe(p.status);
        }
      }),
      RUNS,
    );
  });

  it('breaks ties among active players by seat', () => {
    const state = foldGame(
      buildLog(GAME_ID, [{ type: 'game_created', payload: { spec: testSpec() } }]),
    );
    expect(computeStandings(state).map((s) => s.playerId)).toEqual(['P1', 'P2', 'P3', 'P4']);
  });
});

describe('false-accusation penalty', () => {
  it('always lowers the accuser, whatever the sign of its points', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        (points, factor) => {
          expect(penalisedPoints(points, factor)).toBeLessThanOrEqual(points);
        },
      ),
    );
    expect(penalisedPoints(2, 0.5)).toBe(1);
    expect(penalisedPoints(-2, 0.5)).toBe(-3);
  });
});

describe('playerView', () => {
  it("keeps a champion's memory for its own seat and removes it from everyone else's view", () => {
    const base = testSpec();
    const seats = base.seats.map((seat, i) =>
      i === 1
        ? {
            ...seat,
            memory: 'Lesson: cite the record.',
            champion: { version: 2, games: 2, wins: 1 },
          }
        : seat,
    );
    const state = foldGame(
      buildLog('g-view', [{ type: 'game_created', payload: { spec: { ...base, seats } } }]),
    );
    const champion = state.spec.seats[1]?.playerId ?? '';
    const own = playerView(state, champion).spec.seats[1];
    expect(own?.memory).toBe('Lesson: cite the record.');
    expect(own?.champion).toEqual({ version: 2, games: 2, wins: 1 });
    for (const seat of state.spec.seats.filter((s) => s.playerId !== champion)) {
      const view = playerView(state, seat.playerId);
      expect(JSON.stringify(view.spec)).not.toContain('cite the record');
      expect(view.spec.seats.every((s) => s.champion === undefined)).toBe(true);
    }
  });
});

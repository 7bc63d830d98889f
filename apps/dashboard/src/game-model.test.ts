import { describe, expect, it } from 'vitest';
import { computeStandings, foldGame, type GameEvent, type NewEvent } from '@arena/models';
import { buildLog, testSpec } from '@arena/models/testing';
import { applyGameEvent, foldGameEvents, standingsOf } from './game-model';

const dims = (v: number) => ({
  novelty: v,
  builds_on_others: v,
  solves_subproblem: v,
  radical_idea: v,
  manipulation: v,
});
const why = {
  novelty: 'new',
  builds_on_others: 'cites M1',
  solves_subproblem: 'covers a part',
  radical_idea: 'not radical',
  manipulation: 'none',
};

function scored(turn: number, playerId: string, messageId: string, points: number): NewEvent {
  return {
    type: 'contribution_scored',
    payload: {
      turn,
      playerId,
      messageId,
      phase: 'early',
      scores: dims(0.5),
      weights: dims(0.2),
      points,
      rationales: why,
      coverage: {},
      detectorHits: [],
      judge: 'deterministic',
    },
  };
}

function turn(n: number, playerId: string): NewEvent[] {
  return [
    { type: 'turn_started', payload: { turn: n, round: 1 } },
    {
      type: 'speaker_selected',
      payload: {
        turn: n,
        playerId,
        policy: 'round-robin',
        reasoning: `${playerId} is next in order`,
        candidates: [{ playerId, weight: 1 }],
      },
    },
  ];
}

/** A short game with every kind of public message. */
function sampleLog(): GameEvent[] {
  const spec = testSpec();
  const events: NewEvent[] = [
    { type: 'game_created', payload: { spec } },
    {
      type: 'narrator_line',
      payload: { turn: 0, trigger: 'opening', text: 'Welcome.', messageId: 'M1' },
    },
    ...turn(1, 'P1'),
    {
      type: 'contribution_accepted',
      payload: {
        turn: 1,
        playerId: 'P1',
        attempt: 1,
        messageId: 'M2',
        text: 'Meter every pipe.',
        cites: [],
      },
    },
    scored(1, 'P1', 'M2', 0.6),
    ...turn(2, 'P2'),
    {
      type: 'contribution_rejected',
      payload: {
        turn: 2,
        playerId: 'P2',
        attempt: 1,
        reason: 'repeat',
        repeatsMessageId: 'M2',
        similarity: 0.9,
        feedback: 'say something new',
      },
    },
    {
      type: 'contribution_accepted',
      payload: {
        turn: 2,
        playerId: 'P2',
        attempt: 2,
        messageId: 'M3',
        text: 'Meters plus leak sensors.',
        cites: ['M2'],
      },
    },
    scored(2, 'P2', 'M3', 0.4),
    ...turn(3, 'P3'),
    {
      type: 'accusation_filed',
      payload: {
        turn: 3,
        accusationId: 'A1',
        accuserId: 'P3',
        accusedId: 'P1',
        kind: 'false_statement',
        claim: 'P1 made that up.',
        evidence: [{ messageId: 'M2', quote: 'every pipe' }],
        confidence: 0.8,
        messageId: 'M4',
      },
    },
    {
      type: 'evidence_checked',
      payload: {
        accusationId: 'A1',
        valid: true,
        findings: [{ messageId: 'M2', quote: 'every pipe', found: true, reason: 'quote found' }],
      },
    },
    {
      type: 'defence_given',
      payload: { accusationId: 'A1', playerId: 'P1', text: 'It is a plan.', messageId: 'M5' },
    },
    {
      type: 'verdict_reached',
      payload: {
        accusationId: 'A1',
        verdict: 'false',
        confidence: 0.1,
        reasoning: 'A plan is not a lie.',
        accuserPenaltyFactor: 0.5,
        messageId: 'M6',
      },
    },
    ...turn(4, 'P4'),
    {
      type: 'turn_forfeited',
      payload: { turn: 4, playerId: 'P4', reason: 'gate', detail: 'three repeats' },
    },
    { type: 'round_ended', payload: { round: 1, turn: 4 } },
    {
      type: 'player_eliminated',
      payload: {
        playerId: 'P4',
        turn: 4,
        round: 1,
        cause: 'lowest_standing',
        reasoning: 'P4 scored nothing.',
        standing: 0,
        messageId: 'M7',
      },
    },
    { type: 'final_words', payload: { playerId: 'P4', text: 'Remember me.', messageId: 'M8' } },
  ];
  const log = buildLog('g-test', events);
  const state = foldGame(log);
  return buildLog('g-test', [
    ...events,
    {
      type: 'game_ended',
      payload: {
        reason: 'max_turns',
        detail: 'turn limit',
        abortCause: null,
        winnerId: computeStandings(state)[0]?.playerId ?? null,
        standings: computeStandings(state),
      },
    },
  ]);
}

describe('foldGameEvents', () => {
  const log = sampleLog();
  const model = foldGameEvents(log);
  if (!model) throw new Error('no model');

  it('lists the public messages in order, forfeits included, with their kinds', () => {
    expect(model.transcript.map((e) => [e.kind, e.messageId])).toEqual([
      ['narrator', 'M1'],
      ['contribution', 'M2'],
      ['contribution', 'M3'],
      ['accusation', 'M4'],
      ['defence', 'M5'],
      ['verdict', 'M6'],
      ['forfeit', null],
      ['elimination', 'M7'],
      ['final_words', 'M8'],
    ]);
    expect(model.transcript[2]?.cites).toEqual(['M2']);
    expect(model.transcript[3]?.cites).toEqual(['M2']);
    expect(model.transcript[5]?.verdict).toEqual({ verdict: 'false', confidence: 0.1 });
    expect(model.transcript[7]?.elimination).toMatchObject({
      playerId: 'P4',
      cause: 'lowest_standing',
    });
  });

  it('follows an accusation through evidence, defence and verdict', () => {
    expect(model.accusations).toEqual([
      expect.objectContaining({
        id: 'A1',
        accuserId: 'P3',
        accusedId: 'P1',
        evidenceValid: true,
        defenceMessageId: 'M5',
        verdict: 'false',
        verdictMessageId: 'M6',
      }),
    ]);
  });

  it('agrees with the engine on points, turns, statuses and standings', () => {
    const state = foldGame(log);
    for (const player of state.players) {
      const view = model.players.find((p) => p.id === player.id);
      expect(view).toMatchObject({
        points: player.points,
        turns: player.turns,
        status: player.status,
      });
    }
    expect(standingsOf(model).map((s) => s.playerId)).toEqual(
      computeStandings(state).map((s) => s.playerId),
    );
    expect(model.status).toBe('ended');
    expect(model.ended?.reason).toBe('max_turns');
  });

  it('computes live standings the way the engine does before the game ends', () => {
    const running = foldGameEvents(log.slice(0, -1));
    if (!running) throw new Error('no model');
    const state = foldGame(log.slice(0, -1));
    expect(running.status).toBe('running');
    expect(standingsOf(running).map((s) => [s.playerId, s.status])).toEqual(
      computeStandings(state).map((s) => [s.playerId, s.status]),
    );
  });

  it('records points over time, the judge rationales and the policy reasoning for spectators', () => {
    expect(model.timeline.map((s) => [s.turn, s.playerId, s.points])).toEqual([
      [1, 'P1', 0.6],
      [2, 'P2', 0.4],
      // The false accuser's points are halved by the verdict (P3 had none).
      [3, 'P3', 0],
    ]);
    expect(model.scores.map((s) => [s.playerId, s.rationales.builds_on_others])).toEqual([
      ['P1', 'cites M1'],
      ['P2', 'cites M1'],
    ]);
    expect(model.policyLog.map((p) => p.reasoning)).toEqual([
      'P1 is next in order',
      'P2 is next in order',
      'P3 is next in order',
      'P4 is next in order',
    ]);
    expect(model.rejections).toBe(1);
  });

  it('ignores an event it already has (a repeat after a reconnect)', () => {
    const again = applyGameEvent(model, log[3] as GameEvent);
    expect(again).toBe(model);
  });

  it('needs game_created first', () => {
    expect(() => applyGameEvent(null, log[1] as GameEvent)).toThrow(/game_created/);
    expect(foldGameEvents([])).toBeNull();
  });

  it('shows the fold of a prefix (what the replay scrubber does)', () => {
    const early = foldGameEvents(log.slice(0, 6));
    expect(early?.transcript.map((e) => e.messageId)).toEqual(['M1', 'M2']);
    expect(early?.turn).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import type { NewEvent } from './events';
import { computeStandings, foldGame } from './state';
import { buildLog, completeLogProblems, reproducibleEvent, testSpec } from './testing';

const created: NewEvent = { type: 'game_created', payload: { spec: testSpec() } };
const call: NewEvent = {
  type: 'model_call',
  payload: {
    role: 'narrator',
    playerId: null,
    purpose: 'narrate',
    model: 'sim',
    params: {},
    usage: { inputTokens: 10, outputTokens: 5 },
    latencyMs: 12.5,
    costUsd: 0,
  },
};

function endedLog(gameId: string, start?: number) {
  const played = buildLog(gameId, [created, call], start);
  const standings = computeStandings(foldGame(played));
  const end: NewEvent = {
    type: 'game_ended',
    payload: {
      reason: 'max_turns',
      detail: 'the turn limit was reached',
      abortCause: null,
      winnerId: null,
      standings,
    },
  };
  return buildLog(gameId, [created, call, end], start);
}

describe('completeLogProblems', () => {
  it('finds nothing wrong with a whole game', () => {
    expect(completeLogProblems(endedLog('g-1'))).toEqual([]);
  });

  it('names a lost event, a repeated one and a game that has not ended', () => {
    const log = endedLog('g-1');
    expect(completeLogProblems(log.filter((e) => e.seq !== 1))).toEqual([
      'event 1 has seq 2',
      expect.stringContaining('the log does not fold'),
    ]);
    const repeated = [...log.slice(0, 2), ...log.slice(1)];
    expect(completeLogProblems(repeated)).toContain('1 event ids repeat');
    expect(completeLogProblems(log.slice(0, 2))).toEqual([
      'the last event is model_call, not game_ended',
    ]);
  });
});

describe('reproducibleEvent', () => {
  it('leaves out timestamps, call latencies and the game id, and nothing else', () => {
    const a = endedLog('g-a');
    const b = endedLog('g-b', Date.UTC(2027, 5, 1)).map((e) =>
      e.type === 'model_call' ? { ...e, payload: { ...e.payload, latencyMs: 900 } } : e,
    );
    expect(b.map(reproducibleEvent)).toEqual(a.map(reproducibleEvent));

    const cost = b.map((e) =>
      e.type === 'model_call' ? { ...e, payload: { ...e.payload, costUsd: 1 } } : e,
    );
    expect(cost.map(reproducibleEvent)).not.toEqual(a.map(reproducibleEvent));
  });
});

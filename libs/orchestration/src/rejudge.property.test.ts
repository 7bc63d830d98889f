import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createModelRuntime, type ModelJudge, type ModelRuntime } from '@arena/agents';
import { createInMemoryBus } from '@arena/message-bus';
import {
  DIMENSIONS,
  GameEventSchema,
  TURN_POLICIES,
  VERDICTS,
  activePlayers,
  computeStandings,
  foldGame,
  gameRng,
  standingOf,
  steppingClock,
  type GameEvent,
} from '@arena/models';
import { testSpec } from '@arena/models/testing';
import { createMemoryEventStore } from '@arena/persistence';
import { playGame } from './games';
import { rejudgeGame, type RejudgeResult } from './rejudge';

const FUZZ = 'ollama:fuzz-judge';

/**
 * A judge whose every answer is drawn from its own seed and the question (a contribution's
 * message id, an accusation id, a round), so the same question always gets the same answer.
 */
function fuzzJudge(seed: number): ModelJudge {
  return {
    spec: FUZZ,
    score: async ({ contribution }) => {
      const rng = gameRng(seed, `score:${contribution.messageId}`);
      return {
        value: {
          scores: Object.fromEntries(DIMENSIONS.map((d) => [d, rng.next()])) as Record<
            (typeof DIMENSIONS)[number],
            number
          >,
          rationales: Object.fromEntries(DIMENSIONS.map((d) => [d, 'Drawn.'])) as Record<
            (typeof DIMENSIONS)[number],
            string
          >,
        },
        calls: [],
      };
    },
    rule: async ({ accusation }) => {
      const rng = gameRng(seed, `rule:${accusation.id}`);
      return {
        value: { verdict: rng.pick(VERDICTS), confidence: rng.next(), reasoning: 'Drawn.' },
        calls: [],
      };
    },
    checkSolved: async ({ state }) => ({
      value: { solved: gameRng(seed, `solved:${state.round}`).chance(0.3), reasoning: 'Drawn.' },
      calls: [],
    }),
  };
}

function fuzzRuntime(seed: number): ModelRuntime {
  const base = createModelRuntime();
  return { ...base, judge: (spec) => (spec === FUZZ ? fuzzJudge(seed) : base.judge(spec)) };
}

async function played(seed: number, policy: (typeof TURN_POLICIES)[number]) {
  const services = {
    store: createMemoryEventStore(),
    bus: createInMemoryBus(),
    clock: steppingClock(),
  };
  await playGame(services, testSpec({ maxTurns: 36, policy, seed }), { gameId: 'g-fuzz' });
  return services.store.load('g-fuzz');
}

/** What must hold of any re-judged game, whatever the judge said. */
function checkCounterfactual(events: readonly GameEvent[], result: RejudgeResult): void {
  const log = result.counterfactual;
  log.forEach((e, seq) => {
    GameEventSchema.parse(e);
    expect(e.seq).toBe(seq);
  });
  const state = foldGame(log);
  const out = new Set<string>();
  for (const e of log) {
    if (e.type === 'speaker_selected' || e.type === 'contribution_accepted') {
      expect(out.has(e.payload.playerId)).toBe(false);
    }
    if (e.type === 'accusation_filed') {
      expect(out.has(e.payload.accuserId) || out.has(e.payload.accusedId)).toBe(false);
    }
    if (e.type === 'player_eliminated') out.add(e.payload.playerId);
  }
  const original = foldGame(events);
  for (const p of result.players) {
    // Nobody plays a turn that was not played.
    expect(p.after.turns).toBeLessThanOrEqual(p.before.turns);
  }
  const active = activePlayers(state);
  const after = result.ending.after;
  if (after.reason === 'one_survivor') expect(active).toHaveLength(1);
  if (after.reason === 'all_eliminated') expect(active).toHaveLength(0);
  if (after.reason === 'record_ended') {
    expect(state.status).toBe('running');
    expect(active.length).toBeGreaterThan(state.spec.rules.elimination.minSurvivors >= 1 ? 1 : 0);
  } else {
    expect(state.ended?.reason).toBe(after.reason);
    expect(state.ended?.standings).toEqual(computeStandings(state));
  }
  if (after.winnerId !== null) {
    const best = Math.max(...active.map(standingOf));
    const winner = state.players.find((p) => p.id === after.winnerId);
    expect(winner?.status).toBe('active');
    expect(standingOf(winner ?? { points: 0, turns: 0 })).toBe(best);
  }
  expect(state.turn).toBeLessThanOrEqual(original.turn);
}

describe('rejudgeGame, whatever the new judge answers', () => {
  it('builds a valid counterfactual game, the same every time', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 100_000 }),
        fc.constantFrom(...TURN_POLICIES),
        fc.integer({ min: 1, max: 100_000 }),
        fc.boolean(),
        async (gameSeed, policy, judgeSeed, withSim) => {
          const events = await played(gameSeed, policy);
          const options = {
            judge: withSim ? ['sim', FUZZ] : [FUZZ],
            models: fuzzRuntime(judgeSeed),
          };
          const result = await rejudgeGame(events, options);
          checkCounterfactual(events, result);
          expect(await rejudgeGame(events, options)).toEqual(result);
        },
      ),
      { numRuns: 20, seed: 20_260_101 },
    );
  });
});

import { DEFAULT_RULES, PHASES, type GameSpec, type Rules } from '@arena/models';
import { testSpec } from '@arena/models/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scriptGame } from './game.fixture';
import { phaseFor } from './phase-for';

/**
 * The state at the start of the round after `turns` turns (each turn a round of its own, since
 * the phase only moves on between rounds), with `eliminated` out at the end of the last one.
 */
function afterTurns(turns: number, eliminated: string[] = [], spec = testSpec({ maxTurns: 20 })) {
  const game = scriptGame(spec);
  for (let t = 0; t < turns; t++) {
    game.contribute(`P${(t % 4) + 1}`, `Turn ${t} idea.`);
    if (t < turns - 1) game.endRound();
  }
  for (const id of eliminated) game.eliminate(id);
  if (turns > 0) game.endRound();
  return game.state();
}

describe('phaseFor', () => {
  it('moves from early to final with the share of turns played', () => {
    expect(phaseFor(afterTurns(0))).toBe('early');
    expect(phaseFor(afterTurns(4))).toBe('early');
    expect(phaseFor(afterTurns(5))).toBe('mid');
    expect(phaseFor(afterTurns(12))).toBe('late');
    expect(phaseFor(afterTurns(17))).toBe('final');
  });

  it('moves on when players are eliminated', () => {
    expect(phaseFor(afterTurns(5, ['P1', 'P2']))).toBe('final');
    const six = testSpec({
      maxTurns: 20,
      seats: [...testSpec().seats, ...testSpec().seats].slice(0, 6).map((s, i) => ({
        ...s,
        playerId: `P${i + 1}`,
        seat: i + 1,
      })),
    });
    expect(phaseFor(afterTurns(5, ['P1', 'P2', 'P3'], six))).toBe('late');
  });

  it('only moves on between rounds, so one round is scored under one set of weights', () => {
    const game = scriptGame(testSpec({ maxTurns: 20 }));
    for (let t = 0; t < 4; t++) game.contribute(`P${t + 1}`, `Turn ${t} idea.`);
    game.endRound();
    // Round 2 starts after 4 of 20 turns (early); its turns cross the 25% boundary.
    for (let t = 0; t < 3; t++) {
      game.contribute(`P${t + 1}`, `Round two idea ${t}.`);
      expect(phaseFor(game.state())).toBe('early');
    }
    game.eliminate('P4');
    expect(phaseFor(game.state())).toBe('early');
    game.endRound();
    expect(phaseFor(game.state())).toBe('mid');
  });

  it('does not call a two-player game final from the start', () => {
    const duel = testSpec({ maxTurns: 20, seats: testSpec().seats.slice(0, 2) });
    const game = scriptGame(duel);
    game.contribute('P1', 'An opening idea about piers.');
    expect(phaseFor(game.state())).toBe('early');
  });
});

/** A spec over `seats` players whose phases use the given boundaries. */
function withPhases(phases: Partial<Rules['phases']>, seats = 4, maxTurns = 20): GameSpec {
  const base = testSpec();
  return testSpec({
    maxTurns,
    seats: Array.from({ length: seats }, (_, i) => ({
      ...(base.seats[i % base.seats.length] as GameSpec['seats'][number]),
      playerId: `P${i + 1}`,
      seat: i + 1,
    })),
    rules: { ...DEFAULT_RULES, phases: { ...DEFAULT_RULES.phases, ...phases } },
  });
}

describe('phaseFor with configured boundaries', () => {
  const custom = { midFrom: 0.1, lateFrom: 0.5, finalFrom: 0.9 };

  it('moves on at the configured shares of max turns, each boundary inclusive', () => {
    const spec = withPhases(custom);
    expect(phaseFor(afterTurns(1, [], spec))).toBe('early');
    expect(phaseFor(afterTurns(2, [], spec))).toBe('mid');
    expect(phaseFor(afterTurns(9, [], spec))).toBe('mid');
    expect(phaseFor(afterTurns(10, [], spec))).toBe('late');
    expect(phaseFor(afterTurns(17, [], spec))).toBe('late');
    expect(phaseFor(afterTurns(18, [], spec))).toBe('final');
  });

  it('skips the early phase when midFrom is 0 and keeps final for the last turn when finalFrom is 1', () => {
    const spec = withPhases({ midFrom: 0, lateFrom: 0.5, finalFrom: 1 });
    expect(phaseFor(afterTurns(0, [], spec))).toBe('mid');
    expect(phaseFor(afterTurns(19, [], spec))).toBe('late');
    expect(phaseFor(afterTurns(20, [], spec))).toBe('final');
  });

  it('moves to late at the configured share of players eliminated', () => {
    const spec = withPhases({ ...custom, lateEliminated: 0.25, finalSurvivors: 1 }, 8);
    expect(phaseFor(afterTurns(3, ['P1'], spec))).toBe('mid');
    expect(phaseFor(afterTurns(3, ['P1', 'P2'], spec))).toBe('late');
  });

  it('moves to final once the configured number of survivors (or fewer) remain', () => {
    const three = withPhases({ ...custom, lateEliminated: 1, finalSurvivors: 3 }, 6);
    expect(phaseFor(afterTurns(3, ['P1', 'P2'], three))).toBe('mid');
    expect(phaseFor(afterTurns(3, ['P1', 'P2', 'P3'], three))).toBe('final');
    const one = withPhases({ ...custom, lateEliminated: 1, finalSurvivors: 1 });
    expect(phaseFor(afterTurns(3, ['P1', 'P2'], one))).toBe('mid');
    expect(phaseFor(afterTurns(3, ['P1', 'P2', 'P3'], one))).toBe('final');
  });

  it('never calls a game final by survivors when it started with no more than finalSurvivors', () => {
    const spec = withPhases({ ...custom, finalSurvivors: 4 });
    expect(phaseFor(afterTurns(1, [], spec))).toBe('early');
  });

  it('never goes back as turns are played and ends final, for any ordered boundaries (property)', () => {
    const order = (p: string) => PHASES.indexOf(p as (typeof PHASES)[number]);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 3, maxLength: 3 }).map((xs) => {
          const [midFrom = 0, lateFrom = 0, finalFrom = 0] = [...xs].sort((a, b) => a - b);
          return { midFrom: midFrom / 100, lateFrom: lateFrom / 100, finalFrom: finalFrom / 100 };
        }),
        fc.integer({ min: 1, max: 24 }),
        (bounds, maxTurns) => {
          const spec = withPhases(bounds, 4, maxTurns);
          const game = scriptGame(spec);
          let previous = order(phaseFor(game.state()));
          for (let t = 0; t < maxTurns; t++) {
            game.contribute(`P${(t % 4) + 1}`, `Turn ${t} idea.`);
            if (t % 3 === 2 || t === maxTurns - 1) game.endRound();
            const phase = phaseFor(game.state());
            expect(order(phase)).toBeGreaterThanOrEqual(previous);
            previous = order(phase);
          }
          // At max turns every share boundary has been passed.
          expect(previous).toBe(order('final'));
        },
      ),
      { numRuns: 40 },
    );
  });
});

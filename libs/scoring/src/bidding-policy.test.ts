import { describe, expect, it } from 'vitest';
import { gameRng } from '@arena/models';
import { selectByBids } from './bidding-policy';
import { scriptGame } from './game.fixture';
import { selectSpeaker } from './select-speaker';

describe('the bidding policy', () => {
  const state = scriptGame().state();

  it('gives the floor to the highest bid and records every bid in the reasoning', () => {
    const choice = selectByBids(
      state,
      [
        { playerId: 'P1', urgency: 0.2, reason: 'I can wait' },
        { playerId: 'P2', urgency: 0.9, reason: 'I have the fix for the deck' },
        { playerId: 'P3', urgency: 0.5, reason: 'a question' },
      ],
      gameRng(1, 'policy'),
    );
    expect(choice.playerId).toBe('P2');
    expect(choice.reasoning).toContain('the highest bid');
    expect(choice.reasoning).toContain('I have the fix for the deck');
    expect(choice.candidates.find((c) => c.playerId === 'P2')?.weight).toBe(0.9);
  });

  it('breaks a tie by who waited longest, then by the seeded draw', () => {
    const game = scriptGame();
    game.contribute('P1', 'Anchor the piers in bedrock below the scour line.');
    const spoke = game.state();
    const tie = [
      { playerId: 'P1', urgency: 0.7, reason: 'again' },
      { playerId: 'P2', urgency: 0.7, reason: 'me' },
    ];
    expect(selectByBids(spoke, tie, gameRng(1, 'policy')).playerId).toBe('P2');
    const draws = new Set(
      Array.from(
        { length: 30 },
        (_, seed) =>
          selectByBids(
            state,
            [...tie, { playerId: 'P3', urgency: 0.7, reason: 'x' }],
            gameRng(seed, 'p'),
          ).playerId,
      ),
    );
    expect(draws.size).toBeGreaterThan(1);
  });

  it('counts a player without a bid as bidding 0, and selectSpeaker routes by the policy', () => {
    const bidding = { ...state, spec: { ...state.spec, policy: 'bidding' as const } };
    const choice = selectSpeaker(bidding, gameRng(2, 'p'), [
      { playerId: 'P3', urgency: 0.1, reason: 'quietly' },
    ]);
    expect(choice.playerId).toBe('P3');
    expect(choice.reasoning).toContain('(no bid)');
  });
});

import { describe, expect, it } from 'vitest';
import { USUAL_DISTANCE, conversationMemory } from './conversation-memory';
import { scriptGame } from './game.fixture';

describe('conversationMemory', () => {
  it('knows the words said before a contribution, the problem statement included', () => {
    const game = scriptGame();
    game.contribute('P1', 'Anchor the piers to bedrock with steel piles.');
    const id = game.contribute('P2', 'Hinge the deck so a winch can lift it.');
    const memory = conversationMemory(game.state(), id);
    expect(memory.contributions).toBe(1);
    expect(memory.said('bedrock')).toBe(true);
    expect(memory.said('footbridg')).toBe(true);
    expect(memory.said('winch')).toBe(false);
    expect(memory.covered('foundations', 0)).toBe(true);
    expect(memory.covered('deck', 1)).toBe(false);
  });

  it('starts from the usual distance and measures a text against earlier contributions', () => {
    const game = scriptGame();
    const first = game.contribute('P1', 'Anchor the piers to bedrock with steel piles.');
    const empty = conversationMemory(game.state(), first);
    expect(empty.distanceOf(['pier'])).toBeNull();
    expect(empty.usual).toEqual({ mean: USUAL_DISTANCE.mean, sd: USUAL_DISTANCE.sd });
    const second = game.contribute('P2', 'Hinge the deck so a winch can lift it.');
    const memory = conversationMemory(game.state(), second);
    expect(memory.distanceOf(['anchor', 'pier', 'bedrock', 'steel', 'pil'])).toBeCloseTo(0, 6);
    expect(memory.distanceOf(['winch'])).toBe(1);
  });

  it('moves the usual distance towards the game’s own as contributions accumulate', () => {
    const game = scriptGame();
    const texts = [
      'Anchor the piers to bedrock with steel piles.',
      'Anchor the piers deeper with longer steel piles.',
      'Steel piles anchor the piers in the bedrock.',
      'Longer piles anchor each pier to bedrock.',
    ];
    let last = '';
    for (const [i, text] of texts.entries()) last = game.contribute(`P${(i % 3) + 1}`, text);
    const memory = conversationMemory(game.state(), last);
    expect(memory.usual.mean).toBeLessThan(USUAL_DISTANCE.mean);
  });

  it('gives the same answers folded forward turn by turn as rebuilt from a resumed log', () => {
    const game = scriptGame();
    const ids = [
      game.contribute('P1', 'Anchor the piers to bedrock with steel piles.'),
      game.contribute('P2', 'Hinge the deck so a winch can lift it.'),
      game.contribute('P3', 'Put a river gauge upstream and close the bridge on alerts.'),
    ];
    const state = game.state();
    const stepwise = ids.map((id) => {
      const m = conversationMemory(state, id);
      return { n: m.contributions, usual: m.usual, d: m.distanceOf(['gaug', 'winch']) };
    });
    // A second fold of the same events: new objects, as after a resume.
    const refolded = game.state();
    const rebuilt = conversationMemory(refolded, ids[2] as string);
    expect({
      n: rebuilt.contributions,
      usual: rebuilt.usual,
      d: rebuilt.distanceOf(['gaug', 'winch']),
    }).toEqual(stepwise[2]);
    // Looking back to an earlier contribution gives that moment's memory again.
    const earlier = conversationMemory(state, ids[1] as string);
    expect(earlier.contributions).toBe(1);
    expect(earlier.said('winch')).toBe(false);
  });
});

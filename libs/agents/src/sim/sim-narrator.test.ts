import { computeStandings, createRng, messageById, type GameState } from '@arena/models';
import { testSpec } from '@arena/models/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NarratorContext } from '../narrator';
import { fill } from './fill';
import { NARRATOR_PHRASES } from './phrases/narrator-phrases';
import { playSimGame, startGame, type PlayedGame } from './sim-game.fixture';
import { createSimNarrator } from './sim-narrator';

const narrator = createSimNarrator();
const say = async (
  state: GameState,
  trigger: NarratorContext['trigger'],
  seed = 1,
  subject?: NarratorContext['subject'],
) => (await narrator.narrate({ state, trigger, rng: createRng(seed), subject })).value.text;

let played: PlayedGame;

beforeAll(async () => {
  played = await playSimGame({ turns: 150, spec: testSpec({ seed: 3 }) });
});

describe('sim narrator', () => {
  it('opens with the problem and every player by name', async () => {
    const state = startGame().state;
    for (let seed = 0; seed < 10; seed++) {
      const text = await say(state, 'opening', seed);
      expect(text).toContain(state.spec.scenario.problem);
      for (const p of state.players) expect(text).toContain(p.name);
    }
  });

  it('recaps themes, attention and silence', async () => {
    const game = startGame();
    for (let turn = 1; turn <= 9; turn++) {
      const playerId = `P${((turn - 1) % 3) + 1}`;
      game.apply({ type: 'turn_started', payload: { turn, round: 1 } });
      game.apply({
        type: 'speaker_selected',
        payload: {
          turn,
          playerId,
          policy: 'weighted',
          reasoning: 'SECRET: favoured for momentum',
          candidates: [],
        },
      });
      game.apply({
        type: 'contribution_accepted',
        payload: {
          turn,
          playerId,
          attempt: 1,
          messageId: `M${turn}`,
          text: `Raise the deck on a hinge, variant ${turn}.`,
          cites: [],
        },
      });
    }
    for (let seed = 0; seed < 10; seed++) {
      const text = await say(game.state, 'periodic', seed);
      expect(text).toMatch(/deck|hinge|raise/);
      expect(text).toContain('Di');
      expect(text).toMatch(/foundations and monitoring/i);
      expect(text).not.toContain('SECRET');
    }
    expect(await say(startGame().state, 'periodic')).not.toBe('');
  });

  it('never reveals scores or the hidden reasoning of the turn policy', () => {
    const periodic = played.narration.filter((n) => n.trigger === 'periodic');
    expect(periodic.length).toBeGreaterThan(20);
    for (const line of played.narration) {
      expect(line.text).not.toMatch(
        /\bscore|\d\s*points?\b|\b(most|fewest|total|their|his|her) points\b|standing\b|next in order/i,
      );
    }
  });

  it('reacts to accusations and verdicts naming both players', () => {
    const accusations = played.narration.filter((n) => n.trigger === 'accusation');
    expect(accusations.length).toBeGreaterThan(0);
    for (const line of accusations) {
      const accusation = line.before.accusations.at(-1);
      const name = (id: string | undefined) =>
        line.before.players.find((p) => p.id === id)?.name as string;
      expect(line.text).toContain(name(accusation?.accuserId));
      expect(line.text).toContain(name(accusation?.accusedId));
    }
    const verdicts = played.narration.filter((n) => n.trigger === 'verdict');
    expect(verdicts.length).toBe(accusations.length);
    for (const line of verdicts) {
      const accusation = line.before.accusations.at(-1);
      const verdict = accusation?.verdict;
      if (!accusation || !verdict) throw new Error('verdict missing from state');
      const names = {
        accuser: line.before.players.find((p) => p.id === accusation.accuserId)?.name as string,
        accused: line.before.players.find((p) => p.id === accusation.accusedId)?.name as string,
      };
      const expected = NARRATOR_PHRASES.verdicts[verdict].map((t) => fill(t, names));
      expect(expected.map((e) => e.charAt(0).toUpperCase() + e.slice(1))).toContain(line.text);
    }
  });

  it('quotes the final words of an eliminated player', () => {
    const eliminations = played.narration.filter((n) => n.trigger === 'elimination');
    expect(eliminations.length).toBeGreaterThan(0);
    for (const line of eliminations) {
      const words = line.before.messages.at(-1);
      expect(words?.kind).toBe('final_words');
      const name = line.before.players.find((p) => p.id === words?.speakerId)?.name as string;
      expect(line.text).toContain(name);
      const sentences = (words?.text ?? '').split(/(?<=[.!?])\s+/);
      const openings = sentences.map((s) =>
        s
          .split(' ')
          .slice(0, 4)
          .join(' ')
          .replace(/"/g, "'")
          .replace(/[.!?]+$/, ''),
      );
      expect(openings.some((o) => line.text.includes(o))).toBe(true);
    }
  });

  it('falls back to the judge reasoning when there are no final words yet', async () => {
    const game = startGame();
    game.apply({
      type: 'player_eliminated',
      payload: {
        playerId: 'P3',
        turn: 0,
        round: 1,
        cause: 'lowest_standing',
        reasoning: 'Cy contributed least to the deck.',
        standing: 0,
        messageId: 'M1',
      },
    });
    const text = await say(game.state, 'elimination', 2, { messageId: 'M1', playerIds: ['P3'] });
    expect(text).toContain('Cy');
    expect(text).toContain('Cy contributed least to the deck');
    expect(messageById(game.state, 'M1')?.kind).toBe('elimination');
  });

  it('closes with the winner and the final order', async () => {
    const state = played.game.state;
    const standings = computeStandings(state);
    const winner = standings[0];
    if (!winner) throw new Error('no standings');
    const open = await say(state, 'closing');
    expect(open).toContain(winner.name);
    for (const s of standings) expect(open).toContain(s.name);

    const game = startGame();
    game.apply({
      type: 'game_ended',
      payload: {
        reason: 'one_survivor',
        detail: 'one left',
        abortCause: null,
        winnerId: 'P2',
        standings: computeStandings(game.state),
      },
    });
    const ended = await say(game.state, 'closing', 4);
    expect(ended).toContain('Bo');
    expect(ended).toContain('Only one player was left standing');
  });

  it('is deterministic and reports its usage', async () => {
    const state = played.game.state;
    const a = await narrator.narrate({ state, trigger: 'periodic', rng: createRng(9) });
    const b = await narrator.narrate({ state, trigger: 'periodic', rng: createRng(9) });
    expect(a).toEqual(b);
    expect(a.calls[0]).toMatchObject({
      model: 'sim',
      purpose: 'narrate',
      params: { temperature: 0 },
      costUsd: 0,
    });
    expect(a.calls[0]?.usage.outputTokens).toBe(Math.ceil(a.value.text.length / 4));
  });
});

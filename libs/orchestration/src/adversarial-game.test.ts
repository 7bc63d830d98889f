import { describe, expect, it } from 'vitest';
import { createInMemoryBus } from '@arena/message-bus';
import { steppingClock, type GameEvent, type GameSpec } from '@arena/models';
import { testSpec } from '@arena/models/testing';
import { createMemoryEventStore } from '@arena/persistence';
import { eventsToJsonLines } from './export';
import { playGame } from './games';

async function playToEnd(spec: GameSpec, gameId = 'g-adversarial') {
  const services = {
    store: createMemoryEventStore(),
    bus: createInMemoryBus(),
    clock: steppingClock(),
  };
  const final = await playGame(services, spec, { gameId });
  return { final, events: await services.store.load(gameId) };
}

type Selected = Extract<GameEvent, { type: 'speaker_selected' }>;
type Ended = Extract<GameEvent, { type: 'game_ended' }>;

const adversarial = (seed: number) => testSpec({ policy: 'adversarial', maxTurns: 60, seed });

describe('a sim game under the adversarial policy', () => {
  it('plays to the end, explaining every pick as an adversarial or a chaos pick', async () => {
    const { final, events } = await playToEnd(adversarial(13));
    expect(final.status).toBe('ended');
    expect(events[events.length - 1]?.type).toBe('game_ended');
    const selections = events.filter((e): e is Selected => e.type === 'speaker_selected');
    expect(selections.length).toBe(final.turn);
    for (const s of selections) {
      expect(s.payload.policy).toBe('adversarial');
      expect(s.payload.reasoning).toMatch(/^(Adversarial pick|Chaos pick): /);
      const total = s.payload.candidates.reduce((sum, c) => sum + c.weight, 0);
      expect(total).toBeCloseTo(1, 3);
    }
    const kinds = new Set(selections.map((s) => s.payload.reasoning.split(':')[0]));
    expect(kinds).toEqual(new Set(['Adversarial pick', 'Chaos pick']));
    expect(new Set(selections.map((s) => s.payload.playerId)).size).toBeGreaterThan(2);
  });

  it('never gives the floor to the same player twice in a row while others are active', async () => {
    for (const seed of [1, 2, 3]) {
      const { events } = await playToEnd(adversarial(seed));
      let previous: string | null = null;
      let active = 4;
      for (const e of events) {
        if (e.type === 'player_eliminated') active--;
        if (e.type !== 'speaker_selected') continue;
        if (active > 1) expect(e.payload.playerId).not.toBe(previous);
        previous = e.payload.playerId;
      }
    }
  });

  it('records how the floor was shared when the game ends', async () => {
    const { final, events } = await playToEnd(adversarial(13));
    const ended = events.find((e): e is Ended => e.type === 'game_ended');
    const speaking = ended?.payload.speaking;
    expect(speaking).toBeDefined();
    if (!speaking) return;
    expect(speaking.players.map((p) => p.playerId)).toEqual(final.players.map((p) => p.id));
    expect(speaking.players.map((p) => p.turns)).toEqual(final.players.map((p) => p.turns));
    expect(speaking.players.reduce((sum, p) => sum + p.turns, 0)).toBe(final.turn);
    expect(speaking.players.reduce((sum, p) => sum + p.share, 0)).toBeCloseTo(1, 9);
    for (const p of speaking.players) {
      expect(p.ratio).toBeCloseTo(p.share * final.players.length, 9);
    }
    expect(speaking.maxShare).toBe(Math.max(...speaking.players.map((p) => p.share)));
    expect(speaking.gini).toBeGreaterThanOrEqual(0);
    expect(speaking.gini).toBeLessThan(1);
  });

  it('gives the same seed the same log', async () => {
    const a = await playToEnd(adversarial(21));
    const b = await playToEnd(adversarial(21));
    expect(eventsToJsonLines(a.events)).toBe(eventsToJsonLines(b.events));
  });
});

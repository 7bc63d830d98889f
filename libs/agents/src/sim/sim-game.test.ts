import { DEFAULT_RULES, messageById, type TranscriptMessage } from '@arena/models';
import { testSpec } from '@arena/models/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { PlayerActionSchema, type PlayerAction } from '../player-action';
import { findManipulation } from './manipulation';
import { playSimGame, type PlayedAction, type PlayedGame } from './sim-game.fixture';
import { maxSimilarity } from './transcript';

type Accusation = Extract<PlayerAction, { action: 'accuse' }>;
type Contribution = Extract<PlayerAction, { action: 'contribute' }>;

const isAccusation = (a: PlayedAction): a is PlayedAction & { action: Accusation } =>
  a.action.action === 'accuse';
const isContribution = (a: PlayedAction): a is PlayedAction & { action: Contribution } =>
  a.action.action === 'contribute';

function genuine(a: PlayedAction & { action: Accusation }): boolean {
  return a.action.evidence.every(
    (e) => messageById(a.before, e.messageId)?.text.includes(e.quote) ?? false,
  );
}

describe('a long simulated game', () => {
  let played: PlayedGame;

  beforeAll(async () => {
    const rules = {
      ...DEFAULT_RULES,
      accusations: { ...DEFAULT_RULES.accusations, maxPerPlayer: 50 },
    };
    played = await playSimGame({
      turns: 300,
      eliminate: false,
      spec: testSpec({ seed: 11, rules }),
    });
  });

  it('every action is valid and fully written', () => {
    expect(played.actions.length).toBeGreaterThan(300);
    for (const a of played.actions) {
      expect(PlayerActionSchema.safeParse(a.action).success).toBe(true);
      const text = isContribution(a) ? a.action.text : (a.action as Accusation).claim;
      expect(text).not.toMatch(/[{}]|undefined|\s{2}/);
    }
  });

  it('is mostly accepted contributions, with some repetition for the gate to catch', () => {
    const firsts = played.actions.filter((a) => a.attempt === 1);
    const contributions = firsts.filter(isContribution);
    const rejected = contributions.filter((a) => a.rejectedAs);
    expect(contributions.length).toBeGreaterThan(250);
    expect(rejected.length / firsts.length).toBeGreaterThan(0.05);
    expect(rejected.length / firsts.length).toBeLessThan(0.2);
  });

  it('builds on real contributions of other players in roughly half of its contributions', () => {
    const contributions = played.actions.filter(isContribution);
    const citing = contributions.filter((a) => a.action.cites.length > 0);
    expect(citing.length / contributions.length).toBeGreaterThan(0.3);
    expect(citing.length / contributions.length).toBeLessThan(0.7);
    for (const a of citing) {
      for (const id of a.action.cites) {
        const cited = messageById(a.before, id);
        expect(cited?.kind).toBe('contribution');
        expect(cited?.speakerId).not.toBe(a.playerId);
      }
    }
  });

  it('manipulates now and then', () => {
    const accepted = played.game.state.messages.filter((m) => m.kind === 'contribution');
    const manipulative = accepted.filter((m) => findManipulation(played.game.state, m).length > 0);
    expect(manipulative.length / accepted.length).toBeGreaterThan(0.05);
    expect(manipulative.length / accepted.length).toBeLessThan(0.2);
    const kinds = new Set(
      accepted.flatMap((m) => findManipulation(played.game.state, m).map((h) => h.kind)),
    );
    expect(kinds.size).toBeGreaterThanOrEqual(4);
  });

  it('accuses with true evidence mostly and fabricated evidence sometimes, within the rules', () => {
    const accusations = played.actions.filter(isAccusation);
    expect(accusations.length / 300).toBeGreaterThan(0.04);
    expect(accusations.length / 300).toBeLessThan(0.14);
    const truthful = accusations.filter(genuine);
    const fabricated = accusations.filter((a) => !genuine(a));
    expect(truthful.length).toBeGreaterThan(fabricated.length);
    expect(fabricated.length).toBeGreaterThan(2);
    for (const a of accusations) {
      expect(a.action.accusedId).not.toBe(a.playerId);
      expect(a.before.players.find((p) => p.id === a.action.accusedId)?.status).toBe('active');
      for (const e of a.action.evidence)
        expect(messageById(a.before, e.messageId)?.speakerId).toBe(a.action.accusedId);
    }
    for (const a of truthful.filter((t) => t.action.confidence >= 0.6)) {
      expect(a.action.confidence).toBeLessThanOrEqual(0.95);
    }
    const onManipulation = truthful.filter((a) =>
      a.action.evidence.every((e) => {
        const message = messageById(a.before, e.messageId);
        return (
          message !== undefined &&
          findManipulation(a.before, message).some((h) => h.quote === e.quote)
        );
      }),
    );
    expect(onManipulation.length).toBeGreaterThan(truthful.length / 2);
  });

  it('retries with something genuinely different most of the time', () => {
    const retries = played.actions.filter((a) => a.attempt > 1 && a.retryOf && isContribution(a));
    expect(retries.length).toBeGreaterThan(10);
    const different = retries.filter(
      (a) => maxSimilarity((a.action as Contribution).text, [a.retryOf as TranscriptMessage]) < 0.3,
    );
    expect(different.length / retries.length).toBeGreaterThan(0.8);
    for (const a of retries) expect(a.feedback.length).toBe(a.attempt - 1);
  });

  it('does not read like copies of itself', () => {
    const contributions = played.game.state.messages.filter((m) => m.kind === 'contribution');
    const sentences = contributions.flatMap((m) => m.text.split(/(?<=[.!?])\s+/));
    expect(new Set(sentences).size / sentences.length).toBeGreaterThan(0.6);
  });

  it('replays identically from the same seed', async () => {
    const spec = testSpec({ seed: 5 });
    const a = await playSimGame({ turns: 40, spec });
    const b = await playSimGame({ turns: 40, spec });
    expect(b.game.state.messages).toEqual(a.game.state.messages);
    const c = await playSimGame({ turns: 40, spec: testSpec({ seed: 6 }) });
    expect(c.game.state.messages).not.toEqual(a.game.state.messages);
  });
});

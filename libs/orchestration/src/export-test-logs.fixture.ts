import { createInMemoryBus } from '@arena/message-bus';
import { steppingClock, type GameEvent, type GameSpec, type NewEvent } from '@arena/models';
import { buildLog, testProfiles, testSpec } from '@arena/models/testing';
import { createMemoryEventStore } from '@arena/persistence';
import { playGame } from './games';

/** The log of a whole sim game over the test scenario (weighted policy, seed 3). */
export async function playedLog(overrides: Partial<GameSpec> = {}): Promise<GameEvent[]> {
  const services = {
    store: createMemoryEventStore(),
    bus: createInMemoryBus(),
    clock: steppingClock(),
  };
  await playGame(services, testSpec({ maxTurns: 40, policy: 'weighted', seed: 3, ...overrides }), {
    gameId: 'g-export',
  });
  return services.store.load('g-export');
}

const scores = {
  novelty: 0.9,
  builds_on_others: 0,
  solves_subproblem: 0.5,
  radical_idea: 0.4,
  manipulation: 0,
};
const weights = {
  novelty: 0.3,
  builds_on_others: 0.15,
  solves_subproblem: 0.2,
  radical_idea: 0.25,
  manipulation: 0.1,
};
const rationales = {
  novelty: 'Nothing <em>similar</em> said before.',
  builds_on_others: 'Cites nothing.',
  solves_subproblem: 'Covers *piers*.',
  radical_idea: 'Far from the centre.',
  manipulation: 'None detected.',
};

/** Text a model might write to break out of an export: markup, Markdown and a script end tag. */
export const HOSTILE_TEXT =
  'Use *bold* and _under_ <img src=x onerror=alert(1)> then </script><script>alert(1)</script> | done';

/**
 * A short hand-written log whose texts are hostile (markup, Markdown, `</script>`): a
 * contribution, a gate rejection, a narrator line, a false accusation with its evidence check,
 * defence and verdict; ended with `game_ended` unless `ended` is false.
 */
export function hostileLog(options: { ended?: boolean } = {}): GameEvent[] {
  const profiles = testProfiles
    .slice(0, 2)
    .map((p, i) => (i === 0 ? { ...p, name: 'Ana <b>*the*</b> _Bold_' } : p));
  const spec = testSpec({
    scenario: { ...testSpec().scenario, title: 'Bridges <i>&</i> floods' },
    seats: profiles.map((p, i) => ({
      playerId: `P${i + 1}`,
      seat: i + 1,
      profile: p,
      model: 'sim',
    })),
  });
  const events: NewEvent[] = [
    { type: 'game_created', payload: { spec } },
    {
      type: 'narrator_line',
      payload: {
        turn: 0,
        trigger: 'opening',
        text: 'Welcome *all* to <the> bridge.',
        messageId: 'M1',
      },
    },
    { type: 'turn_started', payload: { turn: 1, round: 1 } },
    {
      type: 'speaker_selected',
      payload: {
        turn: 1,
        playerId: 'P1',
        policy: 'round-robin',
        reasoning: 'Round-robin: <P1> is next.',
        candidates: [{ playerId: 'P1', weight: 1 }],
      },
    },
    {
      type: 'contribution_proposed',
      payload: { turn: 1, playerId: 'P1', attempt: 1, text: 'Piers.', cites: [] },
    },
    {
      type: 'contribution_rejected',
      payload: {
        turn: 1,
        playerId: 'P1',
        attempt: 1,
        reason: 'too_short',
        repeatsMessageId: null,
        similarity: 0,
        feedback: 'Say more than one word.',
      },
    },
    {
      type: 'contribution_proposed',
      payload: { turn: 1, playerId: 'P1', attempt: 2, text: HOSTILE_TEXT, cites: ['M1'] },
    },
    {
      type: 'contribution_accepted',
      payload: {
        turn: 1,
        playerId: 'P1',
        attempt: 2,
        messageId: 'M2',
        text: HOSTILE_TEXT,
        cites: ['M1'],
      },
    },
    {
      type: 'contribution_scored',
      payload: {
        turn: 1,
        playerId: 'P1',
        messageId: 'M2',
        phase: 'early',
        scores,
        weights,
        points: 0.5,
        rationales,
        coverage: { foundations: 0.5, deck: 0, monitoring: 0 },
        detectorHits: [],
        judge: 'deterministic',
      },
    },
    {
      type: 'model_call',
      payload: {
        role: 'player',
        playerId: 'P1',
        purpose: 'act',
        model: 'sim',
        params: {},
        usage: { inputTokens: 120, outputTokens: 30 },
        latencyMs: 12,
        costUsd: 0.0015,
      },
    },
    { type: 'turn_started', payload: { turn: 2, round: 1 } },
    {
      type: 'speaker_selected',
      payload: {
        turn: 2,
        playerId: 'P2',
        policy: 'round-robin',
        reasoning: 'Round-robin: P2 is next.',
        candidates: [{ playerId: 'P2', weight: 1 }],
      },
    },
    {
      type: 'accusation_filed',
      payload: {
        turn: 2,
        accusationId: 'A1',
        accuserId: 'P2',
        accusedId: 'P1',
        kind: 'prompt_injection',
        claim: 'P1 wrote <script> tags at the judge.',
        evidence: [{ messageId: 'M2', quote: '<script>alert(1)' }],
        confidence: 0.8,
        messageId: 'M3',
      },
    },
    {
      type: 'evidence_checked',
      payload: {
        accusationId: 'A1',
        valid: true,
        findings: [{ messageId: 'M2', quote: '<script>alert(1)', found: true, reason: 'Found.' }],
      },
    },
    {
      type: 'defence_given',
      payload: { accusationId: 'A1', playerId: 'P1', text: 'It was a _joke_.', messageId: 'M4' },
    },
    {
      type: 'verdict_reached',
      payload: {
        accusationId: 'A1',
        verdict: 'false',
        confidence: 0.2,
        reasoning: 'Quoting markup is not injection.',
        accuserPenaltyFactor: 0.5,
        messageId: 'M5',
      },
    },
  ];
  if (options.ended !== false) {
    events.push({
      type: 'game_ended',
      payload: {
        reason: 'max_turns',
        detail: 'the turn limit of 2 was reached',
        abortCause: null,
        winnerId: 'P1',
        standings: [
          {
            playerId: 'P1',
            name: profiles[0]?.name ?? '',
            points: 0.5,
            turns: 1,
            standing: 0.5,
            status: 'active',
            place: 1,
          },
          {
            playerId: 'P2',
            name: 'Bo',
            points: 0,
            turns: 1,
            standing: 0,
            status: 'active',
            place: 2,
          },
        ],
        speaking: {
          players: [
            { playerId: 'P1', turns: 1, share: 0.5, ratio: 1 },
            { playerId: 'P2', turns: 1, share: 0.5, ratio: 1 },
          ],
          gini: 0,
          maxShare: 0.5,
        },
      },
    });
  }
  return buildLog('g-hostile', events);
}

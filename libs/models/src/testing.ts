/**
 * Test doubles and fixtures for libraries that depend on `@arena/models`.
 * Import from `@arena/models/testing`; never shipped in the main barrel.
 */
import { DEFAULT_CONTEXT, type GameSpec } from './config';
import { envelopeEvent, type GameEvent, type NewEvent } from './events';
import { CharacterProfileSchema, type CharacterProfile } from './profile';
import { DEFAULT_RULES } from './rules';
import { ScenarioSchema, type Scenario } from './scenario';
import { foldGame } from './state';

export const testScenario: Scenario = ScenarioSchema.parse({
  id: 'test-bridge',
  title: 'A footbridge for a flood-prone town',
  type: 'technical',
  description: 'Design a footbridge that survives yearly floods.',
  problem: 'The river floods every spring. Design a footbridge that stays usable and safe.',
  subProblems: [
    {
      id: 'foundations',
      title: 'Foundations',
      description: 'Piers and anchoring that survive scour and debris.',
      keywords: ['pier', 'scour', 'anchor', 'pile', 'bedrock', 'debris'],
    },
    {
      id: 'deck',
      title: 'Deck',
      description: 'A deck that can be raised or shed water.',
      keywords: ['deck', 'hinge', 'raise', 'drainage', 'grating', 'lift'],
    },
    {
      id: 'monitoring',
      title: 'Monitoring',
      description: 'Know when to close the bridge.',
      keywords: ['sensor', 'gauge', 'alert', 'closure', 'threshold', 'inspection'],
    },
  ],
  successCriteria: { description: 'All three sub-problems have a concrete proposal.' },
});

function profile(id: string, name: string, domain: string, traits: string[]): CharacterProfile {
  return CharacterProfileSchema.parse({
    id,
    name,
    archetype: 'tester',
    description: `${name}, a test character.`,
    personality: {
      bigFive: {
        openness: 0.6,
        conscientiousness: 0.6,
        extraversion: 0.5,
        agreeableness: 0.5,
        neuroticism: 0.4,
      },
      traits,
      values: ['honesty', 'craft'],
    },
    expertise: { domain, subdomains: [domain] },
    communication: { style: 'plain' },
    goals: ['survive', 'solve the problem'],
    backstory: `${name} was made for tests.`,
  });
}

export const testProfiles: CharacterProfile[] = [
  profile('ana', 'Ana', 'civil engineering', ['careful', 'precise']),
  profile('bo', 'Bo', 'hydrology', ['bold', 'impatient']),
  profile('cy', 'Cy', 'sensors', ['curious', 'playful']),
  profile('di', 'Di', 'project management', ['pragmatic', 'blunt']),
];

/** A resolved game spec over the test scenario; override any field. */
export function testSpec(overrides: Partial<GameSpec> = {}): GameSpec {
  return {
    scenario: testScenario,
    seats: testProfiles.map((p, i) => ({
      playerId: `P${i + 1}`,
      seat: i + 1,
      profile: p,
      model: 'sim',
    })),
    seed: 7,
    maxTurns: 30,
    mode: 'competitive',
    policy: 'round-robin',
    rules: DEFAULT_RULES,
    officials: { judge: ['sim'], narrator: 'sim', summariser: 'sim', bidder: null },
    budgets: { game: {}, seat: {} },
    context: DEFAULT_CONTEXT,
    ...overrides,
  };
}

/** Envelope a list of new events as a log starting at seq 0 with a fixed clock. */
export function buildLog(
  gameId: string,
  events: NewEvent[],
  start = Date.UTC(2026, 0, 1),
): GameEvent[] {
  return events.map((e, seq) => envelopeEvent(gameId, seq, start + seq, e));
}

/**
 * An event as every run of one game with one seed records it (`sim` or a cassette): without the
 * fields read from the wall clock — the envelope's `ts` and `model_call.payload.latencyMs` — and
 * with the game's id (chosen at random by `arena play` and the runner) replaced by `<game>`
 * wherever it appears (event ids, causation ids, references to events).
 */
export function reproducibleEvent(event: GameEvent): unknown {
  const payload =
    event.type === 'model_call' ? { ...event.payload, latencyMs: 0 } : (event.payload as unknown);
  const reproducible = { ...event, ts: '', payload };
  return JSON.parse(JSON.stringify(reproducible).replaceAll(event.gameId, '<game>'));
}

/**
 * What keeps `events` from being one whole game's log: a seq out of 0..n-1 (lost or repeated
 * events), an event id used twice, a fold that fails, or a last event other than `game_ended`.
 * Empty for a complete log.
 */
export function completeLogProblems(events: readonly GameEvent[]): string[] {
  const problems: string[] = [];
  const gap = events.findIndex((e, i) => e.seq !== i);
  if (gap >= 0) problems.push(`event ${gap} has seq ${events[gap]?.seq}`);
  const ids = new Set(events.map((e) => e.id));
  if (ids.size !== events.length) problems.push(`${events.length - ids.size} event ids repeat`);
  if (events.at(-1)?.type !== 'game_ended') {
    problems.push(`the last event is ${events.at(-1)?.type ?? 'missing'}, not game_ended`);
  }
  try {
    foldGame(events);
  } catch (error) {
    problems.push(
      `the log does not fold: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return problems;
}

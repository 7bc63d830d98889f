import type { EventType } from '@arena/models';

/** One topic of the catalogue. */
export interface TopicSpec {
  /** Catalogue name; a deployment prefix (`KAFKA_TOPIC_PREFIX`) is put in front on the broker. */
  name: string;
  partitions: number;
  /** How long messages are kept, in ms; null = forever. */
  retentionMs: number | null;
  /** Compacted topics keep the latest message per key. */
  compacted: boolean;
  /** What flows on it. */
  purpose: string;
}

const DAY = 24 * 60 * 60 * 1000;

const spec = (
  name: string,
  partitions: number,
  retentionMs: number | null,
  compacted: boolean,
  purpose: string,
): TopicSpec => ({ name, partitions, retentionMs, compacted, purpose });

/** Every topic Arena uses, by role. Every message is keyed by game id. */
export const TOPIC_CATALOGUE = {
  gameEvents: spec(
    'arena.game-events',
    12,
    null,
    false,
    'Every event of every game, in seq order per game: the replayable log',
  ),
  contributions: spec(
    'arena.contributions',
    12,
    30 * DAY,
    false,
    'Contributions proposed, accepted or rejected by the gate',
  ),
  turns: spec('arena.turns', 12, 30 * DAY, false, 'Turn starts, speaker choices, forfeits, rounds'),
  state: spec('arena.state', 12, null, true, 'Latest state per game (compacted)'),
  agentLifecycle: spec(
    'arena.agent-lifecycle',
    12,
    30 * DAY,
    false,
    'Players eliminated, final words, champion memory',
  ),
  scoring: spec('arena.scoring', 12, 30 * DAY, false, "The judges' scores (hidden from players)"),
  leaderboard: spec('arena.leaderboard', 12, null, true, 'Standings at game end (compacted)'),
  accusations: spec(
    'arena.accusations',
    12,
    30 * DAY,
    false,
    'Accusation claims and evidence checks',
  ),
  verdicts: spec('arena.verdicts', 12, 30 * DAY, false, 'Defences and verdicts'),
  narrator: spec('arena.narrator', 12, 30 * DAY, false, "The narrator's lines"),
  commands: spec(
    'arena.orchestration-commands',
    12,
    7 * DAY,
    false,
    'create, start, stop and resume commands for games; runners share them by partition',
  ),
  errors: spec('arena.errors', 12, 30 * DAY, false, 'Failed model calls and aborted games'),
  debugTrace: spec('arena.debug-trace', 12, 7 * DAY, false, 'Model calls with usage and latency'),
  deadLetters: spec(
    'arena.dead-letters',
    1,
    null,
    false,
    'Messages no consumer could handle, with the error and the original headers',
  ),
} as const satisfies Record<string, TopicSpec>;

export type TopicKey = keyof typeof TOPIC_CATALOGUE;

/** Catalogue name by role; `TOPICS.gameEvents === 'arena.game-events'`. */
export const TOPICS = Object.fromEntries(
  Object.entries(TOPIC_CATALOGUE).map(([key, topic]) => [key, topic.name]),
) as { readonly [K in TopicKey]: (typeof TOPIC_CATALOGUE)[K]['name'] };

/** Every catalogue topic. */
export const CATALOGUE_TOPICS: readonly TopicSpec[] = Object.values(TOPIC_CATALOGUE);

/** The catalogue entry named `name`, if any. */
export function topicSpec(name: string): TopicSpec | undefined {
  return CATALOGUE_TOPICS.find((t) => t.name === name);
}

/**
 * The thematic topics an event is also published to, beside `arena.game-events`. Consumers
 * interested in one aspect (the narrator, verdicts…) read only that topic.
 */
export const EVENT_ROUTES: { readonly [T in EventType]: readonly TopicKey[] } = {
  game_created: ['turns'],
  turn_started: ['turns'],
  speaker_selected: ['turns'],
  contribution_proposed: ['contributions'],
  contribution_rejected: ['contributions'],
  contribution_accepted: ['contributions'],
  turn_forfeited: ['turns'],
  contribution_scored: ['scoring'],
  accusation_filed: ['accusations'],
  evidence_checked: ['accusations'],
  defence_given: ['verdicts'],
  verdict_reached: ['verdicts'],
  player_eliminated: ['agentLifecycle', 'state'],
  final_words: ['agentLifecycle'],
  narrator_line: ['narrator'],
  phase_changed: ['turns', 'state'],
  round_ended: ['turns', 'state'],
  problem_checked: ['scoring'],
  model_call: ['debugTrace'],
  summary_written: ['narrator'],
  call_failed: ['errors'],
  ground_truth: ['scoring'],
  champion_memory_updated: ['agentLifecycle'],
  game_ended: ['state', 'leaderboard'],
};

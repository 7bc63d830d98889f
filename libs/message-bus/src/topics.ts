const TOPIC_CATALOGUE = {
  gameEvents: 'arena.game-events',
  contributions: 'arena.contributions',
  turns: 'arena.turns',
  state: 'arena.state',
  agentLifecycle: 'arena.agent-lifecycle',
  scoring: 'arena.scoring',
  leaderboard: 'arena.leaderboard',
  accusations: 'arena.accusations',
  verdicts: 'arena.verdicts',
  narrator: 'arena.narrator',
  commands: 'arena.orchestration-commands',
  errors: 'arena.errors',
  debugTrace: 'arena.debug-trace',
  deadLetters: 'arena.dead-letters',
} as const;

/**
 * Topic catalogue (name → topic). Every message is keyed by game id, so one game's messages
 * stay in order on any partitioned bus.
 */
export const TOPICS: typeof TOPIC_CATALOGUE & Readonly<Record<string, string>> = TOPIC_CATALOGUE;

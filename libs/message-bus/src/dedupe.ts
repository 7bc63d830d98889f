import { valueKind } from './envelope';
import type { BusMessage } from './message-bus';

export interface DeduplicatorOptions {
  /** Games remembered at once; the least recently seen game is forgotten first. @default 10000 */
  maxGames?: number;
  /**
   * Separate runs of handled seqs kept per game. Handling in order keeps one run; a gap (a
   * message that failed and went to the dead letters) adds one. Beyond this, the oldest gap is
   * treated as handled. @default 64
   */
  maxRunsPerGame?: number;
  /** Command ids remembered; the oldest is forgotten first. @default 10000 */
  maxCommands?: number;
}

/** Remembers what a subscription handled, so a message delivered again is skipped. */
export interface Deduplicator {
  /** True when this event (game id + seq) or command (id) was already handled. */
  isDuplicate(message: BusMessage): boolean;
  /** Record that a handler finished with this message. */
  markHandled(message: BusMessage): void;
}

/**
 * Handled seqs of one game as sorted, disjoint, non-adjacent runs `[from, to]` (flat pairs).
 * In-order handling only ever extends the last run, so the common case is O(1).
 */
type Runs = number[];

function contains(runs: Runs, seq: number): boolean {
  for (let i = runs.length - 2; i >= 0; i -= 2) {
    if (seq > (runs[i + 1] as number)) return false;
    if (seq >= (runs[i] as number)) return true;
  }
  return false;
}

function insert(runs: Runs, seq: number, maxRuns: number): void {
  let i = runs.length - 2;
  while (i >= 0 && (runs[i] as number) > seq) i -= 2;
  // runs[i..i+1] is the last run starting at or before seq (i < 0: none).
  const joinsPrevious = i >= 0 && (runs[i + 1] as number) + 1 >= seq;
  const next = i + 2;
  const joinsNext = next < runs.length && (runs[next] as number) - 1 <= seq;
  if (joinsPrevious && joinsNext) {
    runs.splice(i + 1, 2);
  } else if (joinsPrevious) {
    runs[i + 1] = Math.max(runs[i + 1] as number, seq);
  } else if (joinsNext) {
    runs[next] = seq;
  } else {
    runs.splice(next, 0, seq, seq);
  }
  if (runs.length > maxRuns * 2) runs.splice(1, 2);
}

/**
 * A bounded memory of handled messages: events by game id + seq (per game, runs of handled
 * seqs; the least recently seen games are forgotten first), commands by id (the oldest are
 * forgotten first). A message that was never marked handled — a dead letter — is not a
 * duplicate, so its replay reaches the handler again.
 *
 * @example
 * const seen = createDeduplicator();
 * if (!seen.isDuplicate(msg)) { await handler(msg); seen.markHandled(msg); }
 */
export function createDeduplicator(options: DeduplicatorOptions = {}): Deduplicator {
  const maxGames = options.maxGames ?? 10_000;
  const maxRuns = options.maxRunsPerGame ?? 64;
  const maxCommands = options.maxCommands ?? 10_000;
  const games = new Map<string, Runs>();
  const commands = new Set<string>();
  let lastGame: string | undefined;

  /** The event's game and seq, or null when the value is not an event with a numeric seq. */
  function eventKey(message: BusMessage): { gameId: string; seq: number } | null {
    const value = message.value as { gameId?: unknown; seq?: unknown };
    if (typeof value.gameId !== 'string' || typeof value.seq !== 'number') return null;
    return { gameId: value.gameId, seq: value.seq };
  }

  function runsOf(gameId: string): Runs {
    let runs = games.get(gameId);
    if (runs && gameId !== lastGame) {
      // Re-insert to mark the game most recently seen (Map keeps insertion order).
      games.delete(gameId);
      games.set(gameId, runs);
    } else if (!runs) {
      runs = [];
      games.set(gameId, runs);
      if (games.size > maxGames) games.delete(games.keys().next().value as string);
    }
    lastGame = gameId;
    return runs;
  }

  return {
    isDuplicate(message) {
      if (valueKind(message.value) === 'command') return commands.has(message.value.id);
      const key = eventKey(message);
      if (!key) return false;
      const runs = games.get(key.gameId);
      return runs !== undefined && contains(runs, key.seq);
    },

    markHandled(message) {
      if (valueKind(message.value) === 'command') {
        commands.add(message.value.id);
        if (commands.size > maxCommands) commands.delete(commands.values().next().value as string);
        return;
      }
      const key = eventKey(message);
      if (key) insert(runsOf(key.gameId), key.seq, maxRuns);
    },
  };
}

import { z } from 'zod';
import type { GameEvent } from '@arena/models';
import { gameNotFound, type ArenaServices } from '@arena/orchestration';
import { parseFlags, usageError, validateFlags } from '../args';
import { settingsFrom, withServices } from '../context';
import { createEventPrinter, type EventPrinter } from '../event-printer';
import { EXIT, type Output } from '../output';
import { followRunnerEvents, type RunnerTarget } from '../runner-client';
import { RUNNER_FLAGS, RunnerFlags, runnerTargetOf } from '../runner-flags';

export const WATCH_HELP = `arena watch <game-id> [--runner <url>] [--token <token>] [--json] [--spectator] [--data-dir <dir>]
  Follow a game another process plays (a runner, another arena play) until it ends: its whole
  transcript so far, then each turn as it is stored. With a runner (--runner or
  ARENA_RUNNER_URL) through its event stream (GET /games/:id/events), picked up again after a
  dropped connection without missing or repeating an event; otherwise from the store (Postgres
  with DATABASE_URL, pushed through Redis live state with REDIS_URL, else polled).
  The embedded store (PGlite) is opened by one process at a time: to watch a game a runner plays
  on it, go through the runner.
  A game nobody plays right now (suspended) is waited for until it is resumed.
  --json prints the events as JSON Lines. Exit codes: 0 the game ended, 1 following failed or
  was interrupted (Ctrl-C), 2 bad input or an unknown game.`;

const FLAGS = {
  ...RUNNER_FLAGS,
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  spectator: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const WatchFlags = RunnerFlags.extend({
  'data-dir': z.string().min(1).optional(),
  json: z.boolean().optional(),
  spectator: z.boolean().optional(),
  help: z.boolean().optional(),
});

/** How often the store is read for new events when nothing pushes them. */
const POLL_MS = 500;

/** Ctrl-C as an abort signal for the duration of `fn`. */
async function withInterrupt<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  try {
    return await fn(stop.signal);
  } finally {
    process.off('SIGINT', onSignal);
  }
}

function stoppedWatching(out: Output, gameId: string): number {
  out.error(`Stopped watching game ${gameId}; it goes on where it is played.`);
  return EXIT.failure;
}

/** Print a game's events from the runner's event stream until it ends. */
export async function followGame(
  target: RunnerTarget,
  gameId: string,
  out: Output,
  options: { json: boolean; spectator: boolean },
): Promise<number> {
  const printer = createEventPrinter(out, options);
  const outcome = await withInterrupt((signal) =>
    followRunnerEvents(target, gameId, {
      signal,
      onEvent: (event) => printer.print([event]),
      onReconnect: (attempt, reason) =>
        out.error(
          out.paint(
            'dim',
            `The event stream dropped (${reason}); reconnecting (attempt ${attempt})…`,
          ),
        ),
    }),
  );
  return outcome === 'ended' ? EXIT.ok : stoppedWatching(out, gameId);
}

/**
 * Print a game's stored events, then new ones as they are stored, until `game_ended`: pushed by
 * live state (Redis reaches every process) and read from the store every {@link POLL_MS} in case
 * nothing pushes them. Each event is printed once, in seq order.
 */
export async function watchStore(
  services: Pick<ArenaServices, 'store' | 'live'>,
  gameId: string,
  printer: EventPrinter,
  signal: AbortSignal,
  pollMs = POLL_MS,
): Promise<'ended' | 'stopped'> {
  let lastSeq = -1;
  let ended = false;
  let pending: GameEvent[] = [];
  let wake: () => void = () => undefined;
  const take = (events: readonly GameEvent[]) => {
    for (const event of events) {
      if (event.seq !== lastSeq + 1 || ended) continue;
      printer.print([event]);
      lastSeq = event.seq;
      if (event.type === 'game_ended') ended = true;
    }
  };
  const unsubscribe = await services.live.subscribe(gameId, (events) => {
    pending.push(...events);
    wake();
  });
  try {
    while (!ended && !signal.aborted) {
      const pushed = pending.sort((a, b) => a.seq - b.seq);
      pending = [];
      take(pushed);
      // Pushed events that skip seqs (or none at all): the store has everything committed.
      if (!ended && (pushed.length === 0 || pushed.some((e) => e.seq > lastSeq))) {
        take(await services.store.load(gameId, { fromSeq: lastSeq + 1 }));
      }
      if (ended) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, pollMs);
        function done() {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          wake = () => undefined;
          resolve();
        }
        wake = done;
        signal.addEventListener('abort', done, { once: true });
        if (pending.length > 0) done();
      });
    }
  } finally {
    unsubscribe();
  }
  return ended ? 'ended' : 'stopped';
}

/** `arena watch <game-id>`: follow a game another process plays until it ends. */
export async function watch(
  argv: string[],
  out: Output,
  env: Record<string, string | undefined>,
): Promise<number> {
  const { values, positionals } = parseFlags(argv, FLAGS, true);
  const flags = validateFlags(WatchFlags, values);
  if (flags.help) {
    out.line(WATCH_HELP);
    return EXIT.ok;
  }
  const [gameId, ...extra] = positionals;
  if (!gameId || extra.length > 0) {
    throw usageError(
      'watch takes exactly one argument: the game id (arena list shows the games, arena start prints the id)',
    );
  }
  const settings = settingsFrom(env, { dataDir: flags['data-dir'] });
  const target = runnerTargetOf(flags, settings);
  const options = { json: flags.json ?? false, spectator: flags.spectator ?? false };
  if (target) {
    if (flags['data-dir'])
      throw usageError('--data-dir is not used with a runner (--runner or ARENA_RUNNER_URL)');
    return followGame(target, gameId, out, options);
  }
  return withServices(settings, async (services) => {
    if (!(await services.store.getGame(gameId))) throw gameNotFound(gameId);
    const printer = createEventPrinter(out, options);
    const outcome = await withInterrupt((signal) => watchStore(services, gameId, printer, signal));
    return outcome === 'ended' ? EXIT.ok : stoppedWatching(out, gameId);
  });
}

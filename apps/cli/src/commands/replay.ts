import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { GameEvent } from '@arena/models';
import { gameNotFound } from '@arena/orchestration';
import { intFlag, parseFlags, usageError, validateFlags } from '../args';
import { settingsFrom, withServices } from '../context';
import { createEventPrinter } from '../event-printer';
import { EXIT, type Output } from '../output';
import { fetchRunnerLog } from '../runner-client';
import { RUNNER_FLAGS, RunnerFlags, runnerTargetOf } from '../runner-flags';
import { gameIdArgument } from './stop';

export const REPLAY_HELP = `arena replay <game-id> [--step] [--speed <x> | --delay-ms <n>] [--from-turn <n>] [--json] [--spectator] [--data-dir <dir>] [--local]
arena replay <game-id> --runner <url> [--token <token>] [--step] [--speed <x> | --delay-ms <n>] [--from-turn <n>] [--json] [--spectator]
  Replay a stored game's transcript from its event log, as it was played.
  With a runner (--runner or ARENA_RUNNER_URL) the log comes from the runner
  (GET /games/:id/export?format=jsonl, with the token of --token or ARENA_API_TOKEN), every line
  checked against the event schema; the embedded store (PGlite) is opened by one process at a
  time, so a game of a runner on it is replayed through the runner. --local reads the store
  here even when ARENA_RUNNER_URL is set.
  timed (default)  events follow each other with the gaps recorded between them, divided by
                   --speed (default 1; each gap at most 3 s), or with a fixed --delay-ms
  --step           one turn at a time: Enter shows the next turn, q and Enter stops. When stdin
                   is not a terminal, every turn is printed without waiting (and it says so).
  --from-turn <n>  start at turn n (the game's opening is still shown; --json starts there)
  --json           print the events as JSON Lines (in the stored order)
  --spectator      also show hidden information (scores, the turn policy's reasoning)
  Exit codes: 0 replayed, 1 the runner could not be reached or sent a malformed log,
  2 bad input, an unknown game or a token the runner refused.`;

/** The longest pause between two events in timed mode, before `--speed`. */
const MAX_GAP_MS = 3000;

const FLAGS = {
  ...RUNNER_FLAGS,
  local: { type: 'boolean' },
  step: { type: 'boolean' },
  speed: { type: 'string' },
  'delay-ms': { type: 'string' },
  'from-turn': { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  spectator: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const ReplayFlags = RunnerFlags.extend({
  local: z.boolean().optional(),
  step: z.boolean().optional(),
  speed: z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'must be a positive number such as 2 or 0.5')
    .transform(Number)
    .pipe(z.number().min(0.01, 'must be at least 0.01').max(1000, 'must be at most 1000'))
    .optional(),
  'delay-ms': intFlag(0, 60_000).optional(),
  'from-turn': intFlag(1, 10_000).optional(),
  'data-dir': z.string().min(1).optional(),
  json: z.boolean().optional(),
  spectator: z.boolean().optional(),
  help: z.boolean().optional(),
})
  .refine((f) => f.speed === undefined || f['delay-ms'] === undefined, {
    path: ['delay-ms'],
    message: 'give either --speed or --delay-ms, not both',
  })
  .refine((f) => !f.step || (f.speed === undefined && f['delay-ms'] === undefined), {
    path: ['step'],
    message: 'waits for Enter between turns: it does not go with --speed or --delay-ms',
  });

/** How the replay waits: between events (timed), or for the reader between turns (step). */
export interface ReplayPacing {
  mode: 'timed' | 'step';
  /** Timed: the pause before `event`, which follows `previous`. */
  delayMs(previous: GameEvent, event: GameEvent): number;
}

/** Timed pacing: the recorded gap divided by `speed` (capped), or a fixed delay. */
export function timedPacing(options: { speed?: number; delayMs?: number }): ReplayPacing {
  return {
    mode: 'timed',
    delayMs: (previous, event) => {
      if (options.delayMs !== undefined) return options.delayMs;
      const gap = Date.parse(event.ts) - Date.parse(previous.ts);
      if (!Number.isFinite(gap) || gap <= 0) return 0;
      return Math.min(gap, MAX_GAP_MS) / (options.speed ?? 1);
    },
  };
}

/** What a replay needs from its surroundings. */
export interface ReplayIo {
  sleep(ms: number): Promise<void>;
  /** Step mode on a terminal: resolves false when the reader wants to stop. */
  nextTurn(prompt: string): Promise<boolean>;
  /** True when `nextTurn` can wait for a reader (stdin is a terminal). */
  interactive: boolean;
  signal?: AbortSignal;
}

/** Index of the first event of turn `turn` (its `turn_started`), or the log's length. */
function turnStart(events: readonly GameEvent[], turn: number): number {
  const index = events.findIndex((e) => e.type === 'turn_started' && e.payload.turn >= turn);
  return index < 0 ? events.length : index;
}

/**
 * Print a stored log as a replay. Every event is folded; the ones before `fromTurn` (but the
 * opening, in text mode) are not printed. Returns how many events were printed.
 */
export async function replayEvents(
  events: readonly GameEvent[],
  out: Output,
  options: { json: boolean; spectator: boolean; fromTurn?: number; pacing: ReplayPacing },
  io: ReplayIo,
): Promise<number> {
  const printer = createEventPrinter(out, options);
  const first = options.fromTurn ? turnStart(events, options.fromTurn) : 0;
  let printed = 0;
  let previous: GameEvent | undefined;
  for (const [index, event] of events.entries()) {
    if (io.signal?.aborted) break;
    if (index < first) {
      // Before the starting turn: folded, not printed; the opening is shown in text mode.
      if (!options.json && event.type === 'game_created') {
        printer.print([event]);
        out.line(out.paint('dim', `… replaying from turn ${options.fromTurn}`));
      } else printer.fold(event);
      continue;
    }
    if (event.type === 'turn_started' && previous && options.pacing.mode === 'step') {
      if (io.interactive) {
        const go = await io.nextTurn(`— Enter for turn ${event.payload.turn}, q to stop —`);
        if (!go) break;
      }
    } else if (previous && options.pacing.mode === 'timed') {
      const ms = options.pacing.delayMs(previous, event);
      if (ms > 0) await io.sleep(ms);
    }
    printer.print([event]);
    printed += 1;
    previous = event;
  }
  return printed;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** The whole log of a game: from the runner when one is named (and not `--local`), else the store. */
async function loadLog(
  gameId: string,
  flags: z.output<typeof ReplayFlags>,
  env: Record<string, string | undefined>,
): Promise<GameEvent[]> {
  if (flags.local && (flags.runner || flags.token)) {
    throw usageError('--local reads the store here: it does not go with --runner or --token');
  }
  const settings = settingsFrom(env, { dataDir: flags['data-dir'] });
  const target = flags.local ? null : runnerTargetOf(flags, settings);
  if (target) {
    if (flags['data-dir']) {
      throw usageError('--data-dir is not used with a runner (--runner or ARENA_RUNNER_URL)');
    }
    return fetchRunnerLog(target, gameId);
  }
  const events = await withServices(settings, (services) => services.store.load(gameId));
  if (events.length === 0) throw gameNotFound(gameId);
  return events;
}

/** `arena replay <game-id>`: a stored game's transcript, timed or turn by turn. */
export async function replay(
  argv: string[],
  out: Output,
  env: Record<string, string | undefined>,
): Promise<number> {
  const { values, positionals } = parseFlags(argv, FLAGS, true);
  const flags = validateFlags(ReplayFlags, values);
  if (flags.help) {
    out.line(REPLAY_HELP);
    return EXIT.ok;
  }
  const gameId = gameIdArgument('replay', positionals);
  const events = await loadLog(gameId, flags, env);
  const interactive = Boolean(process.stdin.isTTY);
  if (flags.step && !interactive) {
    out.error('stdin is not a terminal: step mode prints every turn without waiting.');
  }
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  const reader = flags.step && interactive ? createInterface({ input: process.stdin }) : null;
  try {
    await replayEvents(
      events,
      out,
      {
        json: flags.json ?? false,
        spectator: flags.spectator ?? false,
        fromTurn: flags['from-turn'],
        pacing: flags.step
          ? { mode: 'step', delayMs: () => 0 }
          : timedPacing({ speed: flags.speed, delayMs: flags['delay-ms'] }),
      },
      {
        interactive,
        signal: stop.signal,
        sleep: (ms) => sleep(ms, stop.signal),
        nextTurn: (prompt) =>
          new Promise((resolve) => {
            if (!reader) return resolve(true);
            process.stderr.write(`${prompt} `);
            reader.once('line', (answer) => resolve(answer.trim().toLowerCase() !== 'q'));
            reader.once('close', () => resolve(false));
          }),
      },
    );
    return EXIT.ok;
  } finally {
    reader?.close();
    process.off('SIGINT', onSignal);
  }
}

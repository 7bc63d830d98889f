import type { GameState } from '@arena/models';
import { driveGame, gameLeased, type ArenaServices } from '@arena/orchestration';
import { createEventPrinter } from './event-printer';
import { EXIT, type Output } from './output';

export interface LiveOptions {
  json?: boolean;
  spectator?: boolean;
  /** Print the events already stored before the game continues. @default true */
  replayStored?: boolean;
}

/**
 * Play a stored game to its end in this process, printing its transcript (or JSON Lines) as
 * events are stored. Ctrl-C stops the game cleanly (`aborted`, operator stop). The game is
 * driven under its lease: a game another process (a runner) is playing is refused, naming it.
 */
export async function playLive(
  services: ArenaServices,
  gameId: string,
  out: Output,
  options: LiveOptions,
): Promise<number> {
  const printer = createEventPrinter(out, options);
  const show = printer.print;
  // A resumed game's log is loaded and folded once, by driveGame (a long game's log is large).
  if (options.replayStored ?? true) show(await services.store.load(gameId));
  let leased: GameState | undefined;
  const onLease = (_lease: unknown, state: GameState) => {
    leased = state;
    printer.continueFrom(state);
    if (!options.json && options.replayStored === false && state.status !== 'ended') {
      out.line(out.paint('dim', `Resuming game ${gameId} after turn ${state.turn}.`));
    }
  };
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  try {
    const result = await driveGame(services, gameId, {
      ...services.leaseOptions,
      signal: stop.signal,
      onEvents: show,
      onLease,
      onLiveError: (error) =>
        out.error(`warning: ${error instanceof Error ? error.message : String(error)}`),
    });
    if (result.outcome === 'busy') throw gameLeased(gameId, result.holder);
    if (leased?.status === 'ended') {
      if (!options.json) out.line(`Game ${gameId} has already ended (${leased.ended?.reason}).`);
      return EXIT.ok;
    }
    if (result.outcome === 'lost') {
      out.error(
        `Game ${gameId} was taken over by another process after this one lost its lease; it goes on there.`,
      );
      return EXIT.failure;
    }
    const final = result.state;
    if (!options.json) {
      out.line(out.paint('dim', `\nStored as ${gameId}; show it again with: arena show ${gameId}`));
    }
    return final.ended?.abortCause === 'error' ? EXIT.failure : EXIT.ok;
  } finally {
    process.off('SIGINT', onSignal);
  }
}

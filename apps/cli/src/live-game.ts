import { applyEvent, type GameEvent, type GameState } from '@arena/models';
import { runGame, type ArenaServices } from '@arena/orchestration';
import { EXIT, type Output } from './output';
import { renderEvent } from './transcript';

export interface LiveOptions {
  json?: boolean;
  spectator?: boolean;
  /** Print the events already stored before the game continues. @default true */
  replayStored?: boolean;
}

/**
 * Play a stored game to its end in this process, printing its transcript (or JSON Lines) as
 * events are stored. Ctrl-C stops the game cleanly (`aborted`, operator stop).
 */
export async function playLive(
  services: ArenaServices,
  gameId: string,
  out: Output,
  options: LiveOptions,
): Promise<number> {
  let view: GameState | undefined;
  const show = (events: readonly GameEvent[], print = true) => {
    for (const e of events) {
      view = applyEvent(view, e);
      if (!print) continue;
      if (options.json) out.json(e);
      else for (const line of renderEvent(e, view, out, options)) out.line(line);
    }
  };
  show(await services.store.load(gameId), options.replayStored ?? true);
  if (view?.status === 'ended') {
    if (!options.json) out.line(`Game ${gameId} has already ended (${view.ended?.reason}).`);
    return EXIT.ok;
  }
  if (!options.json && options.replayStored === false && view) {
    out.line(out.paint('dim', `Resuming game ${gameId} after turn ${view.turn}.`));
  }
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  try {
    const final = await runGame(services, gameId, { signal: stop.signal, onEvents: show });
    if (!options.json) {
      out.line(out.paint('dim', `\nStored as ${gameId}; show it again with: arena show ${gameId}`));
    }
    return final.ended?.abortCause === 'error' ? EXIT.failure : EXIT.ok;
  } finally {
    process.off('SIGINT', onSignal);
  }
}

import { applyEvent, type GameEvent, type GameState } from '@arena/models';
import type { Output } from './output';
import { renderEvent } from './transcript';

/** Prints a game's events as they come: the live transcript, or JSON Lines with `json`. */
export interface EventPrinter {
  /** Print events (in seq order, continuing the ones printed before). */
  print(events: readonly GameEvent[]): void;
  /** Fold an event into the state without printing it. */
  fold(event: GameEvent): void;
  /**
   * Continue from a game state folded elsewhere (a resumed game whose earlier events are not
   * printed); ignored once events were printed.
   */
  continueFrom(state: GameState): void;
  /** The game as of the last event printed, or undefined before the first. */
  readonly state: GameState | undefined;
}

/**
 * The printer `play`, `watch`, `start --follow` and `replay` share: each event is folded into
 * the game's state and rendered with {@link renderEvent} (or printed as one JSON line).
 *
 * @example
 * const printer = createEventPrinter(out, { spectator: false });
 * printer.print(await store.load(gameId));
 */
export function createEventPrinter(
  out: Output,
  options: { json?: boolean; spectator?: boolean } = {},
): EventPrinter {
  let state: GameState | undefined;
  return {
    print(events) {
      for (const event of events) {
        state = applyEvent(state, event);
        if (options.json) out.json(event);
        else for (const line of renderEvent(event, state, out, options)) out.line(line);
      }
    },
    fold(event) {
      state = applyEvent(state, event);
    },
    continueFrom(from) {
      state ??= from;
    },
    get state() {
      return state;
    },
  };
}

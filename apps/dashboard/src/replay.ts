/** State of the replay scrubber: how many of the game's events are shown. */
export interface ReplayState {
  /** Events in the log. */
  length: number;
  /** Events applied: the view shows the fold of `events[0 .. position)`; 1..length once loaded. */
  position: number;
  playing: boolean;
}

export type ReplayAction =
  | { type: 'load'; length: number }
  | { type: 'seek'; position: number }
  | { type: 'step'; by: number }
  | { type: 'play' }
  | { type: 'pause' }
  /** One tick of the play timer: advance one event, stop at the end. */
  | { type: 'tick' };

export const EMPTY_REPLAY: ReplayState = { length: 0, position: 0, playing: false };

const clamp = (state: ReplayState, position: number): number =>
  state.length === 0 ? 0 : Math.min(state.length, Math.max(1, Math.round(position)));

/**
 * The scrubber's reducer (pure). Positions are clamped to 1..length (the first event,
 * `game_created`, is always applied); playing from the end starts over; reaching the end pauses.
 */
export function replayReducer(state: ReplayState, action: ReplayAction): ReplayState {
  switch (action.type) {
    case 'load': {
      const length = Math.max(0, Math.floor(action.length));
      return { length, position: length === 0 ? 0 : 1, playing: false };
    }
    case 'seek':
      return Number.isFinite(action.position)
        ? { ...state, position: clamp(state, action.position) }
        : state;
    case 'step':
      return { ...state, playing: false, position: clamp(state, state.position + action.by) };
    case 'play':
      if (state.length === 0) return state;
      return {
        ...state,
        playing: true,
        position: state.position >= state.length ? 1 : state.position,
      };
    case 'pause':
      return { ...state, playing: false };
    case 'tick': {
      if (!state.playing) return state;
      const position = clamp(state, state.position + 1);
      return { ...state, position, playing: position < state.length };
    }
  }
}

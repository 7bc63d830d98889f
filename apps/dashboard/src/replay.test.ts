import { describe, expect, it } from 'vitest';
import { EMPTY_REPLAY, replayReducer, type ReplayAction, type ReplayState } from './replay';

const run = (actions: ReplayAction[], from: ReplayState = EMPTY_REPLAY) =>
  actions.reduce(replayReducer, from);

describe('replayReducer', () => {
  it('starts at the first event once loaded', () => {
    expect(run([{ type: 'load', length: 10 }])).toEqual({
      length: 10,
      position: 1,
      playing: false,
    });
    expect(run([{ type: 'load', length: 0 }])).toEqual({ length: 0, position: 0, playing: false });
  });

  it('clamps seeks and steps to 1..length and ignores non-numbers', () => {
    const loaded = run([{ type: 'load', length: 10 }]);
    expect(run([{ type: 'seek', position: 99 }], loaded).position).toBe(10);
    expect(run([{ type: 'seek', position: -3 }], loaded).position).toBe(1);
    expect(run([{ type: 'seek', position: 4.6 }], loaded).position).toBe(5);
    expect(run([{ type: 'seek', position: Number.NaN }], loaded)).toBe(loaded);
    expect(
      run(
        [
          { type: 'step', by: 1 },
          { type: 'step', by: 1 },
        ],
        loaded,
      ).position,
    ).toBe(3);
    expect(run([{ type: 'step', by: -1 }], loaded).position).toBe(1);
  });

  it('plays one event per tick and pauses at the end', () => {
    let state = run([{ type: 'load', length: 3 }, { type: 'play' }]);
    expect(state.playing).toBe(true);
    state = run([{ type: 'tick' }], state);
    expect(state).toEqual({ length: 3, position: 2, playing: true });
    state = run([{ type: 'tick' }], state);
    expect(state).toEqual({ length: 3, position: 3, playing: false });
    expect(run([{ type: 'tick' }], state)).toBe(state);
  });

  it('starts over when played from the end; a step or pause stops playing', () => {
    const atEnd = run([
      { type: 'load', length: 5 },
      { type: 'seek', position: 5 },
    ]);
    expect(run([{ type: 'play' }], atEnd)).toEqual({ length: 5, position: 1, playing: true });
    const playing = run([{ type: 'play' }], run([{ type: 'load', length: 5 }]));
    expect(run([{ type: 'step', by: 1 }], playing).playing).toBe(false);
    expect(run([{ type: 'pause' }], playing).playing).toBe(false);
    expect(run([{ type: 'play' }])).toBe(EMPTY_REPLAY);
  });
});

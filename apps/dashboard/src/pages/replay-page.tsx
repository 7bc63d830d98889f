import { useEffect, useMemo, useReducer, useState } from 'react';
import type { GameEvent } from '@arena/models';
import { ApiError, describeError } from '../api';
import { GameBoard } from '../components/game-board';
import { GameSummary } from '../components/game-summary';
import { useArena } from '../context';
import { openEventStream } from '../event-stream';
import { foldGameEvents } from '../game-model';
import { EMPTY_REPLAY, replayReducer } from '../replay';
import { href } from '../route';

/** Speed of play, in events per second. */
const SPEEDS = [2, 5, 10, 25, 50] as const;

/**
 * The whole log of a game: the export (JSON Lines), or, where the runner has no export, the
 * event stream read from the start until the game ended.
 */
async function loadLog(
  gameId: string,
  exportEvents: (id: string) => Promise<GameEvent[]>,
  token: () => string | null,
): Promise<GameEvent[]> {
  try {
    return await exportEvents(gameId);
  } catch (error) {
    if (
      !(error instanceof ApiError) ||
      error.status !== 404 ||
      error.code !== 'RUNNER_ROUTE_NOT_FOUND'
    ) {
      throw error;
    }
  }
  const events: GameEvent[] = [];
  await new Promise<void>((resolve, reject) => {
    const stream = openEventStream({
      url: `/games/${encodeURIComponent(gameId)}/events`,
      token,
      after: -1,
      onEvents: (batch) => events.push(...batch),
      onStatus: (status) => {
        if (status === 'ended') resolve();
        else if (status === 'unauthorized')
          reject(new ApiError(401, 'UNAUTHORIZED', 'unauthorized'));
        else if (status === 'not_found')
          reject(new ApiError(404, 'NOT_FOUND', `no game ${gameId}`));
      },
    });
    void stream.done.then(() => resolve());
  });
  return events;
}

/** Replay a game: the view is recomputed from its first k events as the scrubber moves. */
export function ReplayPage({ gameId }: { gameId: string }) {
  const { api, token } = useArena();
  const [events, setEvents] = useState<GameEvent[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [replay, dispatch] = useReducer(replayReducer, EMPTY_REPLAY);
  const [speed, setSpeed] = useState<number>(10);

  useEffect(() => {
    let current = true;
    setError(null);
    loadLog(
      gameId,
      (id) => api.exportEvents(id),
      () => token,
    ).then(
      (log) => {
        if (!current) return;
        setEvents(log);
        dispatch({ type: 'load', length: log.length });
      },
      (e: unknown) => current && setError(describeError(e)),
    );
    return () => {
      current = false;
    };
  }, [api, gameId, token]);

  useEffect(() => {
    if (!replay.playing) return;
    const timer = setInterval(() => dispatch({ type: 'tick' }), 1000 / speed);
    return () => clearInterval(timer);
  }, [replay.playing, speed]);

  const model = useMemo(
    () => (events ? foldGameEvents(events.slice(0, replay.position)) : null),
    [events, replay.position],
  );
  const current = events?.[replay.position - 1];

  return (
    <section className="replay" data-testid="replay-page" data-game-id={gameId}>
      <div className="page-head">
        <h1>
          Replay: {model?.scenario.title ?? gameId} <span className="muted">{gameId}</span>
        </h1>
        <a href={href({ page: 'game', id: gameId })}>Live view</a>
      </div>
      {error && (
        <p className="error" role="alert" data-testid="replay-error">
          {error}
        </p>
      )}
      {!events && !error && <p className="muted">Loading the game's log…</p>}
      {events && events.length === 0 && <p className="empty">This game has no events.</p>}
      {events && events.length > 0 && (
        <div className="scrubber" role="group" aria-label="Replay controls">
          <button
            type="button"
            onClick={() => dispatch({ type: 'step', by: -1 })}
            disabled={replay.position <= 1}
            data-testid="replay-step-back"
            aria-label="Step back one event"
          >
            ◀
          </button>
          <button
            type="button"
            onClick={() => dispatch({ type: replay.playing ? 'pause' : 'play' })}
            data-testid="replay-play"
            aria-pressed={replay.playing}
          >
            {replay.playing ? 'Pause' : 'Play'}
          </button>
          <button
            type="button"
            onClick={() => dispatch({ type: 'step', by: 1 })}
            disabled={replay.position >= replay.length}
            data-testid="replay-step-forward"
            aria-label="Step forward one event"
          >
            ▶
          </button>
          <label className="scrub">
            <span className="visually-hidden">Position in the game</span>
            <input
              type="range"
              min={1}
              max={replay.length}
              step={1}
              value={replay.position}
              onChange={(e) => dispatch({ type: 'seek', position: Number(e.target.value) })}
              data-testid="replay-scrubber"
              aria-valuetext={`event ${replay.position} of ${replay.length}, turn ${model?.turn ?? 0}`}
            />
          </label>
          <span className="muted" data-testid="replay-position" data-position={replay.position}>
            {replay.position} / {replay.length} · turn {model?.turn ?? 0}
            {current ? ` · ${current.type}` : ''}
          </span>
          <label>
            Speed{' '}
            <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
              {SPEEDS.map((s) => (
                <option key={s} value={s}>
                  {s} events/s
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {model && (
        <>
          <GameSummary model={model} />
          <GameBoard model={model} />
        </>
      )}
    </section>
  );
}

import { useEffect, useReducer, useRef, useState } from 'react';
import type { GameEvent } from '@arena/models';
import {
  openEventStream,
  type EventStreamHandle,
  type StreamStatus,
  type StreamStatusDetail,
} from './event-stream';
import { applyGameEvent, type GameModel } from './game-model';

function reduce(model: GameModel | null, events: GameEvent[]): GameModel | null {
  let next = model;
  for (const event of events) next = applyGameEvent(next, event);
  return next;
}

/** A game followed live: its model, folded from the event stream, and the stream's state. */
export interface GameStream {
  model: GameModel | null;
  status: StreamStatus;
  detail: StreamStatusDetail | null;
  /** Reconnect at once (after a token was entered, say). */
  reconnect: () => void;
}

/**
 * Follow a game's events from the start and fold them into its model; reconnects (resuming
 * after the last event held) when the token changes or the connection drops.
 */
export function useGameStream(gameId: string, token: string | null): GameStream {
  const [model, dispatch] = useReducer(reduce, null);
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const [detail, setDetail] = useState<StreamStatusDetail | null>(null);
  const lastSeq = useRef(-1);
  const ended = useRef(false);
  const handle = useRef<EventStreamHandle | null>(null);
  const tokenRef = useRef(token);
  tokenRef.current = token;

  useEffect(() => {
    if (ended.current) return;
    const stream = openEventStream({
      url: `/games/${encodeURIComponent(gameId)}/events`,
      token: () => tokenRef.current,
      after: lastSeq.current,
      onEvents: (events) => {
        const last = events[events.length - 1];
        if (last) lastSeq.current = last.seq;
        if (events.some((e) => e.type === 'game_ended')) ended.current = true;
        dispatch(events);
      },
      onStatus: (s, d) => {
        if (s === 'closed') return;
        setStatus(s);
        setDetail(d);
      },
    });
    handle.current = stream;
    return () => {
      stream.close();
      handle.current = null;
    };
  }, [gameId, token]);

  return { model, status, detail, reconnect: () => handle.current?.reconnectNow() };
}

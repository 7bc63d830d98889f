import { useId } from 'react';
import { describeError } from '../api';
import { useArena } from '../context';
import { href } from '../route';
import { useAsync } from '../use-async';

const PAGE = 20;

/** The games list: status filter, paging, links to each game and its replay. */
export function GamesPage({
  status,
  offset,
}: {
  status: 'running' | 'ended' | null;
  offset: number;
}) {
  const { api, token } = useArena();
  const filterId = useId();
  const list = useAsync(
    () => api.listGames({ status, limit: PAGE, offset }),
    [api, token, status, offset],
  );
  const go = (next: { status?: 'running' | 'ended' | null; offset?: number }) => {
    window.location.hash = href({
      page: 'games',
      status: next.status === undefined ? status : next.status,
      offset: next.offset ?? 0,
    });
  };
  const games = list.state === 'ok' ? list.value.games : [];
  const total = list.state === 'ok' ? list.value.total : undefined;
  const hasNext = total !== undefined ? offset + PAGE < total : games.length === PAGE;

  return (
    <section data-testid="games-page">
      <div className="page-head">
        <h1>Games</h1>
        <label htmlFor={filterId}>Status</label>
        <select
          id={filterId}
          value={status ?? ''}
          onChange={(e) =>
            go({ status: e.target.value === '' ? null : (e.target.value as 'running' | 'ended') })
          }
          data-testid="games-filter"
        >
          <option value="">all</option>
          <option value="running">running</option>
          <option value="ended">ended</option>
        </select>
        <a className="button" href={href({ page: 'new' })} data-testid="games-new">
          New game
        </a>
      </div>
      {list.state === 'loading' && <p className="muted">Loading…</p>}
      {list.state === 'error' && (
        <p className="error" role="alert" data-testid="games-error">
          {describeError(list.error)}
        </p>
      )}
      {list.state === 'ok' && games.length === 0 && (
        <p className="empty" data-testid="games-empty">
          No games{status ? ` ${status}` : ''} yet. <a href={href({ page: 'new' })}>Start one</a>.
        </p>
      )}
      {games.length > 0 && (
        <table className="games" data-testid="games-list">
          <thead>
            <tr>
              <th scope="col">Game</th>
              <th scope="col">Scenario</th>
              <th scope="col">Status</th>
              <th scope="col">Players</th>
              <th scope="col">Turns</th>
              <th scope="col">Started</th>
              <th scope="col">
                <span className="visually-hidden">Replay</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {games.map((g) => (
              <tr key={g.gameId} data-testid="games-row" data-game-id={g.gameId}>
                <td>
                  <a href={href({ page: 'game', id: g.gameId })}>{g.gameId}</a>
                </td>
                <td>{g.title}</td>
                <td>
                  <span className={`status status-${g.status}`}>{g.status}</span>
                  {g.endReason ? (
                    <span className="muted small"> {g.endReason.replace(/_/g, ' ')}</span>
                  ) : null}
                </td>
                <td>{g.players}</td>
                <td>{g.turns}</td>
                <td className="small">{new Date(g.createdAt).toLocaleString()}</td>
                <td>
                  <a href={href({ page: 'replay', id: g.gameId })}>replay</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="pager" aria-label="Pages">
        <button
          type="button"
          disabled={offset === 0}
          onClick={() => go({ offset: Math.max(0, offset - PAGE) })}
          data-testid="games-prev"
        >
          Previous
        </button>
        <span className="muted">
          {games.length > 0
            ? `${offset + 1}–${offset + games.length}${total !== undefined ? ` of ${total}` : ''}`
            : ''}
        </span>
        <button
          type="button"
          disabled={!hasNext}
          onClick={() => go({ offset: offset + PAGE })}
          data-testid="games-next"
        >
          Next
        </button>
      </nav>
    </section>
  );
}

import { ApiError, describeError } from '../api';
import { useArena } from '../context';
import { href } from '../route';
import { useAsync } from '../use-async';

/** Ratings across all games, per character or per model, with each rating's interval. */
export function LeaderboardPage({ by }: { by: 'character' | 'model' }) {
  const { api, token } = useArena();
  const board = useAsync(() => api.leaderboard(by), [api, token, by]);
  const entries = board.state === 'ok' ? board.value.entries : [];
  const scale = Math.max(1, ...entries.flatMap((e) => [e.high, e.rating]));
  const floor = Math.min(0, ...entries.flatMap((e) => [e.low, e.rating]));
  const pct = (v: number) => `${(((v - floor) / (scale - floor)) * 100).toFixed(1)}%`;
  return (
    <section data-testid="leaderboard-page">
      <div className="page-head">
        <h1>Leaderboard</h1>
        <nav aria-label="Rate by" className="tabs">
          <a
            href={href({ page: 'leaderboard', by: 'character' })}
            aria-current={by === 'character' ? 'page' : undefined}
          >
            Characters
          </a>
          <a
            href={href({ page: 'leaderboard', by: 'model' })}
            aria-current={by === 'model' ? 'page' : undefined}
          >
            Models
          </a>
        </nav>
      </div>
      {board.state === 'loading' && <p className="muted">Loading…</p>}
      {board.state === 'error' && (
        <p className="error" role="alert" data-testid="leaderboard-error">
          {board.error instanceof ApiError && board.error.status === 404
            ? 'This runner has no leaderboard yet.'
            : describeError(board.error)}
        </p>
      )}
      {board.state === 'ok' && entries.length === 0 && (
        <p className="empty">No rated games yet: ratings appear once games have ended.</p>
      )}
      {entries.length > 0 && (
        <table className="leaderboard" data-testid="leaderboard">
          <thead>
            <tr>
              <th scope="col">Rank</th>
              <th scope="col">{by === 'model' ? 'Model' : 'Character'}</th>
              <th scope="col" title="Conservative rating μ − 3σ">
                Rating
              </th>
              <th scope="col" title="μ ± 2σ; the mark is μ">
                Interval
              </th>
              <th scope="col">Games</th>
              <th scope="col">Wins</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-testid="leaderboard-row">
                <td>{e.rank}</td>
                <td>
                  {e.name ?? e.id}
                  {e.name && <span className="muted small"> {e.id}</span>}
                </td>
                <td>{e.rating.toFixed(2)}</td>
                <td className="interval-cell">
                  <span
                    className="interval"
                    aria-label={`from ${e.low.toFixed(2)} to ${e.high.toFixed(2)}`}
                  >
                    <span
                      className="interval-bar"
                      style={{ left: pct(e.low), width: `calc(${pct(e.high)} - ${pct(e.low)})` }}
                    />
                    <span
                      className="interval-mark"
                      title={`μ ${e.mu.toFixed(2)}, σ ${e.sigma.toFixed(2)}`}
                      style={{ left: pct(e.mu) }}
                    />
                  </span>
                  <span className="small muted">
                    {e.low.toFixed(1)}–{e.high.toFixed(1)}
                  </span>
                </td>
                <td>{e.games}</td>
                <td>{e.wins}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

import { ApiError, describeError, type ChampionRecord } from '../api';
import { Avatar } from '../components/avatar';
import { useArena } from '../context';
import { href } from '../route';
import { useAsync } from '../use-async';

const text = (value: unknown): string | null =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;

/** The id of a champion record: `characterId`, else `id`. */
function championId(record: ChampionRecord): string {
  return text(record['characterId']) ?? text(record['id']) ?? '?';
}

function recordLine(record: ChampionRecord): string {
  const r = record['record'];
  if (r && typeof r === 'object') {
    const { games, wins } = r as { games?: unknown; wins?: unknown };
    if (typeof games === 'number')
      return `${typeof wins === 'number' ? wins : 0} wins in ${games} games`;
  }
  return '';
}

function notYet(error: unknown, what: string): string {
  return error instanceof ApiError && error.status === 404
    ? `This runner has no ${what} yet.`
    : describeError(error);
}

/** Characters carrying a champion's memory, with their record. */
export function ChampionsPage() {
  const { api, token } = useArena();
  const list = useAsync(() => api.champions(), [api, token]);
  return (
    <section data-testid="champions-page">
      <h1>Champions</h1>
      {list.state === 'loading' && <p className="muted">Loading…</p>}
      {list.state === 'error' && (
        <p className="error" role="alert">
          {notYet(list.error, 'champions')}
        </p>
      )}
      {list.state === 'ok' && list.value.length === 0 && (
        <p className="empty">No champions yet: a game's winner becomes one.</p>
      )}
      {list.state === 'ok' && list.value.length > 0 && (
        <ul className="cards" data-testid="champions-list">
          {list.value.map((c) => {
            const id = championId(c);
            const name = text(c['name']) ?? id;
            return (
              <li key={id} className="card">
                <Avatar id={id} name={name} url={text(c['avatar'])} size={40} />
                <div>
                  <a href={href({ page: 'champion', id })}>{name}</a>
                  <p className="muted small">{recordLine(c)}</p>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** One champion: record, current memory and its history. */
export function ChampionPage({ id }: { id: string }) {
  const { api, token } = useArena();
  const champion = useAsync(() => api.champion(id), [api, token, id]);
  if (champion.state === 'loading') return <p className="muted">Loading…</p>;
  if (champion.state === 'error') {
    return (
      <section>
        <h1>Champion {id}</h1>
        <p className="error" role="alert">
          {notYet(champion.error, `champion ${id}`)}
        </p>
      </section>
    );
  }
  const c = champion.value;
  const name = text(c['name']) ?? id;
  const memory =
    text(c['memory']) ?? text((c['current'] as Record<string, unknown> | undefined)?.['memory']);
  const history = Array.isArray(c['history'])
    ? (c['history'] as Array<Record<string, unknown>>)
    : [];
  return (
    <section data-testid="champion-page">
      <div className="page-head">
        <Avatar id={id} name={name} url={text(c['avatar'])} size={48} />
        <h1>{name}</h1>
        <span className="muted">{recordLine(c)}</span>
      </div>
      <h2>Memory</h2>
      {memory ? (
        <pre className="memory">{memory}</pre>
      ) : (
        <p className="empty">No memory recorded.</p>
      )}
      <h2>History</h2>
      {history.length === 0 ? (
        <p className="empty">No changes recorded.</p>
      ) : (
        <ol className="history">
          {history.map((h, i) => {
            const gameId = text(h['gameId']);
            const lessons = Array.isArray(h['lessons'])
              ? (h['lessons'] as unknown[]).map(text).filter(Boolean)
              : [];
            return (
              <li key={i}>
                <p>
                  {text(h['version']) && <>Version {text(h['version'])} · </>}
                  {text(h['outcome']) ?? ''}
                  {gameId && (
                    <>
                      {' '}
                      in <a href={href({ page: 'game', id: gameId })}>{gameId}</a>
                    </>
                  )}
                  {text(h['createdAt']) && (
                    <span className="muted small"> {text(h['createdAt'])}</span>
                  )}
                </p>
                {lessons.length > 0 && (
                  <ul>
                    {lessons.map((l, j) => (
                      <li key={j}>{l}</li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

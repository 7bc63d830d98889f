/** A page of the dashboard, addressed by the URL's hash (`#/games/g-1a2b3c4d`). */
export type Route =
  | { page: 'games'; status: 'running' | 'ended' | null; offset: number }
  | { page: 'game'; id: string }
  | { page: 'replay'; id: string }
  | { page: 'new' }
  | { page: 'leaderboard'; by: 'character' | 'model' }
  | { page: 'champions' }
  | { page: 'champion'; id: string }
  | { page: 'not_found'; path: string };

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * The page a hash names. `#token=…` and an empty hash are the games list; unknown paths are
 * `not_found`; query values that are not allowed fall back to their defaults.
 */
export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  if (raw === '' || raw.startsWith('token=')) return { page: 'games', status: null, offset: 0 };
  const [pathPart = '', queryPart = ''] = raw.split('?', 2);
  const path = pathPart.replace(/\/+$/, '') || '/';
  const query = new URLSearchParams(queryPart);
  const parts = path.split('/').filter(Boolean).map(safeDecode);
  const [first, second, third] = parts;
  if (parts.length === 0 || (first === 'games' && parts.length === 1)) {
    const status = query.get('status');
    const offset = Number(query.get('offset') ?? '0');
    return {
      page: 'games',
      status: status === 'running' || status === 'ended' ? status : null,
      offset: Number.isInteger(offset) && offset >= 0 ? offset : 0,
    };
  }
  if (first === 'games' && second === 'new' && parts.length === 2) return { page: 'new' };
  if (first === 'games' && second && ID.test(second)) {
    if (parts.length === 2) return { page: 'game', id: second };
    if (parts.length === 3 && third === 'replay') return { page: 'replay', id: second };
  }
  if (first === 'leaderboard' && parts.length === 1) {
    return { page: 'leaderboard', by: query.get('by') === 'model' ? 'model' : 'character' };
  }
  if (first === 'champions' && parts.length === 1) return { page: 'champions' };
  if (first === 'champions' && second && parts.length === 2)
    return { page: 'champion', id: second };
  return { page: 'not_found', path };
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** The hash link of a page. */
export function href(route: Route): string {
  switch (route.page) {
    case 'games': {
      const query = new URLSearchParams();
      if (route.status) query.set('status', route.status);
      if (route.offset > 0) query.set('offset', String(route.offset));
      const q = query.toString();
      return `#/games${q ? `?${q}` : ''}`;
    }
    case 'game':
      return `#/games/${encodeURIComponent(route.id)}`;
    case 'replay':
      return `#/games/${encodeURIComponent(route.id)}/replay`;
    case 'new':
      return '#/games/new';
    case 'leaderboard':
      return route.by === 'model' ? '#/leaderboard?by=model' : '#/leaderboard';
    case 'champions':
      return '#/champions';
    case 'champion':
      return `#/champions/${encodeURIComponent(route.id)}`;
    case 'not_found':
      return `#${route.path}`;
  }
}

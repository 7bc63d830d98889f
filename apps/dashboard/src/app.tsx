import { useEffect, useMemo, useState } from 'react';
import { createApi } from './api';
import { ArenaContext } from './context';
import { ChampionPage, ChampionsPage } from './pages/champions-page';
import { GamePage } from './pages/game-page';
import { GamesPage } from './pages/games-page';
import { LeaderboardPage } from './pages/leaderboard-page';
import { NewGamePage } from './pages/new-game-page';
import { ReplayPage } from './pages/replay-page';
import { TokenBar } from './components/token-bar';
import { href, parseRoute, type Route } from './route';
import { loadToken, saveToken, tokenFromHash } from './token';

const storage = (): Storage | undefined => {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
};

/** Take `#token=…` from the address (storing it) and leave the games list in its place. */
function initialToken(): string | null {
  const fromLink = tokenFromHash(window.location.hash);
  if (fromLink) {
    saveToken(storage(), fromLink);
    window.history.replaceState(null, '', `${window.location.pathname}${href(parseRoute(''))}`);
    return fromLink;
  }
  return loadToken(storage());
}

function useHashRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'games':
      return <GamesPage status={route.status} offset={route.offset} />;
    case 'game':
      return <GamePage key={route.id} gameId={route.id} />;
    case 'replay':
      return <ReplayPage key={route.id} gameId={route.id} />;
    case 'new':
      return <NewGamePage />;
    case 'leaderboard':
      return <LeaderboardPage by={route.by} />;
    case 'champions':
      return <ChampionsPage />;
    case 'champion':
      return <ChampionPage key={route.id} id={route.id} />;
    case 'not_found':
      return (
        <section>
          <h1>Page not found</h1>
          <p>
            Nothing lives at <code>{route.path}</code>. <a href="#/games">Back to the games</a>.
          </p>
        </section>
      );
  }
}

const NAV: Array<{ label: string; route: Route; pages: Route['page'][]; id: string }> = [
  {
    label: 'Games',
    route: { page: 'games', status: null, offset: 0 },
    pages: ['games', 'game', 'replay'],
    id: 'games',
  },
  { label: 'New game', route: { page: 'new' }, pages: ['new'], id: 'new' },
  {
    label: 'Leaderboard',
    route: { page: 'leaderboard', by: 'character' },
    pages: ['leaderboard'],
    id: 'leaderboard',
  },
  {
    label: 'Champions',
    route: { page: 'champions' },
    pages: ['champions', 'champion'],
    id: 'champions',
  },
];

/** The dashboard: navigation, the token, and the page the URL's hash names. */
export function App() {
  const [token, setTokenState] = useState<string | null>(initialToken);
  const route = useHashRoute();
  const context = useMemo(() => {
    let current = token;
    const setToken = (next: string | null) => {
      current = next;
      saveToken(storage(), next);
      setTokenState(next);
    };
    return { api: createApi(() => current), token, setToken };
  }, [token]);

  return (
    <ArenaContext.Provider value={context}>
      <header className="topbar">
        <a className="brand" href="#/games">
          Arena
        </a>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.id}>
                <a
                  href={href(item.route)}
                  data-testid={`nav-${item.id}`}
                  aria-current={item.pages.includes(route.page) ? 'page' : undefined}
                >
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <TokenBar />
      </header>
      <main>
        <Page route={route} />
      </main>
    </ArenaContext.Provider>
  );
}

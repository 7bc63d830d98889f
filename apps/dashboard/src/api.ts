import type { GameEvent } from '@arena/models';

/** One issue of a 400 answer: the field path and what is wrong. */
export interface ApiIssue {
  path: string;
  message: string;
}

/** A runner answer that was not 2xx, or a request that never got one (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What the dashboard tells a person about a failed request. */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  switch (error.status) {
    case 0:
      return `The runner cannot be reached: ${error.message}`;
    case 401:
      return 'Unauthorized (401): the runner needs a valid API token for this. Enter the token in the Token field (the runner prints a dashboard link with it when it starts: /#token=…).';
    case 403:
      return 'Forbidden (403): this token may not do that.';
    case 404:
      return `Not found (404): ${error.message}`;
    case 429:
      return `Too many requests (429): ${error.message}`;
    default: {
      const issues = error.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
      return `${error.message}${issues ? ` (${issues})` : ''} [${error.status}]`;
    }
  }
}

/** Games as `GET /games` lists them. */
export interface GameSummary {
  gameId: string;
  scenarioId: string;
  title: string;
  status: 'running' | 'ended';
  endReason: string | null;
  winnerId: string | null;
  players: number;
  turns: number;
  lastSeq: number;
  createdAt: string;
  updatedAt: string;
}

export interface GameList {
  games: GameSummary[];
  /** Games matching the filter; absent from runners that do not count them. */
  total?: number;
  limit?: number;
  offset?: number;
}

export interface CreatedGame {
  id: string;
  seed: number;
  links?: { self: string; events: string };
}

/** A fork as `POST /games/:id/fork` answers it: the new game, started. */
export interface ForkedGame extends CreatedGame {
  forkedFrom: { gameId: string; turn: number };
}

export interface CommandAccepted {
  id: string;
  command: { id: string; type: string };
}

/** A character or scenario as the content endpoints list it (fields beyond `id` may vary). */
export interface ContentItem {
  id: string;
  name?: string;
  title?: string;
  archetype?: string;
  type?: string;
  description?: string;
  avatar?: string;
}

export interface LeaderboardEntry {
  rank: number;
  id: string;
  name?: string;
  /** Conservative rating μ − 3σ (the ranking). */
  rating: number;
  /** Estimated skill, the middle of the interval. */
  mu: number;
  sigma: number;
  /** μ ± 2σ. */
  low: number;
  high: number;
  games: number;
  wins: number;
}

export interface Leaderboard {
  by: 'character' | 'model';
  entries: LeaderboardEntry[];
}

/** A champion as the API describes one; fields beyond `id` may vary. */
export type ChampionRecord = Record<string, unknown> & { id?: string; characterId?: string };

/** The runner's HTTP API, as the dashboard uses it. */
export interface ArenaApi {
  listGames(query: {
    status?: 'running' | 'ended' | null;
    limit: number;
    offset: number;
  }): Promise<GameList>;
  createGame(config: unknown, start: boolean): Promise<CreatedGame>;
  command(gameId: string, verb: 'start' | 'stop' | 'resume'): Promise<CommandAccepted>;
  /** Start a new game from `gameId` as it stood after a turn (body as `POST /games/:id/fork`). */
  fork(gameId: string, body: unknown): Promise<ForkedGame>;
  exportEvents(gameId: string): Promise<GameEvent[]>;
  characters(): Promise<ContentItem[]>;
  scenarios(): Promise<ContentItem[]>;
  leaderboard(by: 'character' | 'model'): Promise<Leaderboard>;
  champions(): Promise<ChampionRecord[]>;
  champion(id: string): Promise<ChampionRecord>;
}

/** How the API reaches the runner (the browser's fetch, or a test's). */
export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** Read the error body of a failed answer: `{ error: { code, message, issues } }`. */
async function failure(response: Response): Promise<ApiError> {
  let code = `HTTP_${response.status}`;
  let message = response.statusText || `HTTP ${response.status}`;
  let issues: ApiIssue[] = [];
  try {
    const body = (await response.json()) as {
      error?: { code?: unknown; message?: unknown; issues?: unknown };
    };
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (typeof body.error?.message === 'string') message = body.error.message;
    if (Array.isArray(body.error?.issues)) {
      issues = body.error.issues.filter(
        (i): i is ApiIssue =>
          typeof (i as ApiIssue).path === 'string' && typeof (i as ApiIssue).message === 'string',
      );
    }
  } catch {
    // Not JSON: keep the status text.
  }
  return new ApiError(response.status, code, message, issues);
}

/** Items of a list answer: an array, or the first array property (`{ characters: [...] }`). */
export function listItems<T>(body: unknown, key: string): T[] {
  if (Array.isArray(body)) return body as T[];
  if (body && typeof body === 'object') {
    const named = (body as Record<string, unknown>)[key];
    if (Array.isArray(named)) return named as T[];
    const first = Object.values(body).find(Array.isArray);
    if (first) return first as T[];
  }
  return [];
}

/** Parse a JSON Lines export into events, skipping blank lines. */
export function parseJsonl(text: string): GameEvent[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line, i) => {
      try {
        return JSON.parse(line) as GameEvent;
      } catch {
        throw new Error(`line ${i + 1} of the export is not JSON`);
      }
    });
}

/**
 * The API client. `token()` is read on every request, so a token typed later is used at once;
 * it is sent as `Authorization: Bearer <token>` when present.
 */
export function createApi(token: () => string | null, base = '', fetchImpl?: Fetch): ArenaApi {
  const doFetch: Fetch = fetchImpl ?? ((input, init) => fetch(input, init));
  const request = async (
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<Response> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    const current = token();
    if (current) headers['authorization'] = `Bearer ${current}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (error) {
      throw new ApiError(0, 'NETWORK', error instanceof Error ? error.message : String(error));
    }
    if (!response.ok) throw await failure(response);
    return response;
  };
  const json = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> =>
    (await (await request(method, path, body)).json()) as T;
  const id = encodeURIComponent;

  return {
    listGames: ({ status, limit, offset }) => {
      const query = new URLSearchParams({ limit: String(limit), offset: String(offset) });
      if (status) query.set('status', status);
      return json('GET', `/games?${query}`);
    },
    createGame: (config, start) => json('POST', `/games${start ? '' : '?start=false'}`, config),
    command: (gameId, verb) => json('POST', `/games/${id(gameId)}/${verb}`),
    fork: (gameId, body) => json('POST', `/games/${id(gameId)}/fork`, body),
    exportEvents: async (gameId) =>
      parseJsonl(await (await request('GET', `/games/${id(gameId)}/export?format=jsonl`)).text()),
    characters: async () => listItems(await json('GET', '/characters'), 'characters'),
    scenarios: async () => listItems(await json('GET', '/scenarios'), 'scenarios'),
    leaderboard: (by) => json('GET', `/leaderboard?by=${by}`),
    champions: async () => listItems(await json('GET', '/champions'), 'champions'),
    champion: (championId) => json('GET', `/champions/${id(championId)}`),
  };
}

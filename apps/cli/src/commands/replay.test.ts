import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GameEvent } from '@arena/models';
import { openPgliteEventStore } from '@arena/persistence';
import { printedEvents, runArena, storeSuspendedGame, tempDir } from '../cli-run.fixture';
import { recordingOutput } from '../testing-output';
import { replayEvents, timedPacing } from './replay';

async function storedEvents(dataDir: string, gameId: string): Promise<GameEvent[]> {
  const store = await openPgliteEventStore({ dataDir: join(dataDir, 'pglite') });
  try {
    return await store.load(gameId);
  } finally {
    await store.close();
  }
}

const noWait = { sleep: async () => undefined, nextTurn: async () => true, interactive: false };

describe('arena replay', () => {
  it('prints the stored events in order (JSON), the transcript (text), and from a turn on', async () => {
    const dataDir = tempDir();
    const gameId = await storeSuspendedGame(dataDir, { batches: 6 });
    const events = await storedEvents(dataDir, gameId);

    const json = await runArena([
      'replay',
      gameId,
      '--json',
      '--delay-ms',
      '0',
      '--data-dir',
      dataDir,
    ]);
    expect(json.code).toBe(0);
    expect(printedEvents(json)).toEqual(events);

    const text = await runArena(['replay', gameId, '--delay-ms', '0', '--data-dir', dataDir]);
    const shown = await runArena(['show', gameId, '--data-dir', dataDir]);
    expect(text.code).toBe(0);
    // The same transcript as show; show adds the "not ended" standings after it.
    expect(shown.out.startsWith(text.out)).toBe(true);

    const step = await runArena(['replay', gameId, '--step', '--data-dir', dataDir]);
    expect(step.code).toBe(0);
    expect(step.err).toContain('step mode prints every turn without waiting');
    expect(step.out).toBe(text.out);

    const from = await runArena([
      'replay',
      gameId,
      '--json',
      '--from-turn',
      '2',
      '--data-dir',
      dataDir,
    ]);
    const first = printedEvents(from)[0];
    expect(first).toMatchObject({ type: 'turn_started', payload: { turn: 2 } });
    expect(printedEvents(from)).toEqual(events.filter((e) => e.seq >= (first?.seq ?? 0)));
  }, 120_000);

  it('waits the recorded gaps divided by the speed (capped), or a fixed delay', () => {
    const at = (ms: number) =>
      ({ ts: new Date(Date.UTC(2026, 0, 1) + ms).toISOString() }) as GameEvent;
    expect(timedPacing({}).delayMs(at(0), at(400))).toBe(400);
    expect(timedPacing({ speed: 4 }).delayMs(at(0), at(400))).toBe(100);
    expect(timedPacing({}).delayMs(at(0), at(60_000))).toBe(3000);
    expect(timedPacing({}).delayMs(at(400), at(0))).toBe(0);
    expect(timedPacing({ delayMs: 25 }).delayMs(at(0), at(60_000))).toBe(25);
  });

  it('in step mode on a terminal asks before each turn and stops on q', async () => {
    const dataDir = tempDir();
    const gameId = await storeSuspendedGame(dataDir, { batches: 6 });
    const events = await storedEvents(dataDir, gameId);
    const prompts: string[] = [];
    const answers = [true, true, false];
    const out = recordingOutput();
    await replayEvents(
      events,
      out,
      { json: true, spectator: false, pacing: { mode: 'step', delayMs: () => 0 } },
      {
        ...noWait,
        interactive: true,
        nextTurn: async (prompt) => {
          prompts.push(prompt);
          return answers.shift() ?? false;
        },
      },
    );
    expect(prompts).toEqual([
      '— Enter for turn 1, q to stop —',
      '— Enter for turn 2, q to stop —',
      '— Enter for turn 3, q to stop —',
    ]);
    const printed = out.stdout.map((l) => JSON.parse(l) as GameEvent);
    const turn3 = events.find((e) => e.type === 'turn_started' && e.payload.turn === 3);
    expect(printed).toEqual(events.filter((e) => e.seq < (turn3?.seq ?? -1)));
  }, 60_000);
});

const TOKEN = 'replay-token-0123456789';
/** A runner URL nothing listens on (port 9 is discard; connecting is refused). */
const NOWHERE = 'http://127.0.0.1:9';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
});

interface Seen {
  url: string;
  headers: IncomingHttpHeaders;
}

/** A stand-in runner answering every request with `status` and `body`; resolves its base URL. */
async function fakeRunner(
  status: number,
  body: string,
  seen: Seen[] = [],
  contentType = status === 200 ? 'application/x-ndjson; charset=utf-8' : 'application/json',
): Promise<string> {
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    res.writeHead(status, { 'content-type': contentType });
    res.end(body);
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

const jsonLines = (events: readonly unknown[]) =>
  events.map((e) => JSON.stringify(e)).join('\n') + '\n';

describe('arena replay through a runner', () => {
  it('replays the log of GET /games/:id/export?format=jsonl as from the store, with the token', async () => {
    const dataDir = tempDir();
    const gameId = await storeSuspendedGame(dataDir, { batches: 6 });
    const events = await storedEvents(dataDir, gameId);
    const seen: Seen[] = [];
    const url = await fakeRunner(200, jsonLines(events), seen);

    const json = await runArena([
      ...['replay', gameId, '--json', '--delay-ms', '0'],
      ...['--runner', `${url}/`, '--token', TOKEN],
    ]);
    expect(json.code, json.err).toBe(0);
    expect(printedEvents(json)).toEqual(events);
    expect(seen[0]?.url).toBe(`/games/${gameId}/export?format=jsonl`);
    expect(seen[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);

    // ARENA_RUNNER_URL and ARENA_API_TOKEN work as the flags do; text and --from-turn as the store.
    const env = { ARENA_RUNNER_URL: url, ARENA_API_TOKEN: TOKEN };
    const viaRunner = await runArena(['replay', gameId, '--delay-ms', '0'], env);
    const viaStore = await runArena(['replay', gameId, '--delay-ms', '0', '--data-dir', dataDir]);
    expect(viaRunner.code, viaRunner.err).toBe(0);
    expect(viaRunner.out).toBe(viaStore.out);
    expect(seen[1]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const fromTurn = ['--json', '--from-turn', '2', '--delay-ms', '0'];
    const fromRunner = await runArena(['replay', gameId, ...fromTurn], env);
    const fromStore = await runArena(['replay', gameId, ...fromTurn, '--data-dir', dataDir]);
    expect(fromRunner.code, fromRunner.err).toBe(0);
    expect(fromRunner.out).toBe(fromStore.out);

    // Without a token none is sent (reads are public unless ARENA_API_READ_ACCESS=token).
    const anonymous = await runArena(['replay', gameId, '--json', '--runner', url]);
    expect(anonymous.code, anonymous.err).toBe(0);
    expect(seen.at(-1)?.headers.authorization).toBeUndefined();

    // --local reads the store here even with ARENA_RUNNER_URL set.
    const requests = seen.length;
    const local = await runArena(
      ['replay', gameId, '--json', '--delay-ms', '0', '--local', '--data-dir', dataDir],
      env,
    );
    expect(local.code, local.err).toBe(0);
    expect(printedEvents(local)).toEqual(events);
    expect(seen).toHaveLength(requests);
  }, 120_000);

  it('exits 2 for an unknown game or a refused token, naming the id and the token settings', async () => {
    const notFound = await fakeRunner(
      404,
      JSON.stringify({ error: { code: 'GAME_NOT_FOUND', message: 'No game with id g-nope' } }),
    );
    const unknown = await runArena(['replay', 'g-nope', '--runner', notFound]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('replay game g-nope: the runner answered 404');

    const refusing = await fakeRunner(
      401,
      JSON.stringify({ error: { code: 'RUNNER_UNAUTHORIZED', message: 'missing token' } }),
    );
    const noToken = await runArena(['replay', 'g-1', '--runner', refusing]);
    expect(noToken.code).toBe(2);
    expect(noToken.err).toMatch(/401.*ARENA_API_TOKEN.*--token/s);
    const wrongToken = await runArena(['replay', 'g-1'], {
      ARENA_RUNNER_URL: refusing,
      ARENA_API_TOKEN: TOKEN,
    });
    expect(wrongToken.code).toBe(2);
    expect(wrongToken.err).toContain("is not one of the runner's ARENA_API_TOKENS");
  });

  it('exits 1 naming the line and field path of a malformed log, and for an unreachable runner', async () => {
    const dataDir = tempDir();
    const gameId = await storeSuspendedGame(dataDir, { batches: 2 });
    const events = await storedEvents(dataDir, gameId);
    const turn = events.findIndex((e) => e.type === 'turn_started');
    expect(turn).toBeGreaterThan(0);
    const broken = (edit: (lines: unknown[]) => void) => {
      const lines: unknown[] = structuredClone(events);
      edit(lines);
      return lines;
    };
    const cases: Array<[string, string | RegExp]> = [
      [
        jsonLines(
          broken((l) => {
            (l[turn] as { payload: { turn: unknown } }).payload.turn = 'one';
          }),
        ),
        new RegExp(
          `line ${turn + 1} of the runner's log is not a game event:\\n {2}- payload\\.turn: `,
        ),
      ],
      [jsonLines(events).replace(/\n/, '\n{"seq":\n'), "line 2 of the runner's log is not JSON"],
      [
        jsonLines(broken((l) => l.splice(1, 1))),
        `line 2 of the runner's log is out of order:\n  - seq: is 2, expected 1`,
      ],
      [
        jsonLines(broken((l) => Object.assign(l[0] as object, { gameId: 'g-other' }))),
        `line 1 of the runner's log is not of this game:\n  - gameId: is g-other, expected ${gameId}`,
      ],
      ['', "line 1 of the runner's log is missing: the log is empty"],
    ];
    for (const [body, message] of cases) {
      const url = await fakeRunner(200, body);
      const run = await runArena(['replay', gameId, '--json', '--runner', url]);
      expect(run.code, run.err).toBe(1);
      expect(run.lines).toEqual([]);
      if (typeof message === 'string') expect(run.err).toContain(message);
      else expect(run.err).toMatch(message);
    }

    const unreachable = await runArena(['replay', 'g-1', '--runner', NOWHERE]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.err).toContain('replay game g-1: cannot reach the runner at');
  }, 60_000);

  it('checks its runner flags (exit 2 naming the flag)', async () => {
    const cases: Array<[string[], string, Record<string, string>?]> = [
      [['--local', '--runner', NOWHERE], '--local reads the store here'],
      [['--local', '--token', TOKEN], '--local reads the store here'],
      [['--runner', NOWHERE, '--data-dir', tempDir()], '--data-dir is not used with a runner'],
      [
        ['--data-dir', tempDir()],
        '--data-dir is not used with a runner',
        { ARENA_RUNNER_URL: NOWHERE },
      ],
      [['--token', TOKEN], '--token is used only with a runner'],
      [['--runner', 'ftp://host'], '--runner: must be an http(s) URL'],
      [['--runner', NOWHERE, '--token', 'short'], '--token: must be 16-256'],
      [[], 'ARENA_RUNNER_URL', { ARENA_RUNNER_URL: 'nope' }],
      [['--local', '--follow'], '--follow'],
    ];
    for (const [flags, message, env] of cases) {
      const run = await runArena(['replay', 'g-1', ...flags], env);
      expect(run.code, `${flags.join(' ')}: ${run.err}`).toBe(2);
      expect(run.err).toContain(message);
    }
    const badId = await runArena(['replay', 'bad id!', '--runner', NOWHERE]);
    expect(badId.code).toBe(2);
    expect(badId.err).toContain('"bad id!" is not a game id');
  });
});

import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { buildLog, testSpec } from '@arena/models/testing';
import type { GameEvent } from '@arena/models';
import { callRunner, followRunnerEvents, RUNNER_CLIENT_ERRORS } from './runner-client';
import { z } from 'zod';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
});

/** A server on a free port answering with `handle`; resolves its base URL. */
async function serve(
  handle: (
    req: { url: string; method: string; headers: IncomingHttpHeaders },
    res: import('node:http').ServerResponse,
  ) => void,
): Promise<string> {
  const server = createServer((req, res) =>
    handle({ url: req.url ?? '', method: req.method ?? '', headers: req.headers }, res),
  );
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

function log(): GameEvent[] {
  return buildLog('g-1', [
    { type: 'game_created', payload: { spec: testSpec() } },
    { type: 'turn_started', payload: { turn: 1, round: 1 } },
    { type: 'turn_started', payload: { turn: 2, round: 1 } },
    {
      type: 'game_ended',
      payload: {
        reason: 'max_turns',
        detail: 'done',
        abortCause: null,
        winnerId: null,
        standings: [],
      },
    },
  ] as never);
}

const sse = (e: GameEvent) => `id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`;

describe('callRunner', () => {
  it('names the token settings on 401, as bad input', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' });
      res.end(JSON.stringify({ error: { code: 'RUNNER_UNAUTHORIZED', message: 'no token' } }));
    });
    const call = callRunner(
      { url },
      { method: 'GET', path: '/games', schema: z.unknown(), what: 'list games' },
    );
    await expect(call).rejects.toMatchObject({
      code: RUNNER_CLIENT_ERRORS.UNAUTHORIZED,
      category: 'user',
      message: expect.stringMatching(/ARENA_API_TOKEN.*--token/),
    });
  });

  it('prints the field paths of a 400, sends the token, and treats 5xx as a failure', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const url = await serve((req, res) => {
      seen.push(req.headers);
      const status = req.url === '/bad' ? 400 : 503;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: {
            code: status === 400 ? 'RUNNER_INVALID_INPUT' : 'RUNNER_UNAVAILABLE',
            message: 'Invalid game config',
            issues: [{ path: 'body.players.0', message: 'unknown character "zed"' }],
          },
        }),
      );
    });
    const target = { url, token: 'a-token-of-16-chars' };
    await expect(
      callRunner(target, {
        method: 'POST',
        path: '/bad',
        body: {},
        schema: z.unknown(),
        what: 'start a game',
      }),
    ).rejects.toMatchObject({
      category: 'user',
      message: expect.stringContaining('  - body.players.0: unknown character "zed"'),
    });
    expect(seen[0]?.authorization).toBe('Bearer a-token-of-16-chars');
    expect(seen[0]?.['content-type']).toBe('application/json');
    await expect(
      callRunner(target, { method: 'GET', path: '/down', schema: z.unknown(), what: 'list games' }),
    ).rejects.toMatchObject({ category: 'system', code: RUNNER_CLIENT_ERRORS.FAILED });
  });

  it('fails (not bad input) when the runner cannot be reached', async () => {
    const url = await serve(() => undefined);
    await new Promise((done) => servers.pop()?.close(done));
    await expect(
      callRunner(
        { url },
        { method: 'GET', path: '/games', schema: z.unknown(), what: 'list games' },
      ),
    ).rejects.toMatchObject({
      category: 'system',
      message: expect.stringContaining('cannot reach the runner'),
    });
  });
});

describe('followRunnerEvents', () => {
  it('reconnects with Last-Event-ID after a dropped stream, missing and repeating nothing', async () => {
    const events = log();
    const lastIds: Array<string | undefined> = [];
    let connection = 0;
    const url = await serve((req, res) => {
      connection += 1;
      const after = Number(req.headers['last-event-id'] ?? -1);
      lastIds.push(req.headers['last-event-id'] as string | undefined);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (connection === 2) {
        res.destroy();
        return;
      }
      const rest = events.filter((e) => e.seq > after);
      // The first connection drops after two events (and repeats one on the next).
      const sent = connection === 1 ? rest.slice(0, 2) : events.filter((e) => e.seq >= after);
      res.write(': keep-alive\n\n');
      for (const e of sent) res.write(sse(e));
      res.end();
    });
    const received: number[] = [];
    const reconnects: number[] = [];
    const outcome = await followRunnerEvents({ url }, 'g-1', {
      onEvent: (e) => received.push(e.seq),
      onReconnect: (attempt) => reconnects.push(attempt),
      baseDelayMs: 1,
    });
    expect(outcome).toBe('ended');
    expect(received).toEqual(events.map((e) => e.seq));
    expect(lastIds).toEqual([undefined, '1', '1']);
    expect(reconnects).toEqual([1, 2]);
  });

  it('gives up after the attempts allowed, and reports 404 at once as bad input', async () => {
    const url = await serve((req, res) => {
      if (req.url.includes('missing')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: { code: 'ORCH_GAME_NOT_FOUND', message: 'No game with id missing' },
          }),
        );
        return;
      }
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end('{}');
    });
    await expect(
      followRunnerEvents({ url }, 'missing', { onEvent: () => undefined, baseDelayMs: 1 }),
    ).rejects.toMatchObject({
      category: 'user',
      message: expect.stringContaining('No game with id missing'),
    });
    await expect(
      followRunnerEvents({ url }, 'g-1', {
        onEvent: () => undefined,
        baseDelayMs: 1,
        maxAttempts: 2,
      }),
    ).rejects.toMatchObject({ code: RUNNER_CLIENT_ERRORS.STREAM_LOST, category: 'system' });
  });
});

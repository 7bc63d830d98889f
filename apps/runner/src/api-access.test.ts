import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { TokenCheck, bearerToken } from './api-access';
import type { ErrorBody } from './error-response';
import {
  TEST_API_TOKEN,
  TEST_AUTH,
  fixtureConfig,
  fixtureServices,
  quietLogger,
  testAccess,
} from './runner.fixture';
import { buildServer, type ServerDeps } from './server';

const apps: FastifyInstance[] = [];
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

function serve(deps: Partial<ServerDeps> = {}): FastifyInstance {
  let n = 0;
  const app = buildServer({
    services: fixtureServices(),
    logger: quietLogger,
    newGameId: () => `g-test-${++n}`,
    access: testAccess,
    ...deps,
  });
  apps.push(app);
  return app;
}

function errorOf(body: string): ErrorBody['error'] {
  return (JSON.parse(body) as ErrorBody).error;
}

interface Operation {
  security?: unknown[];
  requestBody?: { required: boolean; content: Record<string, { schema: unknown }> };
  parameters?: Array<{ name: string; in: string; required: boolean }>;
  responses: Record<string, unknown>;
}

type OpenApi = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, unknown> };
};

async function openApi(app: FastifyInstance): Promise<OpenApi> {
  const res = await app.inject({ method: 'GET', url: '/openapi.json' });
  expect(res.statusCode).toBe(200);
  return res.json<OpenApi>();
}

/** Every documented operation as a request: path parameters filled in with a plausible id. */
async function operations(app: FastifyInstance) {
  const doc = await openApi(app);
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase() as 'GET' | 'POST' | 'PUT' | 'DELETE',
      url: path.replace(/\{[^}]+\}/g, 'g-test-1'),
      operation,
      name: `${method.toUpperCase()} ${path}`,
    })),
  );
}

const isPublic = (operation: Operation) =>
  Array.isArray(operation.security) && operation.security.length === 0;

describe('bearer tokens', () => {
  it('parses the Authorization header', () => {
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken('Bearer abc.def-1')).toBe('abc.def-1');
    expect(bearerToken('bearer  abc')).toBe('abc');
    for (const header of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer ', 'Bearer a b', 'abc']) {
      expect(bearerToken(header)).toBe('malformed');
    }
  });

  it('matches configured tokens only, whatever their lengths', () => {
    const check = new TokenCheck(['short', 'a-much-longer-token-value']);
    expect(check.match('short')).toMatch(/^[0-9a-f]{64}$/);
    expect(check.match('a-much-longer-token-value')).not.toBe(check.match('short'));
    expect(check.match('shor')).toBeNull();
    expect(check.match('short ')).toBeNull();
    expect(check.match('')).toBeNull();
    expect(new TokenCheck([]).match('short')).toBeNull();
  });
});

describe('access to routes', () => {
  it('answers 401 without a token on every route that changes something', async () => {
    const app = serve();
    const writes = (await operations(app)).filter((o) => o.method !== 'GET');
    expect(writes.map((o) => o.name)).toEqual(
      expect.arrayContaining([
        'POST /games',
        'POST /games/{id}/start',
        'POST /games/{id}/stop',
        'POST /games/{id}/resume',
        'POST /games/{id}/fork',
      ]),
    );
    for (const { method, url, name } of writes) {
      const res = await app.inject({ method, url, payload: {} });
      expect(res.statusCode, name).toBe(401);
      expect(res.headers['www-authenticate'], name).toBe('Bearer realm="arena"');
      expect(errorOf(res.body), name).toMatchObject({ code: 'RUNNER_UNAUTHORIZED' });
      expect(errorOf(res.body).message, name).toContain('Authorization: Bearer <token>');

      const wrong = await app.inject({
        method,
        url,
        payload: {},
        headers: { authorization: `Bearer ${TEST_API_TOKEN}x` },
      });
      expect(wrong.statusCode, name).toBe(401);
      expect(errorOf(wrong.body).message, name).toMatch(/not valid/);

      const malformed = await app.inject({
        method,
        url,
        payload: {},
        headers: { authorization: `Token ${TEST_API_TOKEN}` },
      });
      expect(malformed.statusCode, name).toBe(401);
      expect(errorOf(malformed.body).message, name).toContain('"Bearer <token>"');
    }
  });

  it('lets a right token through to validation and the handler', async () => {
    const app = serve({
      access: { tokens: ['first-token-000', TEST_API_TOKEN], readAccess: 'public' },
    });
    const created = await app.inject({
      method: 'POST',
      url: '/games',
      headers: TEST_AUTH,
      payload: fixtureConfig(),
    });
    expect(created.statusCode).toBe(201);
    const invalid = await app.inject({
      method: 'POST',
      url: '/games/g-test-1/stop',
      headers: { authorization: 'Bearer first-token-000' },
      payload: { now: true },
    });
    expect(invalid.statusCode).toBe(400);
    expect(errorOf(invalid.body).code).toBe('ARENA_INVALID_INPUT');
  });

  it('serves every read route without a token when reading is public', async () => {
    const app = serve();
    for (const { method, url, name } of (await operations(app)).filter((o) => o.method === 'GET')) {
      // Event streams of unknown games answer 404 at once; a known game would stream.
      const res = await app.inject({ method, url });
      expect(res.statusCode, name).not.toBe(401);
    }
  });

  it('needs a token on read routes with readAccess token, except health, readiness and the document', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'arena-dashboard-'));
    dirs.push(dir);
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>Arena</title>');
    const app = serve({ access: { ...testAccess, readAccess: 'token' }, dashboardDir: dir });
    const reads = (await operations(app)).filter((o) => o.method === 'GET');
    const open = reads.filter((o) => isPublic(o.operation)).map((o) => o.name);
    expect(open.sort()).toEqual(
      expect.arrayContaining(['GET /healthz', 'GET /openapi.json', 'GET /readyz']),
    );
    for (const { method, url, operation, name } of reads) {
      const res = await app.inject({ method, url });
      if (isPublic(operation)) {
        expect(res.statusCode, name).not.toBe(401);
      } else {
        expect(res.statusCode, name).toBe(401);
        expect(errorOf(res.body).code, name).toBe('RUNNER_UNAUTHORIZED');
      }
    }
    const listed = await app.inject({ method: 'GET', url: '/games', headers: TEST_AUTH });
    expect(listed.statusCode).toBe(200);

    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>Arena</title>');
    const missing = await app.inject({ method: 'GET', url: '/no-such-route' });
    expect(missing.statusCode).toBe(404);
    expect(errorOf(missing.body).code).toBe('RUNNER_ROUTE_NOT_FOUND');
  });
});

describe('CORS', () => {
  const preflight = (app: FastifyInstance, origin: string) =>
    app.inject({
      method: 'OPTIONS',
      url: '/games',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });

  it('allows the configured origins with the token, JSON and Last-Event-ID headers', async () => {
    const app = serve({ corsOrigins: ['https://arena.example'] });
    const allowed = await preflight(app, 'https://arena.example');
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://arena.example');
    const headers = String(allowed.headers['access-control-allow-headers']).toLowerCase();
    expect(headers).toContain('authorization');
    expect(headers).toContain('content-type');
    expect(headers).toContain('last-event-id');
    expect(String(allowed.headers['access-control-allow-methods'])).toContain('POST');

    const read = await app.inject({
      method: 'GET',
      url: '/games',
      headers: { origin: 'https://arena.example' },
    });
    expect(read.headers['access-control-allow-origin']).toBe('https://arena.example');
    expect(String(read.headers['access-control-expose-headers'])).toContain('Retry-After');

    const denied = await preflight(app, 'https://evil.example');
    expect(denied.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows any origin with *', async () => {
    const app = serve({ corsOrigins: '*' });
    const res = await preflight(app, 'http://localhost:5173');
    expect(res.headers['access-control-allow-origin']).toBe('*');
  });

  it('sends no CORS headers unless origins are configured', async () => {
    const app = serve();
    const res = await preflight(app, 'https://arena.example');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const read = await app.inject({
      method: 'GET',
      url: '/games',
      headers: { origin: 'https://arena.example' },
    });
    expect(read.statusCode).toBe(200);
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('limits', () => {
  it('answers 429 with Retry-After and the error body once a token has used its changes', async () => {
    const other = 'second-token-111';
    const app = serve({
      access: { tokens: [TEST_API_TOKEN, other], readAccess: 'public' },
      rateLimitPerMinute: 2,
    });
    const stop = (headers: Record<string, string>) =>
      app.inject({ method: 'POST', url: '/games/g-nope/stop', headers });
    expect((await stop(TEST_AUTH)).statusCode).toBe(404);
    expect((await stop(TEST_AUTH)).statusCode).toBe(404);
    const limited = await stop(TEST_AUTH);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(errorOf(limited.body)).toMatchObject({
      code: 'RUNNER_RATE_LIMITED',
      message: expect.stringContaining('2 changes per minute'),
    });
    // Another token has its own allowance; reads are never limited.
    expect((await stop({ authorization: `Bearer ${other}` })).statusCode).toBe(404);
    for (let i = 0; i < 3; i++) {
      expect((await app.inject({ method: 'GET', url: '/games' })).statusCode).toBe(200);
    }
  });

  it('limits callers without a valid token by address', async () => {
    const app = serve({ rateLimitPerMinute: 1 });
    const first = await app.inject({ method: 'POST', url: '/games', payload: {} });
    expect(first.statusCode).toBe(401);
    const second = await app.inject({
      method: 'POST',
      url: '/games',
      payload: {},
      headers: { authorization: 'Bearer guessed-token' },
    });
    expect(second.statusCode).toBe(429);
    expect(second.headers['retry-after']).toBeDefined();
  });

  it('answers 413 for a body over the limit and 414 for an overlong request target', async () => {
    const app = serve({ bodyLimit: 1024 });
    const big = await app.inject({
      method: 'POST',
      url: '/games',
      headers: TEST_AUTH,
      payload: { ...fixtureConfig(), scenario: 'x'.repeat(2048) },
    });
    expect(big.statusCode).toBe(413);
    expect(errorOf(big.body).code).toBe('RUNNER_BODY_TOO_LARGE');

    const long = await app.inject({ method: 'GET', url: `/games?scenario=${'x'.repeat(9000)}` });
    expect(long.statusCode).toBe(414);
    expect(errorOf(long.body).code).toBe('RUNNER_URI_TOO_LONG');
  });
});

describe('GET /openapi.json', () => {
  it('documents every route with its parameters, bodies, answers and security', async () => {
    const app = serve();
    const doc = await openApi(app);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes).toHaveProperty('bearer');
    const ops = await operations(app);
    expect(ops.map((o) => o.name)).toEqual(
      expect.arrayContaining([
        'GET /healthz',
        'GET /readyz',
        'GET /openapi.json',
        'GET /games',
        'POST /games',
        'POST /games/{id}/start',
        'POST /games/{id}/stop',
        'POST /games/{id}/resume',
        'POST /games/{id}/fork',
        'GET /games/{id}',
        'GET /games/{id}/live',
        'GET /games/{id}/events',
        'GET /games/{id}/export',
      ]),
    );
    for (const { method, operation, name } of ops) {
      const fastifyUrl = name.split(' ')[1]?.replace(/\{([^}]+)\}/g, ':$1') ?? '';
      expect(app.hasRoute({ method, url: fastifyUrl }), name).toBe(true);
      expect(Object.keys(operation.responses).length, name).toBeGreaterThan(0);
      if (name.includes('{id}')) {
        expect(
          operation.parameters?.find((p) => p.in === 'path'),
          name,
        ).toMatchObject({
          name: 'id',
          required: true,
        });
      }
      if (method !== 'GET') expect(operation.security, name).toBeUndefined();
    }
    const games = doc.paths['/games'];
    expect(games?.['post']?.requestBody).toMatchObject({
      required: true,
      content: { 'application/json': { schema: { type: 'object' } } },
    });
    expect(games?.['get']?.parameters?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['status', 'scenario', 'character', 'limit', 'offset']),
    );
    expect(doc.paths['/games/{id}/fork']?.['post']?.requestBody?.required).toBe(false);
    expect(doc.paths['/healthz']?.['get']?.security).toEqual([]);
    // Built once: the same document on the next request.
    expect(await openApi(app)).toEqual(doc);
  });
});

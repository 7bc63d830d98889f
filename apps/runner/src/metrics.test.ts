import { request } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createInMemoryBus, publishGameEvents, type MessageBus } from '@arena/message-bus';
import { envelopeEvent, type GameEvent, type NewEvent } from '@arena/models';
import { ApiRouter } from './api-route';
import { errorResponse } from './error-response';
import {
  createRunnerMetrics,
  providerOf,
  registerMetrics,
  type RunnerMetrics,
  type RunnerMetricsDeps,
} from './metrics';
import {
  Counter,
  Histogram,
  MetricRegistry,
  PROMETHEUS_CONTENT_TYPE,
  ReadCounter,
  escapeLabelValue,
} from './prometheus';
import {
  fixtureConfig,
  fixtureServices,
  parseSse,
  quietLogger,
  testAccess,
  TEST_AUTH,
} from './runner.fixture';
import { buildServer } from './server';

/** One sample of a parsed exposition. */
interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"';
const VALUE = '(?:[+-]?(?:\\d+\\.?\\d*(?:[eE][+-]?\\d+)?|\\.\\d+(?:[eE][+-]?\\d+)?)|[+-]Inf|NaN)';
const SAMPLE_LINE = new RegExp(
  `^(${NAME})(?:\\{((?:${LABEL})(?:,${LABEL})*,?)?\\})? (${VALUE})(?: -?\\d+)?$`,
);
const HELP_LINE = new RegExp(`^# HELP (${NAME}) (.*)$`);
const TYPE_LINE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);

const unescape = (value: string) =>
  value.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));

/**
 * Parse the text exposition format strictly: every line is a HELP, a TYPE or a sample that
 * matches the grammar, and every sample belongs to a family with HELP and TYPE given before it.
 */
function parseExposition(text: string): ParsedSample[] {
  expect(text.endsWith('\n')).toBe(true);
  const help = new Set<string>();
  const types = new Map<string, string>();
  const samples: ParsedSample[] = [];
  for (const line of text.slice(0, -1).split('\n')) {
    const helpMatch = HELP_LINE.exec(line);
    if (helpMatch) {
      expect(help.has(helpMatch[1] as string), `second HELP for ${helpMatch[1]}`).toBe(false);
      help.add(helpMatch[1] as string);
      continue;
    }
    const typeMatch = TYPE_LINE.exec(line);
    if (typeMatch) {
      expect(types.has(typeMatch[1] as string), `second TYPE for ${typeMatch[1]}`).toBe(false);
      types.set(typeMatch[1] as string, typeMatch[2] as string);
      continue;
    }
    const match = SAMPLE_LINE.exec(line);
    expect(match, `not a sample line: ${JSON.stringify(line)}`).not.toBeNull();
    const [, name = '', labelText = '', value = ''] = match ?? [];
    const family = types.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '');
    expect(types.has(family), `${name} has no TYPE`).toBe(true);
    expect(help.has(family), `${name} has no HELP`).toBe(true);
    if (family !== name) expect(types.get(family)).toMatch(/histogram|summary/);
    const labels: Record<string, string> = {};
    for (const m of labelText.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[m[1] as string] = unescape(m[2] as string);
    }
    const number = value === '+Inf' ? Infinity : value === '-Inf' ? -Infinity : Number(value);
    samples.push({ name, labels, value: number });
  }
  for (const name of types.keys()) expect(help.has(name), `${name} has no HELP`).toBe(true);
  return samples;
}

/** The value of the one sample named `name` whose labels include `labels`; 0 when none. */
function valueOf(
  samples: readonly ParsedSample[],
  name: string,
  labels: Record<string, string> = {},
): number {
  const found = samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  return found.reduce((sum, s) => sum + s.value, 0);
}

const GAME = 'g-metrics';

function event(seq: number, e: NewEvent, gameId = GAME): GameEvent {
  return envelopeEvent(gameId, seq, Date.UTC(2026, 0, 1), e);
}

function modelCall(seq: number, model: string, error?: { kind: string; message: string }) {
  return event(seq, {
    type: 'model_call',
    payload: {
      role: 'player',
      playerId: 'P1',
      purpose: 'act',
      model,
      params: {},
      usage: { inputTokens: 120, outputTokens: 30 },
      latencyMs: 40,
      costUsd: 0.25,
      ...(error ? { error } : {}),
    },
  });
}

function gameEnded(seq: number, gameId = GAME): GameEvent {
  return event(
    seq,
    {
      type: 'game_ended',
      payload: {
        reason: 'aborted',
        detail: 'stopped',
        abortCause: 'error',
        winnerId: null,
        standings: [],
      },
    },
    gameId,
  );
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function metricsOn(bus: MessageBus, deps: Partial<RunnerMetricsDeps> = {}): RunnerMetrics {
  const metrics = createRunnerMetrics({
    bus,
    host: { running: () => [], isRunning: () => false },
    logger: quietLogger,
    ...deps,
  });
  closers.push(() => metrics.close());
  return metrics;
}

async function scrape(metrics: RunnerMetrics): Promise<ParsedSample[]> {
  return parseExposition(await metrics.render());
}

/** Render until `done` accepts the samples (the bus delivers asynchronously). */
async function scrapeUntil(
  metrics: RunnerMetrics,
  done: (samples: ParsedSample[]) => boolean,
): Promise<ParsedSample[]> {
  for (;;) {
    const samples = await scrape(metrics);
    if (done(samples)) return samples;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the exposition format', () => {
  it('escapes backslashes, quotes and line feeds in label values and HELP', async () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    const registry = new MetricRegistry();
    const counter = registry.add(new Counter('x_total', 'Help with \\ and\nnewline', ['path']));
    counter.inc({ path: 'C:\\dir "quoted"\nnext' }, 2);
    const text = await registry.render();
    expect(text).toBe(
      [
        '# HELP x_total Help with \\\\ and\\nnewline',
        '# TYPE x_total counter',
        'x_total{path="C:\\\\dir \\"quoted\\"\\nnext"} 2',
        '',
      ].join('\n'),
    );
    expect(parseExposition(text)[0]?.labels['path']).toBe('C:\\dir "quoted"\nnext');
  });

  it('renders histograms as cumulative buckets with +Inf, sum and count', async () => {
    const registry = new MetricRegistry();
    const histogram = registry.add(new Histogram('lag_seconds', 'Lag', ['topic'], [0.1, 1]));
    for (const value of [0.05, 0.5, 0.7, 3]) histogram.observe({ topic: 't' }, value);
    const samples = parseExposition(await registry.render());
    expect(samples.map((s) => [s.name, s.labels['le'] ?? null, s.value])).toEqual([
      ['lag_seconds_bucket', '0.1', 1],
      ['lag_seconds_bucket', '1', 3],
      ['lag_seconds_bucket', '+Inf', 4],
      ['lag_seconds_sum', null, 4.25],
      ['lag_seconds_count', null, 4],
    ]);
  });

  it('renders a counter without labels as 0 before anything happened', async () => {
    const registry = new MetricRegistry();
    registry.add(new Counter('n_total', 'N'));
    registry.add(new ReadCounter('cpu_total', 'CPU', ['mode'], () => []));
    expect(await registry.render()).toBe(
      '# HELP n_total N\n# TYPE n_total counter\nn_total 0\n# HELP cpu_total CPU\n# TYPE cpu_total counter\n',
    );
  });

  it.each([
    ['a metric name with a dash', () => new Counter('bad-name', 'x')],
    ['a label named le', () => new Histogram('h', 'x', ['le'], [1])],
    ['a reserved label name', () => new Counter('c_total', 'x', ['__name'])],
    ['unordered bucket bounds', () => new Histogram('h', 'x', [], [1, 0.5])],
    ['a negative increment', () => new Counter('c_total', 'x').inc({}, -1)],
  ])('refuses %s', (_, make) => {
    expect(make).toThrow();
  });

  it('refuses a name registered twice', () => {
    const registry = new MetricRegistry();
    registry.add(new Counter('c_total', 'x'));
    expect(() => registry.add(new Counter('c_total', 'y'))).toThrow(/twice/);
  });
});

describe('providerOf', () => {
  it.each([
    ['sim', 'sim'],
    ['openai:gpt-4o-mini', 'openai'],
    ['ollama:llama3.1:8b', 'ollama'],
    ['openai-compatible:http://127.0.0.1:8000/v1#qwen', 'openai-compatible'],
    ['mystery:model', 'other'],
    ['gpt-4o', 'other'],
  ])('%s → %s', (model, provider) => {
    expect(providerOf(model)).toBe(provider);
  });
});

describe('createRunnerMetrics', () => {
  it('counts turns, model calls, tokens, cost and errors from the game-events topic', async () => {
    const bus = createInMemoryBus();
    closers.push(() => bus.close());
    const metrics = metricsOn(bus);
    await metrics.ready;
    await publishGameEvents(bus, [
      event(0, { type: 'turn_started', payload: { turn: 1, round: 1 } }),
      modelCall(1, 'sim'),
      modelCall(2, 'openai:gpt-4o-mini', { kind: 'timeout', message: 'slow' }),
      event(3, {
        type: 'call_failed',
        payload: {
          role: 'judge',
          playerId: null,
          purpose: 'score',
          model: 'sim',
          reason: 'invalid_output',
          detail: 'not JSON',
        },
      }),
      event(4, { type: 'turn_started', payload: { turn: 2, round: 1 } }),
      gameEnded(5),
    ]);
    const samples = await scrapeUntil(metrics, (s) => valueOf(s, 'arena_games_ended_total') === 1);
    expect(valueOf(samples, 'arena_turns_total')).toBe(2);
    expect(valueOf(samples, 'arena_game_events_total')).toBe(6);
    expect(
      valueOf(samples, 'arena_model_calls_total', {
        role: 'player',
        provider: 'sim',
        outcome: 'ok',
      }),
    ).toBe(1);
    expect(
      valueOf(samples, 'arena_model_calls_total', { provider: 'openai', outcome: 'error' }),
    ).toBe(1);
    expect(valueOf(samples, 'arena_model_tokens_total', { direction: 'in' })).toBe(240);
    expect(
      valueOf(samples, 'arena_model_tokens_total', { direction: 'out', provider: 'sim' }),
    ).toBe(30);
    expect(valueOf(samples, 'arena_model_cost_usd_total')).toBeCloseTo(0.5);
    expect(valueOf(samples, 'arena_errors_total', { source: 'model_call', code: 'timeout' })).toBe(
      1,
    );
    expect(
      valueOf(samples, 'arena_errors_total', { source: 'call_failed', code: 'invalid_output' }),
    ).toBe(1);
    expect(valueOf(samples, 'arena_errors_total', { source: 'game', code: 'aborted' })).toBe(1);
    expect(valueOf(samples, 'arena_games_ended_total', { reason: 'aborted' })).toBe(1);
    expect(valueOf(samples, 'arena_bus_lag_seconds_count', { topic: 'arena.game-events' })).toBe(6);
    expect(
      valueOf(samples, 'arena_bus_messages_received_total', { topic: 'arena.game-events' }),
    ).toBe(6);
    expect(valueOf(samples, 'arena_bus_dead_letters')).toBe(0);
  });

  it('measures the bus lag from produced-at to receipt', async () => {
    const bus = createInMemoryBus({ now: () => new Date(1_000_000) });
    closers.push(() => bus.close());
    const metrics = metricsOn(bus, { now: () => 1_000_300 });
    await metrics.ready;
    await publishGameEvents(bus, [
      event(0, { type: 'turn_started', payload: { turn: 1, round: 1 } }),
    ]);
    const samples = await scrapeUntil(metrics, (s) => valueOf(s, 'arena_turns_total') === 1);
    const topic = { topic: 'arena.game-events' };
    expect(valueOf(samples, 'arena_bus_lag_seconds_sum', topic)).toBeCloseTo(0.3);
    expect(valueOf(samples, 'arena_bus_lag_seconds_bucket', { ...topic, le: '0.25' })).toBe(0);
    expect(valueOf(samples, 'arena_bus_lag_seconds_bucket', { ...topic, le: '0.5' })).toBe(1);
  });

  it("with count 'hosted', counts only the games played here (and their late events)", async () => {
    const bus = createInMemoryBus();
    closers.push(() => bus.close());
    const running = new Set(['g-here']);
    let clock = 0;
    const metrics = metricsOn(bus, {
      count: 'hosted',
      host: { running: () => [...running], isRunning: (id) => running.has(id) },
      now: () => clock,
      hostedGraceMs: 1000,
    });
    await metrics.ready;
    const turn = (gameId: string, seq: number) =>
      event(seq, { type: 'turn_started', payload: { turn: seq + 1, round: 1 } }, gameId);
    await publishGameEvents(bus, [turn('g-here', 0)]);
    await publishGameEvents(bus, [turn('g-elsewhere', 0)]);
    running.delete('g-here');
    clock = 500;
    await publishGameEvents(bus, [turn('g-here', 1)]);
    clock = 2000;
    await publishGameEvents(bus, [turn('g-here', 2)]);
    const samples = await scrapeUntil(
      metrics,
      (s) => valueOf(s, 'arena_bus_messages_received_total') === 4,
    );
    expect(valueOf(samples, 'arena_turns_total')).toBe(2);
    expect(valueOf(samples, 'arena_games_running')).toBe(0);
  });

  it('reports process memory, CPU time and event-loop lag', async () => {
    const bus = createInMemoryBus();
    closers.push(() => bus.close());
    const samples = await scrape(metricsOn(bus));
    expect(valueOf(samples, 'arena_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(valueOf(samples, 'arena_process_heap_used_bytes')).toBeGreaterThan(0);
    expect(valueOf(samples, 'arena_process_cpu_seconds_total', { mode: 'user' })).toBeGreaterThan(
      0,
    );
    expect(
      samples
        .filter((s) => s.name === 'arena_process_event_loop_lag_seconds')
        .map((s) => s.labels['stat']),
    ).toEqual(['mean', 'p50', 'p99', 'max']);
  });

  it('logs a bus that refuses the subscription and still renders', async () => {
    const bus = createInMemoryBus();
    await bus.close();
    const metrics = metricsOn(bus);
    await metrics.ready;
    expect(valueOf(await scrape(metrics), 'arena_turns_total')).toBe(0);
  });
});

describe('registerMetrics', () => {
  async function appWithMetrics(): Promise<{ app: FastifyInstance; metrics: RunnerMetrics }> {
    const bus = createInMemoryBus();
    closers.push(() => bus.close());
    const metrics = metricsOn(bus);
    const app = Fastify({ logger: false });
    app.setErrorHandler((error, _request, reply) => {
      const answer = errorResponse(error);
      return reply.code(answer.status).send(answer.body);
    });
    const api = new ApiRouter(app);
    registerMetrics(app, api, metrics);
    app.get('/boom', async () => {
      throw new Error('broken');
    });
    app.get('/games/:id/events', async (_request, reply) => {
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': 'text/event-stream' });
      reply.raw.write(': open\n\n');
      return reply;
    });
    closers.push(() => app.close());
    return { app, metrics };
  }

  it('serves GET /metrics as Prometheus text, documented as a read route', async () => {
    const { app } = await appWithMetrics();
    const bus = createInMemoryBus();
    closers.push(() => bus.close());
    const api = new ApiRouter(Fastify());
    registerMetrics(Fastify(), api, metricsOn(bus));
    expect(api.routes().map((r) => [r.method, r.url, r.access])).toEqual([
      ['GET', '/metrics', 'read'],
    ]);
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(PROMETHEUS_CONTENT_TYPE);
    expect(valueOf(parseExposition(res.body), 'arena_turns_total')).toBe(0);
  });

  it('answers 400 naming the field for an unknown query parameter', async () => {
    const { app } = await appWithMetrics();
    const res = await app.inject({ method: 'GET', url: '/metrics?format=json' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('format');
  });

  it('counts requests by route and status, their durations, and 5xx answers as errors', async () => {
    const { app, metrics } = await appWithMetrics();
    await app.inject({ method: 'GET', url: '/metrics' });
    await app.inject({ method: 'GET', url: '/boom' });
    await app.inject({ method: 'GET', url: '/no/such/path' });
    const samples = await scrape(metrics);
    expect(
      valueOf(samples, 'arena_http_requests_total', {
        method: 'GET',
        route: '/metrics',
        status: '200',
      }),
    ).toBe(1);
    expect(valueOf(samples, 'arena_http_requests_total', { route: '/boom', status: '500' })).toBe(
      1,
    );
    expect(
      valueOf(samples, 'arena_http_requests_total', { route: 'unmatched', status: '404' }),
    ).toBe(1);
    expect(valueOf(samples, 'arena_http_request_duration_seconds_count', { route: '/boom' })).toBe(
      1,
    );
    expect(valueOf(samples, 'arena_errors_total', { source: 'http', code: '500' })).toBe(1);
  });

  it('counts open event streams as spectators until they close', async () => {
    const { app, metrics } = await appWithMetrics();
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const spectator = request(`${url}/games/g-1/events`);
    const status = await new Promise<number | undefined>((done) => {
      spectator.on('response', (res) => done(res.statusCode));
      spectator.end();
    });
    expect(status).toBe(200);
    await scrapeUntil(metrics, (s) => valueOf(s, 'arena_sse_spectators') === 1);
    spectator.destroy();
    await scrapeUntil(metrics, (s) => valueOf(s, 'arena_sse_spectators') === 0);
  });
});

describe('GET /metrics on the runner', () => {
  function serve(readAccess: 'public' | 'token' = 'public'): FastifyInstance {
    let n = 0;
    const app = buildServer({
      services: fixtureServices(),
      logger: quietLogger,
      newGameId: () => `g-metrics-${++n}`,
      access: { ...testAccess, readAccess },
    });
    closers.push(() => app.close());
    return app;
  }

  it('shows the turns, model calls and tokens of a played game, and no game running after it', async () => {
    const app = serve();
    const created = await app.inject({
      method: 'POST',
      url: '/games',
      headers: TEST_AUTH,
      payload: fixtureConfig({ maxTurns: 6 }),
    });
    expect(created.statusCode).toBe(201);
    const stream = await app.inject({ method: 'GET', url: '/games/g-metrics-1/events' });
    const log = parseSse(stream.body).map((m) => JSON.parse(m.data) as GameEvent);
    expect(log.at(-1)?.type).toBe('game_ended');

    const scrapeServer = async () => {
      const res = await app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe(PROMETHEUS_CONTENT_TYPE);
      return parseExposition(res.body);
    };
    let samples = await scrapeServer();
    for (
      ;
      valueOf(samples, 'arena_games_ended_total') < 1 ||
      valueOf(samples, 'arena_games_running') > 0;
      samples = await scrapeServer()
    ) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const calls = log.filter((e) => e.type === 'model_call');
    const tokensIn = calls.reduce((sum, e) => sum + e.payload.usage.inputTokens, 0);
    const tokensOut = calls.reduce((sum, e) => sum + e.payload.usage.outputTokens, 0);
    expect(valueOf(samples, 'arena_turns_total')).toBe(
      log.filter((e) => e.type === 'turn_started').length,
    );
    expect(valueOf(samples, 'arena_turns_total')).toBeGreaterThan(0);
    expect(calls.length).toBeGreaterThan(0);
    expect(valueOf(samples, 'arena_model_calls_total', { provider: 'sim' })).toBe(calls.length);
    expect(valueOf(samples, 'arena_model_tokens_total', { direction: 'in' })).toBe(tokensIn);
    expect(valueOf(samples, 'arena_model_tokens_total', { direction: 'out' })).toBe(tokensOut);
    expect(valueOf(samples, 'arena_games_running')).toBe(0);
    expect(valueOf(samples, 'arena_games_stored', { status: 'ended' })).toBe(1);
    expect(valueOf(samples, 'arena_games_stored', { status: 'running' })).toBe(0);
    expect(valueOf(samples, 'arena_game_events_total')).toBe(log.length);
    expect(valueOf(samples, 'arena_sse_spectators')).toBe(0);
    expect(
      valueOf(samples, 'arena_http_requests_total', {
        method: 'POST',
        route: '/games',
        status: '201',
      }),
    ).toBe(1);
    expect(
      valueOf(samples, 'arena_http_requests_total', {
        route: '/games/:id/events',
        status: '200',
      }),
    ).toBe(1);
  });

  it('needs a token when reads do', async () => {
    const app = serve('token');
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const res = await app.inject({ method: 'GET', url: '/metrics', headers: TEST_AUTH });
    expect(res.statusCode).toBe(200);
    const samples = parseExposition(res.body);
    expect(
      valueOf(samples, 'arena_http_requests_total', { route: '/metrics', status: '401' }),
    ).toBe(1);
  });

  it('is listed in the OpenAPI document', async () => {
    const app = serve();
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    }>();
    expect(doc.paths['/metrics']?.['get']?.responses['200']).toEqual({
      description: expect.any(String),
      content: { [PROMETHEUS_CONTENT_TYPE]: {} },
    });
  });
});

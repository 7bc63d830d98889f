import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { loadContentCatalog } from '@arena/orchestration';
import { testProfiles, testScenario } from '@arena/models/testing';
import type { ErrorBody } from './error-response';
import type { GameView } from './game-view';
import {
  TEST_AUTH,
  eventually,
  fixtureCatalog,
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
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function serve(deps: Partial<ServerDeps> = {}) {
  const contentDir = mkdtempSync(join(tmpdir(), 'arena-runner-content-'));
  dirs.push(contentDir);
  mkdirSync(join(contentDir, 'characters'));
  mkdirSync(join(contentDir, 'scenarios'));
  const services = fixtureServices();
  let n = 0;
  const app = buildServer({
    services,
    logger: quietLogger,
    access: testAccess,
    newGameId: () => `g-test-${++n}`,
    newSeed: () => 1234,
    contentDir,
    ...deps,
  });
  apps.push(app);
  return { app, services, contentDir };
}

const ana = testProfiles[0] as (typeof testProfiles)[number];

/** A character in Arena's format, as JSON text. */
const characterJson = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({ ...ana, id: 'eve', name: 'Eve', source: undefined, ...overrides });

const CHARACTER_YAML = `id: eve
name: Eve
archetype: tester
description: Eve, a character sent over HTTP.
personality:
  bigFive: { openness: 0.7, conscientiousness: 0.5, extraversion: 0.4, agreeableness: 0.6, neuroticism: 0.3 }
  traits: [curious, { name: stubborn, intensity: 0.4 }]
  values: [honesty]
expertise: { domain: geology }
communication: { style: terse }
goals: [find the weak spot]
backstory: Eve mapped riverbeds for a decade.
`;

const HOMUNCULUS_YAML = `character_id: Dr_Mara_Lind
name: Mara Lind
archetype: field_scientist
personality:
  big_five: { openness: 0.8, conscientiousness: 0.7, extraversion: 0.3, agreeableness: 0.5, neuroticism: 0.4 }
  behavioral_traits:
    - { trait: methodical, intensity: 0.9 }
    - skeptical
  core_values:
    - { value: evidence, priority: 9 }
specialty:
  domain: soil_science
initial_goals:
  - { description: test every assumption }
`;

const scenarioJson = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({ ...testScenario, id: 'test-tunnel', title: 'A tunnel', ...overrides });

function post(app: FastifyInstance, url: string, payload: unknown, auth = true) {
  return app.inject({
    method: 'POST',
    url,
    headers: auth ? TEST_AUTH : {},
    payload: payload as object,
  });
}

/** The files in the content folder's `characters` and `scenarios`. */
const saved = (dir: string) =>
  ['characters', 'scenarios'].flatMap((kind) => readdirSync(join(dir, kind)));

const errorOf = (body: string) => (JSON.parse(body) as ErrorBody).error;

describe('GET /characters and /scenarios', () => {
  it('lists the catalog by id, with summaries', async () => {
    const { app } = serve();
    const res = await app.inject({ method: 'GET', url: '/characters' });
    expect(res.statusCode).toBe(200);
    const { characters } = res.json<{ characters: Array<Record<string, unknown>> }>();
    expect(characters.map((c) => c.id)).toEqual(['ana', 'bo', 'cy', 'di']);
    expect(characters[0]).toEqual({
      id: 'ana',
      name: 'Ana',
      archetype: 'tester',
      domain: 'civil engineering',
      description: 'Ana, a test character.',
      source: 'arena',
    });
    const scenarios = await app.inject({ method: 'GET', url: '/scenarios' });
    expect(scenarios.json()).toEqual({
      scenarios: [
        {
          id: 'test-bridge',
          title: testScenario.title,
          type: 'technical',
          description: testScenario.description,
          subProblems: ['foundations', 'deck', 'monitoring'],
        },
      ],
    });
  });

  it('shows one character or scenario in full', async () => {
    const { app } = serve();
    const character = await app.inject({ method: 'GET', url: '/characters/bo' });
    expect(character.statusCode).toBe(200);
    expect(character.json()).toEqual({ character: JSON.parse(JSON.stringify(testProfiles[1])) });
    const scenario = await app.inject({ method: 'GET', url: '/scenarios/test-bridge' });
    expect(scenario.json()).toEqual({ scenario: JSON.parse(JSON.stringify(testScenario)) });
  });

  it('answers 404 with a stable code for unknown ids, naming the known ones', async () => {
    const { app } = serve();
    const character = await app.inject({ method: 'GET', url: '/characters/zed' });
    expect(character.statusCode).toBe(404);
    expect(errorOf(character.body)).toMatchObject({ code: 'RUNNER_CHARACTER_NOT_FOUND' });
    expect(errorOf(character.body).message).toContain('ana, bo, cy, di');
    const scenario = await app.inject({ method: 'GET', url: '/scenarios/atlantis' });
    expect(scenario.statusCode).toBe(404);
    expect(errorOf(scenario.body).code).toBe('RUNNER_SCENARIO_NOT_FOUND');
  });

  it('answers 400 for a malformed id or an unknown query parameter', async () => {
    const { app } = serve();
    const badId = await app.inject({ method: 'GET', url: '/characters/Not_An_Id' });
    expect(badId.statusCode).toBe(400);
    expect(errorOf(badId.body).issues?.[0]?.path).toBe('id');
    const query = await app.inject({ method: 'GET', url: '/scenarios?sort=title' });
    expect(query.statusCode).toBe(400);
    expect(errorOf(query.body).issues?.[0]?.message).toContain('sort');
  });
});

describe('POST /characters/validate and /scenarios/validate', () => {
  it.each([
    ['YAML', { content: CHARACTER_YAML }, 'eve', 'arena'],
    ['JSON (detected)', { content: characterJson() }, 'eve', 'arena'],
    ['JSON', { content: characterJson(), format: 'json' }, 'eve', 'arena'],
    ['Homunculus YAML (detected)', { content: HOMUNCULUS_YAML }, 'dr-mara-lind', 'homunculus'],
    [
      'Homunculus YAML',
      { content: HOMUNCULUS_YAML, format: 'homunculus' },
      'dr-mara-lind',
      'homunculus',
    ],
  ])('accepts a character in %s', async (_, body, id, source) => {
    const { app, contentDir } = serve();
    const res = await post(app, '/characters/validate', body);
    expect(res.statusCode).toBe(200);
    const answer = res.json<{ valid: boolean; character: { id: string; source: string } }>();
    expect(answer.valid).toBe(true);
    expect(answer.character).toMatchObject({ id, source });
    // Validating saves nothing.
    expect(saved(contentDir)).toEqual([]);
    expect((await app.inject({ method: 'GET', url: `/characters/${id}` })).statusCode).toBe(404);
  });

  it('accepts a scenario, filling its defaults', async () => {
    const { app } = serve();
    const res = await post(app, '/scenarios/validate', { content: scenarioJson() });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      valid: true,
      scenario: { id: 'test-tunnel', successCriteria: { required: 'all' } },
    });
  });

  it.each([
    ['no body', '/characters/validate', undefined, '', /expected object/],
    ['content that is not text', '/characters/validate', { content: 42 }, 'content', /text/],
    ['empty content', '/characters/validate', { content: '' }, 'content', /text/],
    ['an unknown field', '/characters/validate', { content: 'a: 1', kind: 'x' }, '', /kind/],
    [
      'an unknown format',
      '/characters/validate',
      { content: 'a: 1', format: 'xml' },
      'format',
      /yaml.*json.*homunculus/,
    ],
    [
      'malformed YAML',
      '/characters/validate',
      { content: 'id: [eve\nname: Eve' },
      'content',
      /line \d+, column \d+/,
    ],
    [
      'text that is not JSON',
      '/characters/validate',
      { content: CHARACTER_YAML, format: 'json' },
      'content',
      /not valid JSON/,
    ],
    ['a scalar document', '/characters/validate', { content: 'just words' }, 'content', /object/],
    [
      'an empty trait list',
      '/characters/validate',
      { content: characterJson({ personality: { ...ana.personality, traits: [] } }) },
      'content.personality.traits',
      /1/,
    ],
    [
      'a Big Five score above 1',
      '/characters/validate',
      {
        content: characterJson({
          personality: { ...ana.personality, bigFive: { ...ana.personality.bigFive, openness: 3 } },
        }),
      },
      'content.personality.bigFive.openness',
      /1/,
    ],
    [
      'a bad id',
      '/characters/validate',
      { content: characterJson({ id: 'Eve Smith' }) },
      'content.id',
      /lowercase/,
    ],
    [
      'a missing field',
      '/characters/validate',
      { content: characterJson({ backstory: undefined }) },
      'content.backstory',
      /.+/,
    ],
    [
      'an Arena document as Homunculus',
      '/characters/validate',
      { content: CHARACTER_YAML, format: 'homunculus' },
      'content.personality.big_five',
      /Homunculus/,
    ],
    [
      'a bad Homunculus trait',
      '/characters/validate',
      { content: HOMUNCULUS_YAML.replace('intensity: 0.9', 'intensity: 9') },
      'content.personality.behavioral_traits.0.intensity',
      /1/,
    ],
    [
      'a scenario as Homunculus',
      '/scenarios/validate',
      { content: scenarioJson(), format: 'homunculus' },
      'format',
      /yaml.*json/,
    ],
    [
      'too few sub-problems',
      '/scenarios/validate',
      { content: scenarioJson({ subProblems: [testScenario.subProblems[0]] }) },
      'content.subProblems',
      /at least 2/,
    ],
    [
      'too few keywords',
      '/scenarios/validate',
      {
        content: scenarioJson({
          subProblems: [
            { ...testScenario.subProblems[0], keywords: ['a1'] },
            testScenario.subProblems[1],
          ],
        }),
      },
      'content.subProblems.0.keywords',
      /at least 3/,
    ],
    [
      'a required sub-problem that does not exist',
      '/scenarios/validate',
      { content: scenarioJson({ successCriteria: { description: 'x', required: ['roof'] } }) },
      'content.successCriteria.required.0',
      /unknown sub-problem/,
    ],
    [
      'rules that break the defaults',
      '/scenarios/validate',
      { content: scenarioJson({ rules: { phases: { midFrom: 0.9, lateFrom: 0.5 } } }) },
      'content.rules.phases',
      /ordered/,
    ],
  ])('answers 400 with the field path for %s', async (_, url, body, path, message) => {
    const { app } = serve();
    const res = await post(app, url, body);
    expect(res.statusCode).toBe(400);
    const error = errorOf(res.body);
    expect(error.code).toBe('ARENA_INVALID_INPUT');
    const issue = error.issues?.find((i) => i.path === path);
    expect(issue, JSON.stringify(error.issues)).toBeDefined();
    expect(issue?.message).toMatch(message);
  });

  it('needs a bearer token, like every POST', async () => {
    const { app } = serve();
    const res = await post(app, '/characters/validate', { content: CHARACTER_YAML }, false);
    expect(res.statusCode).toBe(401);
    expect(errorOf(res.body).code).toBe('RUNNER_UNAUTHORIZED');
  });
});

describe('POST /characters and /scenarios (upload)', () => {
  it('saves a character into the content folder and lists it at once', async () => {
    const { app, contentDir } = serve();
    const res = await post(app, '/characters', { content: CHARACTER_YAML });
    expect(res.statusCode).toBe(201);
    expect(res.headers['location']).toBe('/characters/eve');
    expect(res.json()).toMatchObject({
      character: { id: 'eve', name: 'Eve', expertise: { domain: 'geology' } },
      replaced: false,
      links: { self: '/characters/eve' },
    });
    const file = join(contentDir, 'characters', 'eve.yaml');
    expect(readFileSync(file, 'utf8')).toBe(CHARACTER_YAML);
    expect(readdirSync(join(contentDir, 'characters'))).toEqual(['eve.yaml']);
    expect(loadContentCatalog(contentDir).characters.get('eve')?.name).toBe('Eve');

    const list = await app.inject({ method: 'GET', url: '/characters' });
    expect(list.json<{ characters: Array<{ id: string }> }>().characters.map((c) => c.id)).toEqual([
      'ana',
      'bo',
      'cy',
      'di',
      'eve',
    ]);
    const shown = await app.inject({ method: 'GET', url: '/characters/eve' });
    expect(shown.json()).toMatchObject({ character: { id: 'eve', backstory: expect.any(String) } });
    // The shared fixture catalog is not changed: the server holds a new catalog.
    expect(fixtureCatalog.characters.has('eve')).toBe(false);
  });

  it('saves JSON as .json and Homunculus YAML as .yaml under the derived id', async () => {
    const { app, contentDir } = serve();
    expect((await post(app, '/characters', { content: characterJson() })).statusCode).toBe(201);
    const homunculus = await post(app, '/characters', {
      content: HOMUNCULUS_YAML,
      format: 'homunculus',
    });
    expect(homunculus.statusCode).toBe(201);
    expect(homunculus.json()).toMatchObject({
      character: { id: 'dr-mara-lind', source: 'homunculus' },
    });
    expect(readdirSync(join(contentDir, 'characters')).sort()).toEqual([
      'dr-mara-lind.yaml',
      'eve.json',
    ]);
    const reloaded = loadContentCatalog(contentDir).characters;
    expect(reloaded.get('dr-mara-lind')?.source).toBe('homunculus');
  });

  it('answers 409 for an id that exists, shipped or uploaded, unless ?replace=true', async () => {
    const { app, contentDir } = serve();
    expect((await post(app, '/characters', { content: CHARACTER_YAML })).statusCode).toBe(201);
    const again = await post(app, '/characters', { content: characterJson() });
    expect(again.statusCode).toBe(409);
    expect(errorOf(again.body).code).toBe('RUNNER_CONTENT_EXISTS');
    expect(errorOf(again.body).message).toContain('replace=true');

    const shipped = await post(app, '/characters', { content: characterJson({ id: 'ana' }) });
    expect(shipped.statusCode).toBe(409);

    const replaced = await post(app, '/characters?replace=true', {
      content: characterJson({ name: 'Eve Again' }),
    });
    expect(replaced.statusCode).toBe(201);
    expect(replaced.json()).toMatchObject({ replaced: true, character: { name: 'Eve Again' } });
    // One document per id: the earlier YAML file gave way to the JSON one.
    expect(readdirSync(join(contentDir, 'characters'))).toEqual(['eve.json']);
    const shown = await app.inject({ method: 'GET', url: '/characters/eve' });
    expect(shown.json()).toMatchObject({ character: { name: 'Eve Again' } });

    const replacedShipped = await post(app, '/characters?replace=true', {
      content: characterJson({ id: 'ana', name: 'Ana Prime' }),
    });
    expect(replacedShipped.statusCode).toBe(201);
    expect((await app.inject({ method: 'GET', url: '/characters/ana' })).json()).toMatchObject({
      character: { name: 'Ana Prime' },
    });
  });

  it('answers 400 for a malformed replace flag and for invalid documents, saving nothing', async () => {
    const { app, contentDir } = serve();
    const flag = await post(app, '/characters?replace=yes', { content: CHARACTER_YAML });
    expect(flag.statusCode).toBe(400);
    expect(errorOf(flag.body).issues?.[0]).toMatchObject({ path: 'replace' });
    const invalid = await post(app, '/scenarios', { content: scenarioJson({ type: 'poetry' }) });
    expect(invalid.statusCode).toBe(400);
    expect(errorOf(invalid.body).issues?.[0]?.path).toBe('content.type');
    expect(saved(contentDir)).toEqual([]);
  });

  it('needs a bearer token', async () => {
    const { app } = serve();
    const res = await post(app, '/scenarios', { content: scenarioJson() }, false);
    expect(res.statusCode).toBe(401);
  });

  it('refuses uploads with 503 when the runner has no content folder', async () => {
    const { app } = serve({ contentDir: undefined });
    const res = await post(app, '/characters', { content: CHARACTER_YAML });
    expect(res.statusCode).toBe(503);
    expect(errorOf(res.body).code).toBe('RUNNER_CONTENT_UNWRITABLE');
  });

  it('makes an uploaded character and scenario playable by new games at once', async () => {
    const { app } = serve();
    expect((await post(app, '/characters', { content: CHARACTER_YAML })).statusCode).toBe(201);
    expect((await post(app, '/scenarios', { content: scenarioJson() })).statusCode).toBe(201);
    const created = await post(
      app,
      '/games',
      fixtureConfig({ scenario: 'test-tunnel', players: ['eve', 'ana', 'bo'] }),
    );
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;
    const final = await eventually(
      async () => (await app.inject({ method: 'GET', url: `/games/${id}` })).json<GameView>(),
      (v) => v.status === 'ended',
    );
    expect(final.scenario).toEqual({ id: 'test-tunnel', title: 'A tunnel' });
    expect(final.players.map((p) => p.characterId)).toEqual(['eve', 'ana', 'bo']);
  });

  it('documents the routes in the OpenAPI document', async () => {
    const { app } = serve();
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    for (const kind of ['characters', 'scenarios']) {
      expect(Object.keys(doc.paths[`/${kind}`] ?? {}).sort()).toEqual(['get', 'post']);
      expect(doc.paths[`/${kind}/{id}`]).toHaveProperty('get');
      expect(doc.paths[`/${kind}/validate`]).toHaveProperty('post');
    }
  });
});

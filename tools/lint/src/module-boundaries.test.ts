import path from 'node:path';
import { createProjectGraphAsync, workspaceRoot, type ProjectGraph } from '@nx/devkit';
import { ESLint, type Linter } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const BOUNDARY_RULE = '@nx/enforce-module-boundaries';

/**
 * The one library allowed to import each owned package (ARCHITECTURE.md §2); `null` when only an
 * app may import it.
 */
const OWNERS: Record<string, string | null> = {
  kafkajs: 'message-bus',
  pg: 'persistence',
  'drizzle-orm': 'persistence',
  '@electric-sql/pglite': 'persistence',
  ioredis: 'persistence',
  '@langchain/core': 'agents',
  '@langchain/openai': 'agents',
  '@langchain/anthropic': 'agents',
  '@langchain/ollama': 'agents',
  '@langchain/langgraph': 'orchestration',
  openskill: 'scoring',
  fastify: null,
};

/**
 * The cycle rule follows imports through real files, so its fixture is a small tree on disk laid
 * out like the workspace (`libs/scoring/src/...`) and linted with the root config from there.
 */
const CYCLE_FIXTURE = path.join(import.meta.dirname, '..', 'fixtures', 'cycle');

let graph: ProjectGraph;
let eslint: ESLint;

beforeAll(async () => {
  // The boundary rule reads the cached project graph; a fresh clone has none until it is computed.
  graph = await createProjectGraphAsync({ exitOnError: false });
  eslint = new ESLint({ cwd: workspaceRoot });
});

function projectRoot(project: string): string {
  const node = graph.nodes[project];
  if (!node) throw new Error(`No project "${project}" in the workspace graph`);
  return node.data.root;
}

/** Lints a virtual source file inside `project` and returns what ESLint reported. */
async function lintSource(project: string, code: string): Promise<Linter.LintMessage[]> {
  const filePath = path.join(workspaceRoot, projectRoot(project), 'src', '__boundary_fixture__.ts');
  const [result] = await eslint.lintText(code, { filePath });
  return result?.messages ?? [];
}

async function boundaryErrors(project: string, specifier: string): Promise<string[]> {
  const code = `import * as imported from '${specifier}';\n\nexport const fixture = imported;\n`;
  const messages = await lintSource(project, code);
  return messages
    .filter((m) => m.ruleId === BOUNDARY_RULE && m.severity === 2)
    .map((m) => m.message);
}

function isInstalled(packageName: string): boolean {
  return Object.values(graph.externalNodes ?? {}).some((n) => n.data.packageName === packageName);
}

describe('module boundaries', () => {
  it.each([
    {
      from: 'scoring',
      to: '@arena/persistence',
      reason: /"type:capability" can only depend on libs tagged with "type:model"/,
    },
    {
      from: 'agents',
      to: '@arena/scoring',
      reason: /"type:capability" can only depend on libs tagged with "type:model"/,
    },
    {
      from: 'message-bus',
      to: '@arena/persistence',
      reason: /"type:infra" can only depend on libs tagged with "type:model"/,
    },
    {
      from: 'models',
      to: '@arena/scoring',
      reason: /"type:model" can only depend|Circular dependency between "models" and "scoring"/,
    },
    {
      from: 'orchestration',
      to: '@arena/runner',
      reason: /"type:orchestration" can only depend|Circular dependency between "orchestration"/,
    },
    {
      from: 'scoring',
      to: '../../models/src/events',
      reason: /cannot be imported by a relative or absolute path/,
    },
    {
      from: 'models',
      to: 'drizzle-orm',
      reason: /"scope:models" is not allowed to import "drizzle-orm"/,
    },
  ])('forbids $from importing $to', async ({ from, to, reason }) => {
    const errors = await boundaryErrors(from, to);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(reason);
  });

  it.each([
    { from: 'orchestration', to: '@arena/scoring' },
    { from: 'orchestration', to: '@arena/agents' },
    { from: 'orchestration', to: '@arena/persistence' },
    { from: 'orchestration', to: '@arena/message-bus' },
    { from: 'scoring', to: '@arena/models' },
    { from: 'runner', to: '@arena/orchestration' },
  ])('allows $from importing $to', async ({ from, to }) => {
    expect(await boundaryErrors(from, to)).toEqual([]);
  });

  it('lets each owned package be imported by its owning library alone', async () => {
    // The rule can only judge packages in the lockfile; an absent one cannot be imported at all.
    const installed = Object.keys(OWNERS).filter(isInstalled);
    const libraries = Object.values(graph.nodes)
      .filter((n) => n.data.root.startsWith('libs/'))
      .map((n) => n.name)
      .sort();
    const expected: Record<string, string[]> = {};
    const actual: Record<string, string[]> = {};
    for (const packageName of installed) {
      const owner = OWNERS[packageName];
      expected[packageName] = owner ? [owner] : [];
      const allowedIn: string[] = [];
      for (const library of libraries) {
        if ((await boundaryErrors(library, packageName)).length === 0) allowedIn.push(library);
      }
      actual[packageName] = allowedIn;
    }
    expect(installed).not.toEqual([]);
    expect(actual).toEqual(expected);
  });
});

describe('library hygiene', () => {
  const readsEnvironment = "export const level = process.env['LOG_LEVEL'];\n";

  it('forbids libraries reading process.env', async () => {
    const messages = await lintSource('scoring', readsEnvironment);
    expect(messages.map((m) => m.ruleId)).toEqual(['no-restricted-properties']);
  });

  it('lets apps read process.env', async () => {
    expect(await lintSource('runner', readsEnvironment)).toEqual([]);
  });

  it('reports an import cycle inside a library', async () => {
    const fixtureLint = new ESLint({
      cwd: CYCLE_FIXTURE,
      overrideConfigFile: path.join(workspaceRoot, 'eslint.config.mjs'),
    });
    const results = await fixtureLint.lintFiles(['libs/scoring/src']);
    const cycles = results
      .filter((r) => r.messages.some((m) => m.ruleId === 'import-x/no-cycle'))
      .map((r) => path.relative(CYCLE_FIXTURE, r.filePath));
    expect(cycles.sort()).toEqual([
      'libs/scoring/src/accusation-weight.ts',
      'libs/scoring/src/verdict-weight.ts',
    ]);
  });
});

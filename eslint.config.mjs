import nx from '@nx/eslint-plugin';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';

/** Packages that each belong to exactly one project (ARCHITECTURE.md §2). */
const owned = {
  kafka: ['kafkajs'],
  persistence: ['pg', 'drizzle-orm', 'drizzle-orm/*', '@electric-sql/*', 'ioredis'],
  langgraph: ['@langchain/langgraph', '@langchain/langgraph/*', '@langchain/langgraph-*'],
  langchain: [
    '@langchain/core',
    '@langchain/core/*',
    '@langchain/openai',
    '@langchain/anthropic',
    '@langchain/ollama',
    'openai',
    'openai/*',
    '@anthropic-ai/*',
    'ollama',
    'ollama/*',
  ],
  ratings: ['openskill'],
  http: ['fastify', '@fastify/*'],
};
const except = (...keep) =>
  Object.entries(owned)
    .filter(([k]) => !keep.includes(k))
    .flatMap(([, v]) => v);

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: [
      '**/dist',
      '**/out-tsc',
      '**/vite.config.*.timestamp*',
      '**/vitest.config.*.timestamp*',
      '**/drizzle/**',
      'tools/lint/fixtures/**',
    ],
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:model', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:model'] },
            { sourceTag: 'type:capability', onlyDependOnLibsWithTags: ['type:model'] },
            {
              sourceTag: 'type:orchestration',
              onlyDependOnLibsWithTags: ['type:model', 'type:infra', 'type:capability'],
            },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:model',
                'type:infra',
                'type:capability',
                'type:orchestration',
              ],
            },
            {
              sourceTag: 'type:tool',
              onlyDependOnLibsWithTags: [
                'type:model',
                'type:infra',
                'type:capability',
                'type:orchestration',
              ],
            },
            { sourceTag: 'scope:models', bannedExternalImports: except() },
            { sourceTag: 'scope:message-bus', bannedExternalImports: except('kafka') },
            { sourceTag: 'scope:persistence', bannedExternalImports: except('persistence') },
            { sourceTag: 'scope:agents', bannedExternalImports: except('langchain') },
            { sourceTag: 'scope:scoring', bannedExternalImports: except('ratings') },
            { sourceTag: 'scope:orchestration', bannedExternalImports: except('langgraph') },
            { sourceTag: 'scope:runner', bannedExternalImports: except('http') },
            { sourceTag: 'scope:cli', bannedExternalImports: except() },
            // The dashboard runs in the browser: it talks to the runner over HTTP and may use the
            // shared types (type-only imports) but no server-side package.
            {
              sourceTag: 'scope:dashboard',
              onlyDependOnLibsWithTags: ['type:model'],
              bannedExternalImports: except(),
            },
            { sourceTag: 'scope:bench', bannedExternalImports: except('langgraph') },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js'] })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Libraries take typed options; only apps read process.env.',
        },
      ],
    },
  },
];

import { describe, expect, it } from 'vitest';
import { runArena } from '../cli-run.fixture';

interface ModelRow {
  role: string;
  spec: string;
  provider: string;
  configured: boolean;
  problem: string | null;
  endpoint: string;
}

describe('arena models', () => {
  it('lists every role on the built-in simulator as ready by default', async () => {
    const run = await runArena(['models']);
    expect(run.code).toBe(0);
    expect(run.err).toBe('');
    for (const role of ['seats', 'judge', 'narrator', 'summariser']) {
      expect(run.out).toMatch(new RegExp(`^${role}\\s+sim\\s+ready\\s+built-in`, 'm'));
    }
    expect(run.out).not.toContain('not configured');
  });

  it('reports a seat model whose key is missing as not configured, naming the key', async () => {
    const run = await runArena(['models'], { ARENA_MODEL: 'openai:gpt-4o-mini' });
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^seats\s+openai:gpt-4o-mini\s+not configured/m);
    expect(run.out).toContain('OPENAI_API_KEY');
    expect(run.out).toMatch(/^judge\s+sim\s+ready/m);
  });

  it('prints one JSON array with a row per role and per spec given', async () => {
    const run = await runArena(
      ['models', '--json', 'anthropic:claude-haiku', 'ollama:llama3.1:8b'],
      {
        ARENA_JUDGE_MODELS: 'sim,openai:gpt-4o-mini',
        ARENA_NARRATOR_MODEL: 'ollama:qwen2.5',
        ARENA_SUMMARISER_MODEL: 'anthropic:claude-haiku',
        ANTHROPIC_API_KEY: 'test-key',
        OLLAMA_BASE_URL: 'http://127.0.0.1:9',
      },
    );
    expect(run.code).toBe(0);
    expect(run.lines).toHaveLength(1);
    const rows = JSON.parse(run.out) as ModelRow[];
    expect(Array.isArray(rows)).toBe(true);
    expect(rows.map((r) => [r.role, r.spec, r.configured])).toEqual([
      ['seats', 'sim', true],
      ['judge', 'sim', true],
      ['judge', 'openai:gpt-4o-mini', false],
      ['narrator', 'ollama:qwen2.5', true],
      ['summariser', 'anthropic:claude-haiku', true],
      ['given', 'anthropic:claude-haiku', true],
      ['given', 'ollama:llama3.1:8b', true],
    ]);
    expect(rows[2]?.problem).toContain('OPENAI_API_KEY');
    expect(rows.find((r) => r.role === 'narrator')?.endpoint).toBe('http://127.0.0.1:9');
  });

  it('rejects a malformed spec argument with exit code 2 naming the spec', async () => {
    const run = await runArena(['models', 'sim', 'nope:x']);
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err).toContain('nope:x');
  });
});

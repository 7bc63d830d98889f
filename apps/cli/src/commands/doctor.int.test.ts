import { afterEach, describe, expect, it } from 'vitest';
import { gameResponder, scriptedResponder } from '@arena/agents/testing';
import { runArena } from '../cli-run.fixture';
import { loopbackPool } from '../loopback.fixture';

const models = loopbackPool();
afterEach(() => models.closeAll());

/** The line `arena doctor` printed for `spec`. */
function lineFor(out: string, spec: string): string {
  return out.split('\n').find((l) => l.split(/\s+/)[1] === spec) ?? '';
}

describe('arena doctor', () => {
  it('passes OpenAI-compatible, Anthropic and Ollama models that answer', async () => {
    const model = await models.start(gameResponder({ seed: 1 }));
    const compatible = model.spec;
    const run = await runArena(['doctor', compatible, 'anthropic:any', 'ollama:any'], {
      ANTHROPIC_API_KEY: 'x',
      ANTHROPIC_BASE_URL: model.url,
      OLLAMA_BASE_URL: model.url,
    });
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    for (const spec of ['sim', compatible, 'anthropic:any', 'ollama:any']) {
      expect(lineFor(run.out, spec)).toMatch(/^ok\s/);
    }
    expect(lineFor(run.out, 'anthropic:any')).toMatch(/\d+ ms replied "/);
    expect(model.requests.map((r) => r.format)).toEqual(['openai', 'anthropic', 'ollama']);
  });

  it('fails with exit code 1 when a model answers with a server error, naming the failure', async () => {
    const model = await models.start(scriptedResponder([{ status: 500 }]));
    const compatible = model.spec;
    const run = await runArena(['doctor', compatible], { ARENA_MODEL_MAX_RETRIES: '0' });
    expect(run.code).toBe(1);
    expect(lineFor(run.out, 'sim')).toMatch(/^ok\s/);
    expect(lineFor(run.out, compatible)).toMatch(/^FAIL\s.*server.*HTTP 500/);
  });

  it('reports every failure as JSON too', async () => {
    const model = await models.start(scriptedResponder([{ status: 500 }]));
    const compatible = model.spec;
    const run = await runArena(['doctor', '--json', compatible], { ARENA_MODEL_MAX_RETRIES: '0' });
    expect(run.code).toBe(1);
    const results = JSON.parse(run.out) as { spec: string; ok: boolean; detail: string }[];
    expect(results).toEqual([
      expect.objectContaining({ spec: 'sim', ok: true }),
      expect.objectContaining({
        spec: compatible,
        ok: false,
        detail: expect.stringContaining('500'),
      }),
    ]);
  });

  it('fails a model whose key is missing without calling it, naming the key', async () => {
    const run = await runArena(['doctor', 'anthropic:claude-haiku'], {
      ARENA_MODEL: 'openai:gpt-4o-mini',
    });
    expect(run.code).toBe(1);
    expect(lineFor(run.out, 'openai:gpt-4o-mini')).toMatch(/^FAIL\s.*OPENAI_API_KEY/);
    expect(lineFor(run.out, 'anthropic:claude-haiku')).toMatch(/^FAIL\s.*ANTHROPIC_API_KEY/);
  });
});

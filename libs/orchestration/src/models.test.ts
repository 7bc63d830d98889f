import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { costOf } from '@arena/agents';
import { modelDefaults, openModelSetup, readPriceTable } from './models';
import { parseSettings } from './settings';

const example = resolve(import.meta.dirname, '../../../config/prices.example.yaml');

function issuesOf(env: Record<string, string>): string {
  try {
    parseSettings(env);
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

describe('model settings', () => {
  it('defaults every role to sim and reads model defaults from the environment', () => {
    expect(modelDefaults(parseSettings({}))).toEqual({
      seat: 'sim',
      judge: ['sim'],
      narrator: 'sim',
      summariser: undefined,
      bidder: undefined,
    });
    const settings = parseSettings({
      ARENA_MODEL: 'ollama:llama3.1:8b',
      ARENA_JUDGE_MODELS: 'openai:gpt-4o-mini, sim',
      ARENA_RATE_LIMITS: 'openai=500,anthropic=50',
      ARENA_STREAMING: '1',
    });
    expect(modelDefaults(settings)).toMatchObject({
      seat: 'ollama:llama3.1:8b',
      judge: ['openai:gpt-4o-mini', 'sim'],
    });
    expect(settings.ARENA_RATE_LIMITS).toEqual({ openai: 500, anthropic: 50 });
    expect(settings.ARENA_STREAMING).toBe(true);
  });

  it('names each bad variable and what it allows', () => {
    expect(issuesOf({ ARENA_MODEL: 'gpt-4o' })).toContain('ARENA_MODEL');
    expect(issuesOf({ ARENA_JUDGE_MODELS: 'sim,sim,sim,sim,sim,sim' })).toContain('at most 5');
    expect(issuesOf({ ARENA_RATE_LIMITS: 'openai=fast' })).toContain(
      '<provider>=<requests per minute>',
    );
    expect(issuesOf({ ARENA_MODEL_TIMEOUT_MS: 'soon' })).toContain('ARENA_MODEL_TIMEOUT_MS');
    expect(issuesOf({ OLLAMA_BASE_URL: 'localhost' })).toContain('OLLAMA_BASE_URL');
    expect(issuesOf({ ARENA_CASSETTE_MODE: 'tape' })).toContain('ARENA_CASSETTE_MODE');
  });
});

describe('price tables', () => {
  it('reads the shipped example and prices calls by spec or provider pattern', () => {
    const table = readPriceTable(example);
    const usage = { inputTokens: 1_000_000, outputTokens: 1_000_000 };
    expect(costOf('openai:gpt-4o-mini', usage, table)).toBeCloseTo(0.75, 6);
    expect(costOf('anthropic:claude-sonnet-4-5', usage, table)).toBeCloseTo(18, 6);
    expect(costOf('openai:gpt-4o', usage, table)).toBe(0);
  });

  it('rejects a malformed table naming the file and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'arena-prices-'));
    const file = join(dir, 'prices.yaml');
    writeFileSync(file, "'openai:gpt-4o-mini': { inputPerMTok: -1, outputPerMTok: 1 }\n");
    expect(() => readPriceTable(file)).toThrow(/prices\.yaml[\s\S]*inputPerMTok/);
    expect(() => readPriceTable(join(dir, 'missing.yaml'))).toThrow(/Cannot read file/);
  });

  it('opens a setup whose cassette replay refuses a missing file clearly', () => {
    const settings = parseSettings({ ARENA_CASSETTE: '/nonexistent/arena.jsonl' });
    expect(() => openModelSetup(settings, { cassetteMode: 'replay' })).toThrow(/does not exist/);
  });
});

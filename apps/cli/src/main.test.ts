import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './main';
import { recordingOutput } from './testing-output';

const env = {};

async function cli(...argv: string[]) {
  const out = recordingOutput();
  const code = await runCli(argv, out, env);
  return { code, out: out.stdout.join('\n'), err: out.stderr.join('\n') };
}

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'arena-cli-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('arena CLI', () => {
  it('lists shipped scenarios and characters, also as JSON', async () => {
    const scenarios = await cli('scenarios');
    expect(scenarios.code).toBe(0);
    expect(scenarios.out).toContain('city-water');
    const characters = await cli('characters', '--json');
    expect(characters.code).toBe(0);
    const list = JSON.parse(characters.out) as Array<{ id: string; source: string }>;
    expect(list.length).toBeGreaterThanOrEqual(12);
    expect(list.filter((c) => c.source === 'homunculus').length).toBeGreaterThanOrEqual(2);
  });

  it('rejects unknown commands and flags with exit code 2 naming what is allowed', async () => {
    expect(await cli('dance')).toMatchObject({
      code: 2,
      err: expect.stringContaining('Allowed: play'),
    });
    const flag = await cli('play', '--turbo');
    expect(flag.code).toBe(2);
    expect(flag.err).toMatch(/--turbo.*Allowed flags: --scenario/s);
  });

  it('rejects bad flag values with the flag name and the allowed values', async () => {
    const seed = await cli('play', '--seed', 'abc');
    expect(seed.code).toBe(2);
    expect(seed.err).toContain('--seed: must be a whole number');
    const mode = await cli('play', '--mode', 'friendly');
    expect(mode.code).toBe(2);
    expect(mode.err).toMatch(/--mode: .*competitive.*cooperative.*mixed/);
    const players = await cli('play', '--players', 'ada');
    expect(players.code).toBe(2);
    expect(players.err).toContain('--players: name at least 2 players');
  });

  it('rejects unknown scenario and character ids with exit code 2 and the allowed ids', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arena-cli-data-'));
    const scenario = await cli('play', '--scenario', 'moon-base', '--data-dir', dir);
    expect(scenario.code).toBe(2);
    expect(scenario.err).toMatch(/scenario: unknown scenario "moon-base"; allowed: .*city-water/);
    const player = await cli('play', '--players', 'amara-teodoro,nobody', '--data-dir', dir);
    expect(player.code).toBe(2);
    expect(player.err).toMatch(/players\.1: unknown character "nobody"/);
  });

  it('validates character and scenario files, naming the line of malformed YAML', async () => {
    const bad = tempFile('bad.yaml', 'name: Ada\npersonality: [unclosed\n');
    const malformed = await cli('validate', bad);
    expect(malformed.code).toBe(2);
    expect(malformed.err).toMatch(/Malformed YAML at .*bad\.yaml:\d+:\d+/);

    const wrong = tempFile('wrong.yaml', 'id: ada\nname: Ada\narchetype: x\n');
    const invalid = await cli('validate', wrong);
    expect(invalid.code).toBe(2);
    expect(invalid.err).toMatch(/personality: .*expected object/i);

    const good = await cli(
      'validate',
      join(import.meta.dirname, '../../../content/scenarios/city-water.yaml'),
    );
    expect(good).toMatchObject({
      code: 0,
      out: expect.stringContaining('valid scenario "city-water"'),
    });
  });

  it('reports an unknown game id with exit code 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arena-cli-data-'));
    const shown = await cli('show', 'g-missing', '--data-dir', dir);
    expect(shown.code).toBe(2);
    expect(shown.err).toContain('No game with id g-missing');
  });
});

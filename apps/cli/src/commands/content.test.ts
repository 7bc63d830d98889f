import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runArena, tempDir, tempFile } from '../cli-run.fixture';

const shipped = resolve(import.meta.dirname, '../../../../content/characters');
/** A Homunculus character shipped with the content (its id becomes the slug of character_id). */
const homunculusText = readFileSync(join(shipped, 'nadia-quell.yaml'), 'utf8');

describe('arena characters', () => {
  it('lists with or without the list subcommand, also as JSON', async () => {
    const plain = await runArena(['characters']);
    const listed = await runArena(['characters', 'list']);
    expect(plain.code).toBe(0);
    expect(listed.out).toBe(plain.out);
    const json = await runArena(['characters', 'list', '--json']);
    expect((JSON.parse(json.out) as Array<{ id: string }>).map((c) => c.id)).toContain(
      'amara-teodoro',
    );
  });

  it('shows one profile, as text or JSON, and names the known ids for an unknown one', async () => {
    const text = await runArena(['characters', 'show', 'amara-teodoro']);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/\(amara-teodoro\)/);
    expect(text.out).toContain('big five');
    const json = await runArena(['characters', 'show', 'amara-teodoro', '--json']);
    expect(JSON.parse(json.out)).toMatchObject({
      id: 'amara-teodoro',
      personality: expect.any(Object),
    });
    const missing = await runArena(['characters', 'show', 'zed']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/No character "zed"; known: .*amara-teodoro/);
  });

  it('rejects bad subcommands, arguments and flags with exit 2', async () => {
    for (const [argv, message] of [
      [
        ['characters', 'dance'],
        'characters takes a subcommand, one of: list, show, validate, import',
      ],
      [['characters', 'show'], 'characters show takes exactly one argument'],
      [['characters', 'list', 'x'], 'characters list takes no arguments'],
      [['characters', 'list', '--out', '/tmp'], '--out is only for characters import'],
      [['characters', 'import'], 'characters import takes exactly one argument'],
      [['characters', 'import', '/no/such.yaml'], 'Cannot read /no/such.yaml'],
      [['characters', 'import', 'x.yaml', '--out='], '--out: needs a folder'],
      [['scenarios', 'import'], 'scenarios takes a subcommand, one of: list, show, validate'],
      [['scenarios', 'list', '--force'], '--force is only for characters import'],
    ] as const) {
      const run = await runArena([...argv]);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.err).toContain(message);
    }
  });

  it('validates a file and names the field path of an error', async () => {
    const good = await runArena([
      'characters',
      'validate',
      join(shipped, 'amara-teodoro.yaml'),
      '--json',
    ]);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.out)).toMatchObject({
      kind: 'character',
      id: 'amara-teodoro',
      valid: true,
    });
    const broken = tempFile(
      'broken.yaml',
      readFileSync(join(shipped, 'amara-teodoro.yaml'), 'utf8').replace(
        /^id: .*$/m,
        'id: Not A Slug',
      ),
    );
    const bad = await runArena(['characters', 'validate', broken]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('id');
    expect(bad.err).toContain('lowercase letters');
  });

  it('imports a Homunculus character as an Arena profile that loads and validates', async () => {
    const source = tempFile('homunculus.yaml', homunculusText);
    const out = tempDir();
    const imported = await runArena(['characters', 'import', source, '--out', out, '--json']);
    expect(imported.err).toBe('');
    expect(imported.code).toBe(0);
    const result = JSON.parse(imported.out) as { id: string; path: string };
    expect(result.path).toBe(join(out, `${result.id}.yaml`));
    const written = readFileSync(result.path, 'utf8');
    expect(written).not.toContain('big_five');
    expect(written).toContain('bigFive');
    const check = await runArena(['characters', 'validate', result.path, '--json']);
    expect(JSON.parse(check.out)).toMatchObject({ id: result.id, valid: true });

    const again = await runArena(['characters', 'import', source, '--out', out]);
    expect(again.code).toBe(2);
    expect(again.err).toContain('give --force to replace it');
    expect((await runArena(['characters', 'import', source, '--out', out, '--force'])).code).toBe(
      0,
    );

    const arena = await runArena([
      'characters',
      'import',
      join(shipped, 'amara-teodoro.yaml'),
      '--out',
      out,
    ]);
    expect(arena.code).toBe(2);
    expect(arena.err).toContain('is not a Homunculus character');
  });
});

describe('arena scenarios', () => {
  it('lists, shows and validates scenarios', async () => {
    expect((await runArena(['scenarios'])).out).toContain('city-water');
    const shown = await runArena(['scenarios', 'show', 'city-water']);
    expect(shown.code).toBe(0);
    expect(shown.out).toContain('Sub-problems');
    const json = await runArena(['scenarios', 'show', 'city-water', '--json']);
    expect(JSON.parse(json.out)).toMatchObject({
      id: 'city-water',
      subProblems: expect.any(Array),
    });
    const file = resolve(import.meta.dirname, '../../../../content/scenarios/city-water.yaml');
    const valid = await runArena(['scenarios', 'validate', file]);
    expect(valid.out).toContain('valid scenario "city-water"');
    const top = await runArena(['validate', file, '--json']);
    expect(JSON.parse(top.out)).toMatchObject({ kind: 'scenario', id: 'city-water' });
    const missing = await runArena(['scenarios', 'show', 'moon-base']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('No scenario "moon-base"; known:');
  });
});

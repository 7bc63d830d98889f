import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCharacterText } from '@arena/models';
import { testProfiles, testScenario } from '@arena/models/testing';
import { loadContentCatalog, type ContentCatalog } from './catalog';
import { saveContentFile, withContent } from './content-files';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function contentDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'arena-content-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'characters'));
  mkdirSync(join(dir, 'scenarios'));
  return dir;
}

const [ana, bo] = testProfiles as [(typeof testProfiles)[0], (typeof testProfiles)[0]];

describe('withContent', () => {
  it('returns a new catalog with the additions and leaves the old one unchanged', () => {
    const catalog: ContentCatalog = {
      characters: new Map([[ana.id, ana]]),
      scenarios: new Map(),
    };
    const renamed = { ...ana, name: 'Ana Two' };
    const next = withContent(catalog, { characters: [renamed, bo], scenarios: [testScenario] });
    expect([...next.characters.keys()]).toEqual([ana.id, bo.id]);
    expect(next.characters.get(ana.id)?.name).toBe('Ana Two');
    expect(next.scenarios.get(testScenario.id)).toBe(testScenario);
    expect(catalog.characters.get(ana.id)?.name).toBe(ana.name);
    expect(catalog.scenarios.size).toBe(0);
  });
});

describe('saveContentFile', () => {
  const parse = (text: string, source: string) => parseCharacterText(text, source);

  it('writes the document so that loading the folder finds it, leaving no temporary file', () => {
    const dir = contentDir();
    const text = JSON.stringify({ ...ana, id: 'new-one' });
    const path = saveContentFile({
      dir,
      kind: 'characters',
      id: 'new-one',
      text,
      extension: 'json',
      parse,
    });
    expect(path).toBe(join(dir, 'characters', 'new-one.json'));
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(readdirSync(join(dir, 'characters'))).toEqual(['new-one.json']);
    expect(loadContentCatalog(dir).characters.get('new-one')?.name).toBe(ana.name);
  });

  it('creates a missing folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'arena-content-'));
    dirs.push(dir);
    saveContentFile({
      dir,
      kind: 'characters',
      id: ana.id,
      text: JSON.stringify(ana),
      extension: 'yaml',
      parse,
    });
    expect(readdirSync(join(dir, 'characters'))).toEqual([`${ana.id}.yaml`]);
  });

  it('removes other documents that define the same id, and keeps the rest', () => {
    const dir = contentDir();
    const folder = join(dir, 'characters');
    writeFileSync(join(folder, 'old-name.yaml'), JSON.stringify(ana));
    writeFileSync(join(folder, `${ana.id}.json`), JSON.stringify(ana));
    writeFileSync(join(folder, `${bo.id}.yaml`), JSON.stringify(bo));
    writeFileSync(join(folder, 'notes.txt'), 'not a document');
    saveContentFile({
      dir,
      kind: 'characters',
      id: ana.id,
      text: JSON.stringify({ ...ana, name: 'Replaced' }),
      extension: 'yaml',
      parse,
    });
    expect(readdirSync(folder).sort()).toEqual([`${ana.id}.yaml`, `${bo.id}.yaml`, 'notes.txt']);
    const loaded = loadContentCatalog(dir);
    expect(loaded.characters.get(ana.id)?.name).toBe('Replaced');
    expect(loaded.characters.get(bo.id)?.name).toBe(bo.name);
  });
});

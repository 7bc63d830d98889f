import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CharacterProfile, Result, Scenario } from '@arena/models';
import type { ContentCatalog } from './catalog';

/** The two kinds of content, named as their folders under the content directory. */
export type ContentKind = 'characters' | 'scenarios';

const DOCUMENT = /\.(ya?ml|json)$/i;

/**
 * A new catalog with `additions` added, replacing entries with the same id; `catalog` itself is
 * left unchanged, so games and readers holding it keep a consistent view.
 *
 * @example
 * services.catalog = withContent(services.catalog, { characters: [profile] });
 */
export function withContent(
  catalog: ContentCatalog,
  additions: { characters?: readonly CharacterProfile[]; scenarios?: readonly Scenario[] },
): ContentCatalog {
  const characters = new Map(catalog.characters);
  for (const c of additions.characters ?? []) characters.set(c.id, c);
  const scenarios = new Map(catalog.scenarios);
  for (const s of additions.scenarios ?? []) scenarios.set(s.id, s);
  return { characters, scenarios };
}

/** What {@link saveContentFile} writes. */
export interface ContentFile {
  /** The content directory (`ARENA_CONTENT_DIR`); the file goes into its `kind` folder. */
  dir: string;
  kind: ContentKind;
  /** The document's id: the file is `<id>.<extension>`. */
  id: string;
  /** The document as given (YAML or JSON), written unchanged. */
  text: string;
  extension: 'yaml' | 'json';
  /**
   * Reads a document's id, to find other files of the folder that define the same id (they
   * are removed, so the folder keeps one document per id). Files it cannot parse are left.
   */
  parse: (text: string, source: string) => Result<{ id: string }>;
}

/**
 * Write a character or scenario document into `<dir>/<kind>/<id>.<extension>` atomically (a
 * temporary file in the same folder, then a rename), creating the folder when needed. Other
 * documents of the folder defining the same id are removed afterwards, so that loading the
 * folder again yields the document just written. Returns the path written.
 *
 * @throws the file system's error when the folder cannot be written
 */
export function saveContentFile(file: ContentFile): string {
  const folder = join(resolve(file.dir), file.kind);
  mkdirSync(folder, { recursive: true });
  const name = `${file.id}.${file.extension}`;
  const target = join(folder, name);
  const temp = join(folder, `.${name}.${randomUUID()}.tmp`);
  try {
    writeFileSync(temp, file.text, { encoding: 'utf8', flag: 'wx' });
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  for (const other of readdirSync(folder)) {
    if (other === name || !DOCUMENT.test(other)) continue;
    const path = join(folder, other);
    const parsed = file.parse(readFileSync(path, 'utf8'), path);
    if (parsed.ok && parsed.value.id === file.id) rmSync(path, { force: true });
  }
  return target;
}

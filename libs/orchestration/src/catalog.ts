import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  ArenaError,
  parseCharacterText,
  parseScenarioText,
  type CharacterProfile,
  type Result,
  type Scenario,
} from '@arena/models';
import { ORCHESTRATION_ERROR_CODES } from './errors';

/** Characters and scenarios available by id. */
export interface ContentCatalog {
  characters: ReadonlyMap<string, CharacterProfile>;
  scenarios: ReadonlyMap<string, Scenario>;
}

const DOCUMENT = /\.(ya?ml|json)$/i;

function readDocuments<T>(
  dir: string,
  parse: (text: string, source: string) => Result<T>,
  idOf: (value: T) => string,
): Map<string, T> {
  const out = new Map<string, T>();
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => DOCUMENT.test(f))
      .sort();
  } catch (cause) {
    throw new ArenaError(`Cannot read content folder ${dir}`, {
      code: ORCHESTRATION_ERROR_CODES.CONTENT_FILE_UNREADABLE,
      category: 'user',
      details: { path: dir },
      cause,
    });
  }
  for (const file of files) {
    const path = join(dir, file);
    const parsed = parse(readFileSync(path, 'utf8'), path);
    if (!parsed.ok) throw parsed.error;
    out.set(idOf(parsed.value), parsed.value);
  }
  return out;
}

/**
 * Load every character and scenario under `<dir>/characters` and `<dir>/scenarios`.
 * Invalid files fail loudly with their path and field paths.
 */
export function loadContentCatalog(dir: string): ContentCatalog {
  const root = resolve(dir);
  return {
    characters: readDocuments(join(root, 'characters'), parseCharacterText, (c) => c.id),
    scenarios: readDocuments(join(root, 'scenarios'), parseScenarioText, (s) => s.id),
  };
}

/** True when a reference names a file rather than an id. */
export function isFileReference(ref: string): boolean {
  return ref.includes('/') || ref.includes('\\') || DOCUMENT.test(ref);
}

/** Read and parse one content file; unreadable files name the path. */
export function readContentFile<T>(
  path: string,
  parse: (text: string, source: string) => Result<T>,
): T {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ArenaError(`Cannot read file ${path}: ${(cause as Error).message}`, {
      code: ORCHESTRATION_ERROR_CODES.CONTENT_FILE_UNREADABLE,
      category: 'user',
      details: { path },
      cause,
    });
  }
  const parsed = parse(text, path);
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}

import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { invalidInput, zodIssues } from '@arena/models';
import {
  CassetteEntrySchema,
  type Cassette,
  type CassetteEntry,
  type CassetteMode,
} from './cassette';
import { cassetteClosed, cassetteNotFound, cassetteReadOnly } from './errors';
import { createMemoryCassette } from './memory-cassette';

/**
 * A cassette stored as JSON Lines, one entry per line. `replay` and `auto` load the file (a
 * line that is not a valid entry fails with its file and line number; `replay` needs the file
 * to exist); `record` starts the file afresh, `auto` appends to it. Each entry is written with
 * a synchronous write as soon as its call ends, so a killed process keeps what it recorded.
 *
 * @example
 * const cassette = openFileCassette('data/cassettes/g1.jsonl', 'auto');
 * try { await play(withCassette(cassette)(provider)); } finally { await cassette.close(); }
 */
export function openFileCassette(path: string, mode: CassetteMode): Cassette {
  const existing = mode === 'record' ? '' : readCassetteFile(path, mode === 'replay');
  const memory = createMemoryCassette(mode, parseEntries(existing, path));
  if (mode === 'replay') {
    return {
      mode,
      lookup: memory.lookup,
      record: () => {
        throw cassetteReadOnly(path);
      },
      close: memory.close,
    };
  }
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, mode === 'record' ? 'w' : 'a');
  if (existing !== '' && !existing.endsWith('\n')) writeSync(fd, '\n');
  let open = true;
  return {
    mode,
    lookup: memory.lookup,
    record: (entry) => {
      if (!open) throw cassetteClosed(path);
      writeSync(fd, `${JSON.stringify(entry)}\n`);
      memory.record(entry);
    },
    close: async () => {
      if (!open) return;
      open = false;
      closeSync(fd);
    },
  };
}

function readCassetteFile(path: string, required: boolean): string {
  if (existsSync(path)) return readFileSync(path, 'utf8');
  if (required) throw cassetteNotFound(path);
  return '';
}

function parseEntries(text: string, path: string): CassetteEntry[] {
  const entries: CassetteEntry[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${path} line ${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw invalidInput('cassette entry', [{ path: '', message: `not JSON (${reason})` }], where);
    }
    const parsed = CassetteEntrySchema.safeParse(value);
    if (!parsed.success) throw invalidInput('cassette entry', zodIssues(parsed.error), where);
    entries.push(parsed.data);
  });
  return entries;
}

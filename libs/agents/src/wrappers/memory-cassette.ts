import type { Cassette, CassetteEntry, CassetteMode } from './cassette';
import { cassetteReadOnly } from './errors';

/** A cassette held in memory; `entries` lists everything loaded and recorded, in order. */
export interface MemoryCassette extends Cassette {
  readonly entries: readonly CassetteEntry[];
}

interface Recorded {
  entries: CassetteEntry[];
  served: number;
}

/**
 * A cassette in memory, for tests and as the index behind file cassettes.
 *
 * @example
 * const cassette = createMemoryCassette('record');
 * await run(withCassette(cassette)(provider));
 * const replayed = createMemoryCassette('replay', cassette.entries);
 */
export function createMemoryCassette(
  mode: CassetteMode,
  entries: readonly CassetteEntry[] = [],
): MemoryCassette {
  const all: CassetteEntry[] = [];
  const byKey = new Map<string, Recorded>();
  const add = (entry: CassetteEntry): void => {
    all.push(entry);
    const recorded = byKey.get(entry.key);
    if (recorded) recorded.entries.push(entry);
    else byKey.set(entry.key, { entries: [entry], served: 0 });
  };
  entries.forEach(add);

  return {
    mode,
    entries: all,
    lookup: (key) => {
      const recorded = byKey.get(key);
      if (!recorded) return undefined;
      const index = Math.min(recorded.served, recorded.entries.length - 1);
      recorded.served += 1;
      return recorded.entries[index];
    },
    record: (entry) => {
      if (mode === 'replay') throw cassetteReadOnly('in memory');
      add(entry);
    },
    close: async () => undefined,
  };
}

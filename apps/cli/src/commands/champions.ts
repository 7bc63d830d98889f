import { z } from 'zod';
import {
  championJson,
  championVersionJson,
  type ChampionMemoryVersion,
  type ChampionSummary,
  type EventStore,
} from '@arena/persistence';
import { parseFlags, usageError, validateFlags, READ_FLAGS, ReadFlags } from '../args';
import { settingsFrom, withServices } from '../context';
import { EXIT, type Output } from '../output';

export const CHAMPIONS_HELP = `arena champions [--json] [--data-dir <dir>]
  List the champions: characters whose memory a game changed (the winner of each game, and a
  champion who came in and lost), most wins first, with the memory version, the record, the
  last game and when it changed. --json prints the list as one array.`;

export const CHAMPION_HELP = `arena champion <character-id> [--history] [--json] [--data-dir <dir>]
  Show a champion's current memory (the lessons it carries into its next game, as it reads
  them) and its record. --history lists every memory version with the game and event that
  caused it, the outcome and the lessons added. Seat a champion with: arena play --champion <id>.`;

const LIST_FLAGS = READ_FLAGS;
const SHOW_FLAGS = { ...READ_FLAGS, history: { type: 'boolean' } } as const;

const ListFlags = ReadFlags;
const ShowFlags = ReadFlags.extend({ history: z.boolean().optional() });

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const recordText = (r: { games: number; wins: number }) =>
  `${plural(r.games, 'game')}, ${plural(r.wins, 'win')}`;

/** `arena champions`: every champion, most wins first. */
export async function champions(
  argv: string[],
  out: Output,
  env: Record<string, string | undefined>,
): Promise<number> {
  const flags = validateFlags(ListFlags, parseFlags(argv, LIST_FLAGS).values);
  if (flags.help) {
    out.line(CHAMPIONS_HELP);
    return EXIT.ok;
  }
  return withServices(settingsFrom(env, { dataDir: flags['data-dir'] }), async (services) => {
    const list = await services.store.listChampions();
    if (flags.json) out.json(list.map(championJson));
    else for (const line of renderChampions(list, out)) out.line(line);
    return EXIT.ok;
  });
}

/** The table `arena champions` prints. */
export function renderChampions(list: readonly ChampionSummary[], out: Output): string[] {
  if (list.length === 0) {
    return ['No champions yet: the winner of a game becomes one (arena play).'];
  }
  const head = `  ${'character'.padEnd(20)} ${'name'.padEnd(22)} ${'version'.padStart(7)}  ${'record'.padEnd(18)} ${'last game'.padEnd(14)} updated`;
  return [
    out.paint('bold', 'Champions (most wins first)'),
    out.paint('dim', head),
    ...list.map(
      (c) =>
        `  ${c.characterId.padEnd(20)} ${c.name.padEnd(22)} ${String(c.version).padStart(7)}  ${recordText(c).padEnd(18)} ${c.lastGameId.padEnd(14)} ${c.updatedAt}`,
    ),
  ];
}

async function unknownChampion(store: EventStore, id: string) {
  const known = (await store.listChampions()).map((c) => c.characterId).sort();
  return usageError(
    `champion: no champion "${id}"; champions: ${known.length > 0 ? known.join(', ') : 'none yet (the winner of a game becomes one)'}`,
    { path: 'champion', value: id, allowed: known },
  );
}

/** `arena champion <character-id>`: one champion's memory and record, and its history. */
export async function champion(
  argv: string[],
  out: Output,
  env: Record<string, string | undefined>,
): Promise<number> {
  const { values, positionals } = parseFlags(argv, SHOW_FLAGS, true);
  const flags = validateFlags(ShowFlags, values);
  if (flags.help) {
    out.line(CHAMPION_HELP);
    return EXIT.ok;
  }
  const [id, ...extra] = positionals;
  if (!id || extra.length > 0) {
    throw usageError(
      'champion takes exactly one argument: the character id of a champion (arena champions lists them)',
    );
  }
  return withServices(settingsFrom(env, { dataDir: flags['data-dir'] }), async (services) => {
    const found = await services.store.getChampion(id);
    if (!found) throw await unknownChampion(services.store, id);
    const history = flags.history ? await services.store.championHistory(id) : null;
    if (flags.json) {
      out.json({
        ...championJson(found),
        memory: found.memory,
        ...(history ? { history: history.map(championVersionJson) } : {}),
      });
      return EXIT.ok;
    }
    for (const line of renderChampion(found, history, out)) out.line(line);
    return EXIT.ok;
  });
}

/** What `arena champion` prints: the memory as the character reads it, then its history. */
export function renderChampion(
  c: ChampionSummary,
  history: readonly ChampionMemoryVersion[] | null,
  out: Output,
): string[] {
  const lines = [
    out.paint('bold', `${c.name} (${c.characterId}) — champion memory version ${c.version}`),
    `Record: ${recordText(c)} · last game ${c.lastGameId} · updated ${c.updatedAt}`,
    '',
    ...c.memory.split('\n').map((l) => `  ${l}`),
  ];
  if (!history) return lines;
  lines.push('', out.paint('bold', 'History (oldest first)'));
  for (const v of history) {
    lines.push(
      `  Version ${v.version} · game ${v.gameId} (event ${v.seq}) · ${v.outcome} · ${recordText(v)} · lessons by ${v.model} · ${v.ts}`,
      ...v.lessons.map((l) => `    - ${l}`),
    );
  }
  return lines;
}

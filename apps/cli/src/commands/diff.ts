import { diffGames, loadGame, type DiffPlayerSide, type GameDiff } from '@arena/orchestration';
import { parseFlags, usageError, validateFlags, READ_FLAGS, ReadFlags } from '../args';
import { settingsFrom, withServices } from '../context';
import { EXIT, type Output } from '../output';

export const DIFF_HELP = `arena diff <game-a> <game-b> [--json] [--data-dir <dir>]
  Compare two stored games side by side, typically a game and a fork of it (arena fork): how
  each ended and who won, every player's place, status, standing and points, the eliminations in
  order with their causes, the speaking share, the turns played, what the model calls used, and
  the first turn where the public transcripts differ. --json prints the comparison as one object.`;

const FLAGS = READ_FLAGS;
const Flags = ReadFlags;

export async function diff(
  argv: string[],
  out: Output,
  env: Record<string, string | undefined>,
): Promise<number> {
  const { values, positionals } = parseFlags(argv, FLAGS, true);
  const flags = validateFlags(Flags, values);
  if (flags.help) {
    out.line(DIFF_HELP);
    return EXIT.ok;
  }
  const [idA, idB, ...extra] = positionals;
  if (!idA || !idB || extra.length > 0) {
    throw usageError('diff takes exactly two arguments: the ids of the games to compare');
  }
  const settings = settingsFrom(env, { dataDir: flags['data-dir'] });
  return withServices(settings, async (services) => {
    // An unknown id has no events: loadGame reports it as bad input.
    for (const id of [idA, idB]) await loadGame(services.store, id);
    const result = diffGames(await services.store.load(idA), await services.store.load(idB));
    if (flags.json) out.json(result);
    else for (const line of renderDiff(result, out)) out.line(line);
    return EXIT.ok;
  });
}

const REASONS: Record<string, string> = {
  solved: 'solved',
  one_survivor: 'one survivor',
  max_turns: 'max turns',
  all_eliminated: 'all eliminated',
  aborted: 'aborted',
};

const COLUMN = 48;

/** One row: a label, then game A's and game B's values, marked when they differ. */
function row(out: Output, label: string, a: string, b: string): string {
  const mark = a === b ? '' : out.paint('yellow', '  ≠');
  return `  ${label.padEnd(24)} ${a.padEnd(COLUMN)} ${b}${mark}`;
}

function player(side: DiffPlayerSide | null): string {
  if (!side) return '—';
  return `${`${side.place}.`.padStart(3)} ${side.status.padEnd(10)} ${side.standing.toFixed(3).padStart(7)} ${side.points.toFixed(2).padStart(7)}`;
}

/** The comparison table `arena diff` prints. */
export function renderDiff(result: GameDiff, out: Output): string[] {
  const p = out.paint;
  const { a, b } = result;
  const nameOf = (id: string | null) => {
    if (id === null) return 'nobody';
    const entry = result.players.find((r) => r.playerId === id);
    return `${entry?.a?.name ?? entry?.b?.name ?? id} (${id})`;
  };
  const fork = (side: GameDiff['a']) =>
    side.forkOf ? `fork of ${side.forkOf.gameId} after turn ${side.forkOf.turn}` : '—';
  const end = (side: GameDiff['a']) =>
    side.end ? (REASONS[side.end.reason] ?? side.end.reason) : `not ended (${side.status})`;
  const usage = (side: GameDiff['a']) =>
    `${side.usage.calls} calls, ${side.usage.inputTokens + side.usage.outputTokens} tokens, $${side.usage.costUsd.toFixed(4)}`;
  const lines = [
    p('bold', `Comparing ${a.gameId} with ${b.gameId}`),
    '',
    `  ${''.padEnd(24)} ${p('bold', a.gameId.padEnd(COLUMN))} ${p('bold', b.gameId)}`,
    row(out, 'origin', fork(a), fork(b)),
    row(out, 'seed', String(a.seed), String(b.seed)),
    row(out, 'judges', a.judge.join('+'), b.judge.join('+')),
    row(out, 'end', end(a), end(b)),
    row(out, 'winner', a.end ? nameOf(a.end.winnerId) : '—', b.end ? nameOf(b.end.winnerId) : '—'),
    row(out, 'turns', String(a.turns), String(b.turns)),
    row(out, 'model usage', usage(a), usage(b)),
    row(
      out,
      'speaking (Gini, max)',
      `${a.speaking.gini.toFixed(3)}, ${(a.speaking.maxShare * 100).toFixed(1)}%`,
      `${b.speaking.gini.toFixed(3)}, ${(b.speaking.maxShare * 100).toFixed(1)}%`,
    ),
    '',
    p('bold', 'Standings (place, status, standing, points; model)'),
  ];
  for (const r of result.players) {
    const name = `${r.a?.name ?? r.b?.name ?? r.playerId} (${r.playerId})`;
    const models = r.a?.model === r.b?.model ? '' : `  ${r.a?.model ?? '—'} → ${r.b?.model ?? '—'}`;
    lines.push(row(out, name, player(r.a), player(r.b)) + p('dim', models));
  }
  lines.push('', p('bold', 'Speaking share (turns, share)'));
  for (const r of result.players) {
    const share = (side: GameDiff['a']) => {
      const s = side.speaking.players.find((x) => x.playerId === r.playerId);
      return s ? `${String(s.turns).padStart(3)} ${(s.share * 100).toFixed(1).padStart(5)}%` : '—';
    };
    lines.push(
      row(out, `${r.a?.name ?? r.b?.name ?? r.playerId} (${r.playerId})`, share(a), share(b)),
    );
  }
  lines.push('', p('bold', 'Eliminations'));
  const count = Math.max(result.eliminations.a.length, result.eliminations.b.length);
  if (count === 0) lines.push('  none in either game');
  for (let i = 0; i < count; i++) {
    const text = (e: GameDiff['eliminations']['a'][number] | undefined) =>
      e
        ? `${e.name} (${e.playerId}), turn ${e.turn}, ${e.cause === 'proven_accusation' ? 'proven accusation' : 'lowest standing'}`
        : '—';
    lines.push(
      row(out, `#${i + 1}`, text(result.eliminations.a[i]), text(result.eliminations.b[i])),
    );
  }
  lines.push(
    '',
    result.firstDifferentTurn === null
      ? 'The public transcripts are the same.'
      : `The public transcripts first differ at turn ${result.firstDifferentTurn}.`,
  );
  return lines;
}

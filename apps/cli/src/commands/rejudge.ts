import { z } from 'zod';
import { safeParseModelSpec } from '@arena/agents';
import { ArenaError } from '@arena/models';
import { ORCHESTRATION_ERROR_CODES, rejudgeGame, type RejudgeResult } from '@arena/orchestration';
import { parseFlags, usageError, validateFlags } from '../args';
import { settingsFrom, withServices } from '../context';
import { EXIT, type Output } from '../output';

export const REJUDGE_HELP = `arena rejudge <game-id> --judge <spec> [--judge <spec> …] [--json] [--data-dir <dir>]
  Score a finished game again with another judge panel (1 to 5 specs, e.g. sim,
  openai:gpt-4o-mini, openai-compatible:<base-url>#<model>) without playing it again: every
  contribution, accusation and "solved?" check is judged on the game as it stood at the time,
  and the outcome (points, eliminations, end, winner) is recomputed. Prints the standings,
  eliminations and winner before and after. The stored game is left as it was played.
  --json prints the comparison as one object.`;

const FLAGS = {
  judge: { type: 'string', multiple: true },
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const Flags = z.object({
  judge: z
    .array(z.string().min(1), { error: 'is required: give at least one judge model spec' })
    .min(1, 'is required: give at least one judge model spec')
    .max(5, 'takes at most 5 judges (a panel of 1 to 5)'),
  'data-dir': z.string().min(1).optional(),
  json: z.boolean().optional(),
  help: z.boolean().optional(),
});

type Env = Record<string, string | undefined>;

export async function rejudge(argv: string[], out: Output, env: Env): Promise<number> {
  const { values, positionals } = parseFlags(argv, FLAGS, true);
  if (values['help']) {
    out.line(REJUDGE_HELP);
    return EXIT.ok;
  }
  const [gameId, ...extra] = positionals;
  if (!gameId || extra.length > 0) {
    throw usageError('rejudge takes exactly one argument: the id of a finished game');
  }
  const flags = validateFlags(Flags, values);
  flags.judge.forEach((spec, i) => {
    const parsed = safeParseModelSpec(spec);
    if (!parsed.ok) throw usageError(`--judge (judge ${i + 1}): ${parsed.error.message}`);
  });
  const settings = settingsFrom(env, { dataDir: flags['data-dir'] });
  return withServices(settings, async (services) => {
    const events = await services.store.load(gameId);
    if (events.length === 0) {
      throw new ArenaError(`No game with id ${gameId}`, {
        code: ORCHESTRATION_ERROR_CODES.GAME_NOT_FOUND,
        category: 'user',
        details: { gameId },
      });
    }
    const result = await rejudgeGame(events, { judge: flags.judge, models: services.models });
    if (flags.json) {
      // The counterfactual log is for folding, not for reading: the comparison is the output.
      out.json({ ...result, counterfactual: undefined });
    } else {
      for (const line of renderComparison(result, out)) out.line(line);
    }
    return EXIT.ok;
  });
}

const fixed = (n: number, digits: number) => n.toFixed(digits);
const signed = (n: number, digits = 3) => `${n >= 0 ? '+' : '−'}${Math.abs(n).toFixed(digits)}`;

function nameOf(result: RejudgeResult, id: string | null): string {
  if (id === null) return 'nobody';
  const player = result.players.find((p) => p.playerId === id);
  return player ? `${player.name} (${id})` : id;
}

/** One side of a standings row: place, status, standing, points. */
const columns = (place: string, status: string, standing: string, points: string) =>
  `${place.padStart(3)} ${status.padEnd(10)} ${standing.padStart(8)} ${points.padStart(8)}`;

function cell(r: RejudgeResult['players'][number]['before']): string {
  return columns(`${r.place}.`, r.status, fixed(r.standing, 3), fixed(r.points, 2));
}

function elimination(e: RejudgeResult['eliminations']['before'][number] | undefined): string {
  if (!e) return '—';
  const cause = e.cause === 'proven_accusation' ? 'proven accusation' : 'lowest standing';
  return `${e.name} (${e.playerId}), round ${e.round}, ${cause}`;
}

const REASONS: Record<RejudgeResult['ending']['after']['reason'], string> = {
  solved: 'solved',
  one_survivor: 'one survivor',
  max_turns: 'max turns',
  all_eliminated: 'all eliminated',
  aborted: 'aborted',
  record_ended: 'record ends (the game would go on)',
};

/** The side-by-side comparison of a re-judged game. */
export function renderComparison(result: RejudgeResult, out: Output): string[] {
  const p = out.paint;
  const width = 28;
  const lines = [
    p('bold', `Re-judging ${result.gameId}`) +
      p('dim', `  judges ${result.judges.before.join('+')} → ${result.judges.after.join('+')}`),
    '',
    p('bold', 'Standings'),
    `  ${''.padEnd(width)} ${'before'.padEnd(32)}   after`,
    `  ${'player'.padEnd(width)} ${columns('#', 'status', 'standing', 'points')}   ${columns('#', 'status', 'standing', 'points')}`,
  ];
  const rows = [...result.players].sort((a, b) => a.after.place - b.after.place);
  for (const r of rows) {
    const move = r.before.place - r.after.place;
    const moved = move === 0 ? '' : move > 0 ? p('green', `  ▲${move}`) : p('red', `  ▼${-move}`);
    lines.push(
      `  ${`${r.name} (${r.playerId})`.padEnd(width)} ${cell(r.before)}   ${cell(r.after)}${moved}`,
    );
  }
  lines.push('', p('bold', 'Eliminations'));
  const { before, after } = result.eliminations;
  const count = Math.max(before.length, after.length);
  if (count === 0) lines.push('  none before, none after');
  lines.push(`  ${'#'.padEnd(3)}${'before'.padEnd(48)}after`);
  for (let i = 0; i < count; i++) {
    lines.push(
      `  ${String(i + 1).padEnd(3)}${elimination(before[i]).padEnd(48)}${elimination(after[i])}`,
    );
  }
  const end = result.ending;
  lines.push(
    '',
    `${p('bold', 'Winner')}  ${nameOf(result, end.before.winnerId)} → ${nameOf(result, end.after.winnerId)}`,
    `${p('bold', 'End')}     ${REASONS[end.before.reason]} → ${REASONS[end.after.reason]}`,
    '',
    p('bold', 'Mean score per dimension (before → after)'),
    ...Object.entries(result.dimensions).map(
      ([d, v]) =>
        `  ${d.padEnd(18)} ${fixed(v.before, 3)} → ${fixed(v.after, 3)}  (${signed(v.change)})`,
    ),
    '',
    `Agreement between the judges: ${fixed(result.agreement.scores, 3)} over ${result.agreement.contributions} contributions; ` +
      `same verdict ${result.agreement.verdicts.same}/${result.agreement.verdicts.compared}, ` +
      `same "solved?" ruling ${result.agreement.solvedChecks.same}/${result.agreement.solvedChecks.compared}`,
    `Re-judging used ${result.usage.calls} model calls, ${result.usage.inputTokens + result.usage.outputTokens} tokens, $${fixed(result.usage.costUsd, 4)}` +
      (result.usage.failedAnswers > 0 ? ` (${result.usage.failedAnswers} answers failed)` : ''),
    '',
    `${p('bold', 'What changed:')} ${result.summary}`,
  );
  return lines;
}

import type {
  ScheduledGame,
  SeriesConfig,
  SeriesProgress,
  SeriesStandings,
} from '@arena/orchestration';
import type { SeriesGameRow, SeriesRecord } from '@arena/persistence';
import type { Output } from './output';

/** A stored game of a series with its finishing order (character ids, winner first). */
export interface SeriesGameView extends SeriesGameRow {
  finish: string[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Seat list of a scheduled game: `1 amara-teodoro (as Avery, champion)`. */
function seatsText(game: ScheduledGame): string {
  return game.seats
    .map((entrant, i) => {
      const notes = [
        ...(game.names ? [`as ${game.names[i]}`] : []),
        ...(game.champion === entrant ? ['champion'] : []),
      ];
      return `${i + 1} ${entrant}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
    })
    .join(', ');
}

const finishText = (finish: readonly string[]) =>
  finish.map((entrant, i) => `${i + 1}. ${entrant}`).join('  ');

/** The lines one progress report prints (plain lines, one per event). */
export function renderProgress(progress: SeriesProgress, out: Output): string[] {
  switch (progress.type) {
    case 'round_planned': {
      const { round, games, byes } = progress.round;
      const byeText = byes.length > 0 ? `; byes: ${byes.join(', ')}` : '';
      return [out.paint('bold', `Round ${round}: ${plural(games.length, 'game')}${byeText}`)];
    }
    case 'game_started':
      return [
        `  ${progress.resumed ? 'resumed' : 'started'}  ${progress.game.gameId}  seats: ${seatsText(progress.game)}`,
      ];
    case 'game_ended': {
      const { game, result, reason, recorded, standings } = progress;
      const when = recorded ? 'had ended' : 'ended';
      return [
        `  ${when}    ${game.gameId} (${reason}): ${finishText(result.finish)}` +
          out.paint('dim', `  [${plural(standings.gamesPlayed, 'game')} played]`),
      ];
    }
    case 'series_ended':
      return [''];
  }
}

/** Format parameters of a definition as text: `rounds 2`, `games 5, champion amara-teodoro`. */
function parametersText(config: SeriesConfig): string {
  switch (config.format) {
    case 'king-of-the-hill':
      return `games ${config.games}, first champion ${config.champion}`;
    case 'round-robin':
      return `pools of up to ${config.poolSize}, ${plural(config.rounds, 'round')}`;
    case 'swiss':
      return plural(config.rounds, 'round');
    case 'single-elimination':
      return `top ${config.advance} of each game move on`;
  }
}

/** One line describing a series definition. */
export function definitionText(config: SeriesConfig): string {
  return (
    `${config.format} on ${config.scenario}: ${plural(config.entrants.length, 'entrant')}, ` +
    `${config.seatsPerGame} seats a game, ${parametersText(config)}; seed ${config.seed}, ` +
    `max ${config.maxTurns} turns, names ${config.names}, ${config.concurrency} at a time`
  );
}

/** The standings table. */
export function renderStandings(
  seriesId: string,
  standings: SeriesStandings | null,
  out: Output,
): string[] {
  if (!standings || standings.gamesPlayed === 0) return ['No game of this series has ended yet.'];
  const rows = standings.entrants;
  const staged = rows.some((r) => r.stage !== undefined);
  const width = Math.max('entrant'.length, ...rows.map((r) => r.entrant.length));
  const head = standings.winner
    ? `Standings of ${seriesId}: winner ${standings.winner}`
    : `Standings of ${seriesId} after ${plural(standings.gamesPlayed, 'game')}` +
      (standings.champion ? ` (champion: ${standings.champion})` : '');
  return [
    out.paint('bold', head),
    out.paint(
      'dim',
      `  ${'#'.padStart(3)}  ${'entrant'.padEnd(width)}  games   wins  points  mean place${staged ? '  reached round' : ''}`,
    ),
    ...rows.map(
      (r) =>
        `  ${String(r.rank).padStart(3)}  ${r.entrant.padEnd(width)}  ${String(r.games).padStart(5)}  ` +
        `${String(r.wins).padStart(5)}  ${String(r.points).padStart(6)}  ` +
        `${(r.meanPlace === null ? '-' : r.meanPlace.toFixed(2)).padStart(10)}` +
        (staged ? `  ${String(r.stage ?? 0).padStart(13)}` : ''),
    ),
  ];
}

/** `arena series show`: the definition, every game and the standings. */
export function renderSeries(
  record: SeriesRecord,
  config: SeriesConfig,
  games: readonly SeriesGameView[],
  out: Output,
): string[] {
  return [
    out.paint('bold', `Series ${record.seriesId} (${record.status})`),
    `  ${definitionText(config)}`,
    `  entrants: ${config.entrants.map((e) => (e.model ? `${e.character} (${e.model})` : e.character)).join(', ')}`,
    out.paint('dim', `  created ${record.createdAt}, updated ${record.updatedAt}`),
    '',
    games.length > 0 ? out.paint('bold', 'Games') : 'No games yet.',
    ...games.map(
      (g) =>
        `  r${g.round} #${g.index}  ${g.gameId}  ${g.status === 'ended' ? `ended (${g.endReason ?? 'unknown'}): ${finishText(g.finish)}` : 'in play'}`,
    ),
    '',
    ...renderStandings(record.seriesId, record.standings as SeriesStandings | null, out),
  ];
}

/** `arena series list`: one line per series, newest first. */
export function renderSeriesList(records: readonly SeriesRecord[], out: Output): string[] {
  if (records.length === 0) return ['No series yet: start one with arena series run.'];
  const width = Math.max('id'.length, ...records.map((r) => r.seriesId.length));
  return [
    out.paint(
      'dim',
      `  ${'id'.padEnd(width)}  ${'format'.padEnd(18)}  ${'status'.padEnd(7)}  games  ${'winner'.padEnd(20)}  updated`,
    ),
    ...records.map((r) => {
      const standings = r.standings as SeriesStandings | null;
      return (
        `  ${r.seriesId.padEnd(width)}  ${r.format.padEnd(18)}  ${r.status.padEnd(7)}  ` +
        `${String(standings?.gamesPlayed ?? 0).padStart(5)}  ${(standings?.winner ?? '-').padEnd(20)}  ${r.updatedAt}`
      );
    }),
  ];
}

import { CHAMPIONS_HELP, CHAMPION_HELP, champion, champions } from './commands/champions';
import {
  CHARACTERS_HELP,
  SCENARIOS_HELP,
  characters,
  scenarios,
  validateFile,
} from './commands/content';
import { DB_HELP, db } from './commands/db';
import { DLQ_HELP, dlq } from './commands/dlq';
import { DOCTOR_HELP, MODELS_HELP, doctor, models } from './commands/models';
import { DIFF_HELP, diff } from './commands/diff';
import { EXPORT_HELP, exportCommand } from './commands/export';
import { FORK_HELP, fork } from './commands/fork';
import { JUDGE_CHECK_HELP, judgeCheck } from './commands/judge-check';
import { LIST_HELP, list } from './commands/list';
import { PLAY_HELP, play } from './commands/play';
import { LEADERBOARD_HELP, RATINGS_HELP, leaderboard, ratings } from './commands/ratings';
import { REJUDGE_HELP, rejudge } from './commands/rejudge';
import { REPLAY_HELP, replay } from './commands/replay';
import { RESUME_HELP, resume } from './commands/resume';
import { RULES_HELP, rules } from './commands/rules';
import { SERIES_HELP, series } from './commands/series';
import { SHOW_HELP, show } from './commands/show';
import { START_HELP, start } from './commands/start';
import { STOP_HELP, stop } from './commands/stop';
import { TOPICS_HELP, topics } from './commands/topics';
import { WATCH_HELP, watch } from './commands/watch';
import { EXIT, createOutput, exitCodeFor, type Output } from './output';

type Command = (
  argv: string[],
  out: Output,
  env: Record<string, string | undefined>,
) => Promise<number>;

const COMMANDS: Record<string, { run: Command; summary: string }> = {
  play: { run: play, summary: 'play a game in the terminal with a live transcript' },
  start: { run: start, summary: 'create and start a game on a runner; prints its id' },
  list: { run: list, summary: 'list games (from a runner, or the store), newest first' },
  show: { run: show, summary: 'print a stored game by id' },
  watch: { run: watch, summary: 'follow a game another process plays until it ends' },
  stop: { run: stop, summary: 'stop a game a runner plays (at its next turn boundary)' },
  resume: {
    run: resume,
    summary: 'continue a stored game that did not end (here, or on a runner)',
  },
  replay: { run: replay, summary: "replay a stored game's transcript, timed or turn by turn" },
  export: { run: exportCommand, summary: 'export a stored game as JSON Lines, Markdown or HTML' },
  rejudge: { run: rejudge, summary: 're-score a finished game with another judge panel' },
  fork: { run: fork, summary: 'what if? play a stored game on from a turn with changes' },
  diff: { run: diff, summary: 'compare two stored games side by side (a game and its fork)' },
  'judge-check': {
    run: judgeCheck,
    summary: 'measure a judge panel against a calibration set (accuracy, agreement, biases)',
  },
  scenarios: { run: scenarios, summary: 'scenarios list|show|validate' },
  characters: {
    run: characters,
    summary: 'characters list|show|validate|import (Homunculus YAML)',
  },
  validate: {
    run: (argv, out) => validateFile(argv, out),
    summary: 'check a character or scenario file',
  },
  rules: { run: rules, summary: "print the rules, with a scenario's overrides" },
  models: { run: models, summary: 'list the configured model specs and whether each can be used' },
  doctor: { run: doctor, summary: 'check each configured model with one tiny call' },
  leaderboard: {
    run: leaderboard,
    summary: 'ratings by character or model: conservative rating, interval, games, wins',
  },
  ratings: { run: ratings, summary: 'ratings rebuild: recompute every rating from the event log' },
  champions: { run: champions, summary: 'list the champions: record, memory version, last game' },
  champion: { run: champion, summary: "a champion's memory and record, and its history" },
  series: {
    run: series,
    summary: 'series and tournaments: run, resume, show, list (king of the hill, Swiss, …)',
  },
  db: {
    run: db,
    summary: 'db migrate: apply pending migrations to Postgres or the embedded store',
  },
  topics: {
    run: topics,
    summary: 'topics list|create|describe: the topic catalogue on the message bus',
  },
  dlq: {
    run: dlq,
    summary: 'dlq list|replay: messages no consumer could handle, and sending them again',
  },
};

function help(out: Output): void {
  out.line('arena — survival games between LLM-driven characters\n');
  out.line('Usage: arena <command> [flags]   (arena <command> --help for details)\n');
  for (const [name, c] of Object.entries(COMMANDS)) out.line(`  ${name.padEnd(12)} ${c.summary}`);
  out.line(
    '\nExit codes: 0 ok, 1 failure (a runner or service unreachable or failing), 2 bad input (flags, files, unknown ids, a request the runner refused with 4xx).',
  );
  out.line(
    'Runner commands (start, list, watch, stop, resume --runner) use --runner or ARENA_RUNNER_URL and --token or ARENA_API_TOKEN. NO_COLOR turns colours off.',
  );
  out.line(
    '\nModels: seats and officials use "sim" (a built-in deterministic simulator, not a language model) unless configured otherwise.',
  );
  out.line(
    `\n${PLAY_HELP}\n\n${START_HELP}\n\n${LIST_HELP}\n\n${SHOW_HELP}\n\n${WATCH_HELP}\n\n${STOP_HELP}\n\n${RESUME_HELP}\n\n${REPLAY_HELP}\n\n${EXPORT_HELP}\n\n${REJUDGE_HELP}\n\n${FORK_HELP}\n\n${DIFF_HELP}\n\n${JUDGE_CHECK_HELP}\n\n${CHARACTERS_HELP}\n\n${SCENARIOS_HELP}\n\n${RULES_HELP}\n\n${MODELS_HELP}\n\n${DOCTOR_HELP}\n\n${LEADERBOARD_HELP}\n\n${RATINGS_HELP}\n\n${CHAMPIONS_HELP}\n\n${CHAMPION_HELP}\n\n${DB_HELP}\n\n${TOPICS_HELP}\n\n${DLQ_HELP}\n\n${SERIES_HELP}`,
  );
}

/** Run the CLI and return its exit code (0 ok, 1 failure, 2 bad input). */
export async function runCli(
  argv: string[],
  out: Output = createOutput(),
  env = process.env,
): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    help(out);
    return name ? EXIT.ok : EXIT.badInput;
  }
  const command = COMMANDS[name];
  if (!command) {
    out.error(`Unknown command "${name}". Allowed: ${Object.keys(COMMANDS).join(', ')}`);
    return EXIT.badInput;
  }
  try {
    return await command.run(rest, out, env);
  } catch (error) {
    const code = exitCodeFor(error);
    const message = error instanceof Error ? error.message : String(error);
    out.error(code === EXIT.badInput ? `error: ${message}` : `arena ${name} failed: ${message}`);
    return code;
  }
}

import { CHAMPIONS_HELP, CHAMPION_HELP, champion, champions } from './commands/champions';
import { characters, scenarios, validateFile } from './commands/content';
import { DB_HELP, db } from './commands/db';
import { DLQ_HELP, dlq } from './commands/dlq';
import { DOCTOR_HELP, MODELS_HELP, doctor, models } from './commands/models';
import { DIFF_HELP, diff } from './commands/diff';
import { EXPORT_HELP, exportCommand } from './commands/export';
import { FORK_HELP, fork } from './commands/fork';
import { JUDGE_CHECK_HELP, judgeCheck } from './commands/judge-check';
import { PLAY_HELP, play } from './commands/play';
import { LEADERBOARD_HELP, RATINGS_HELP, leaderboard, ratings } from './commands/ratings';
import { REJUDGE_HELP, rejudge } from './commands/rejudge';
import { RESUME_HELP, resume } from './commands/resume';
import { RULES_HELP, rules } from './commands/rules';
import { SERIES_HELP, series } from './commands/series';
import { SHOW_HELP, show } from './commands/show';
import { TOPICS_HELP, topics } from './commands/topics';
import { EXIT, createOutput, exitCodeFor, type Output } from './output';

type Command = (
  argv: string[],
  out: Output,
  env: Record<string, string | undefined>,
) => Promise<number>;

const COMMANDS: Record<string, { run: Command; summary: string }> = {
  play: { run: play, summary: 'play a game in the terminal with a live transcript' },
  show: { run: show, summary: 'print a stored game by id' },
  export: { run: exportCommand, summary: 'export a stored game as JSON Lines, Markdown or HTML' },
  resume: { run: resume, summary: 'continue a stored game that did not end' },
  rejudge: { run: rejudge, summary: 're-score a finished game with another judge panel' },
  fork: { run: fork, summary: 'what if? play a stored game on from a turn with changes' },
  diff: { run: diff, summary: 'compare two stored games side by side (a game and its fork)' },
  'judge-check': {
    run: judgeCheck,
    summary: 'measure a judge panel against a calibration set (accuracy, agreement, biases)',
  },
  scenarios: { run: scenarios, summary: 'list the shipped scenarios' },
  characters: { run: characters, summary: 'list the shipped characters' },
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
    '\nModels: seats and officials use "sim" (a built-in deterministic simulator, not a language model) unless configured otherwise.',
  );
  out.line(
    `\n${PLAY_HELP}\n\n${SHOW_HELP}\n\n${EXPORT_HELP}\n\n${RESUME_HELP}\n\n${REJUDGE_HELP}\n\n${FORK_HELP}\n\n${DIFF_HELP}\n\n${JUDGE_CHECK_HELP}\n\n${RULES_HELP}\n\n${MODELS_HELP}\n\n${DOCTOR_HELP}\n\n${LEADERBOARD_HELP}\n\n${RATINGS_HELP}\n\n${CHAMPIONS_HELP}\n\n${CHAMPION_HELP}\n\n${DB_HELP}\n\n${TOPICS_HELP}\n\n${DLQ_HELP}\n\n${SERIES_HELP}`,
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

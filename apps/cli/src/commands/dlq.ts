import { z } from 'zod';
import type { DeadLetter } from '@arena/message-bus';
import { intFlag, parseCommandLine, usageError } from '../args';
import { settingsFrom, withBus } from '../context';
import { EXIT, type Output } from '../output';

export const DLQ_HELP = `arena dlq list [--limit N] [--json]
arena dlq replay <id ...> | --all [--json]
  Dead letters: messages no consumer could handle (undecodable, invalid, or failing their
  handler after the retry policy), kept on the dead-letter topic with the error and the
  original headers while the consumer moved on.

  list      the dead letters, oldest first (--limit N: the first N, 1-100000): id, when, the
            topic and key it came from, the consumer group that gave up, the error code, the
            attempts and the error
  replay    publish the named dead letters (or --all) again to their original topics with
            their original key, body and headers; groups that handled a message skip it, the
            group that failed it gets it again. An unknown id publishes nothing (exit 2).
  The in-process bus (ARENA_BUS=memory) keeps dead letters only while its process runs.`;

const SUBCOMMANDS = ['list', 'replay'] as const;

const FLAGS = {
  limit: { type: 'string' },
  all: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;
const Flags = z.object({
  limit: intFlag(1, 100_000).optional(),
  all: z.boolean().optional(),
  json: z.boolean().optional(),
  help: z.boolean().optional(),
});
type DlqFlags = z.output<typeof Flags>;

/** `arena dlq list|replay`: read and re-publish the dead-letter topic. */
export async function dlq(
  argv: string[],
  out: Output,
  env: Record<string, string | undefined>,
): Promise<number> {
  const parsed = parseCommandLine(argv, FLAGS, Flags, DLQ_HELP, (text) => out.line(text));
  if (!parsed) return EXIT.ok;
  const { flags, positionals } = parsed;
  const [subcommand, ...ids] = positionals;
  if (subcommand === 'list') {
    if (ids.length > 0) throw usageError(`dlq list takes no ids (got ${ids.join(' ')})`);
    if (flags.all) throw usageError('--all applies only to arena dlq replay');
    return withBus(settingsFrom(env), async (bus) => {
      const letters = await bus.deadLetters.list(
        flags.limit === undefined ? {} : { limit: flags.limit },
      );
      printLetters(letters, bus.kind, flags, out);
      return EXIT.ok;
    });
  }
  if (subcommand === 'replay') {
    if (flags.limit !== undefined) throw usageError('--limit applies only to arena dlq list');
    if (Boolean(flags.all) === ids.length > 0) {
      throw usageError('dlq replay takes dead-letter ids (from arena dlq list) or --all, not both');
    }
    return withBus(settingsFrom(env), async (bus) => {
      const replayed = await bus.deadLetters.replay(flags.all ? 'all' : ids);
      if (flags.json) out.json({ replayed });
      else {
        out.line(
          `Replayed ${replayed} dead letter${replayed === 1 ? '' : 's'} to ${replayed === 1 ? 'its topic' : 'their topics'}.`,
        );
      }
      return EXIT.ok;
    });
  }
  throw usageError(
    `dlq takes one subcommand, one of: ${SUBCOMMANDS.join(', ')} (got ${subcommand ?? 'none'})`,
  );
}

function printLetters(
  letters: DeadLetter[],
  kind: 'memory' | 'kafka',
  flags: DlqFlags,
  out: Output,
): void {
  if (flags.json) {
    out.json(letters);
    return;
  }
  if (letters.length === 0) {
    out.line(
      kind === 'memory'
        ? 'No dead letters (the in-process bus keeps them only while its process runs).'
        : 'No dead letters.',
    );
    return;
  }
  for (const letter of letters) {
    const attempts = `${letter.error.attempts} attempt${letter.error.attempts === 1 ? '' : 's'}`;
    out.line(
      `${out.paint('bold', letter.id)}  ${letter.failedAt}  ${letter.topic}  key ${letter.key ?? '(none)'}  group ${letter.group ?? '(none)'}`,
    );
    out.line(`  ${out.paint('red', letter.error.code)} after ${attempts}: ${letter.error.message}`);
    const type = letter.headers['type'];
    if (type) out.line(`  ${type}${letter.headers['seq'] ? ` seq ${letter.headers['seq']}` : ''}`);
  }
}

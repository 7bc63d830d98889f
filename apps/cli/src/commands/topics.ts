import { z } from 'zod';
import {
  CATALOGUE_TOPICS,
  topicSpec,
  type MessageBus,
  type TopicCreateResult,
  type TopicDescription,
  type TopicSpec,
  type TopicState,
} from '@arena/message-bus';
import { parseCommandLine, usageError } from '../args';
import { settingsFrom, withBus } from '../context';
import { EXIT, type Output } from '../output';

export const TOPICS_HELP = `arena topics list [--json]
arena topics create [name ...] [--strict] [--json]
arena topics describe <name> [--json]
  The topic catalogue on the configured bus (ARENA_BUS; with Kafka every name gets
  KAFKA_TOPIC_PREFIX in front on the broker). Names are catalogue names (arena.game-events).

  list      every catalogue topic: whether the broker has it, its partitions there and in the
            catalogue, retention, cleanup policy and purpose
  create    create the named catalogue topics (all when none is named) with the catalogue's
            partitions, retention and cleanup policy. Best effort: managed services and brokers
            that forbid or do not support creating topics get them auto-created on first use or
            pre-created by their operator, so a topic that cannot be created is reported with the
            reason and the exit code stays 0; --strict makes it 1.
  describe  one topic: each partition's leader, replicas and offsets, and the broker's configs
  Exit codes: 0 done, 1 the bus cannot be reached (or --strict and a topic failed), 2 bad input.`;

const SUBCOMMANDS = ['list', 'create', 'describe'] as const;

const FLAGS = {
  strict: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;
const Flags = z.object({
  strict: z.boolean().optional(),
  json: z.boolean().optional(),
  help: z.boolean().optional(),
});
type TopicsFlags = z.output<typeof Flags>;

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

/** What the catalogue says about a topic, beside what the broker has. */
function catalogueEntry(spec: TopicSpec) {
  return {
    partitions: spec.partitions,
    retentionMs: spec.retentionMs,
    compacted: spec.compacted,
    purpose: spec.purpose,
  };
}

/** The catalogue entry of `name`, or a usage error listing the catalogue. */
function catalogueTopic(name: string): TopicSpec {
  const spec = topicSpec(name);
  if (!spec) {
    throw usageError(
      `"${name}" is not a catalogue topic; one of: ${CATALOGUE_TOPICS.map((t) => t.name).join(', ')}`,
    );
  }
  return spec;
}

function retention(ms: number | null): string {
  if (ms === null) return 'forever';
  if (ms % DAY === 0) return `${ms / DAY}d`;
  if (ms % HOUR === 0) return `${ms / HOUR}h`;
  return `${ms} ms`;
}

function partitionsText(state: TopicState, spec: TopicSpec): string {
  if (!state.exists) return `(${spec.partitions})`;
  return state.partitions === spec.partitions
    ? String(state.partitions)
    : `${state.partitions} (${spec.partitions})`;
}

/** `arena topics list|create|describe`: the catalogue and the broker's view of it. */
export async function topics(
  argv: string[],
  out: Output,
  env: Record<string, string | undefined>,
): Promise<number> {
  const parsed = parseCommandLine(argv, FLAGS, Flags, TOPICS_HELP, (text) => out.line(text));
  if (!parsed) return EXIT.ok;
  const { flags, positionals } = parsed;
  const [subcommand, ...names] = positionals;
  if (!SUBCOMMANDS.includes(subcommand as (typeof SUBCOMMANDS)[number])) {
    throw usageError(
      `topics takes one subcommand, one of: ${SUBCOMMANDS.join(', ')} (got ${subcommand ?? 'none'})`,
    );
  }
  if (flags.strict && subcommand !== 'create') {
    throw usageError('--strict applies only to arena topics create');
  }
  if (subcommand === 'list' && names.length > 0) {
    throw usageError(`topics list takes no names (got ${names.join(' ')})`);
  }
  if (subcommand === 'describe' && names.length !== 1) {
    throw usageError(`topics describe takes exactly one topic name (got ${names.length})`);
  }
  const specs = names.map(catalogueTopic);
  const settings = settingsFrom(env);
  return withBus(settings, async (bus) => {
    if (subcommand === 'list') return listTopics(bus, flags, out, settings.KAFKA_TOPIC_PREFIX);
    if (subcommand === 'create') return createTopics(bus, specs, flags, out);
    return describeTopic(bus, specs[0] as TopicSpec, flags, out);
  });
}

async function listTopics(
  bus: MessageBus,
  flags: TopicsFlags,
  out: Output,
  prefix: string,
): Promise<number> {
  const states = await bus.topics.list();
  const rows = states.map((state) => ({ state, spec: catalogueTopic(state.name) }));
  if (flags.json) {
    out.json(rows.map(({ state, spec }) => ({ ...state, catalogue: catalogueEntry(spec) })));
    return EXIT.ok;
  }
  const where =
    bus.kind === 'kafka'
      ? `on Kafka${prefix ? ` with the prefix "${prefix}"` : ''}`
      : 'on the in-process bus';
  out.line(`${rows.length} catalogue topics ${where}; (n) = partitions the catalogue asks for`);
  out.line();
  out.line(
    `${'TOPIC'.padEnd(30)} ${'BROKER'.padEnd(7)} ${'PARTITIONS'.padEnd(10)} ${'RETENTION'.padEnd(9)} ${'CLEANUP'.padEnd(7)} PURPOSE`,
  );
  for (const { state, spec } of rows) {
    const status = state.exists ? out.paint('green', 'exists ') : out.paint('yellow', 'missing');
    out.line(
      `${state.name.padEnd(30)} ${status} ${partitionsText(state, spec).padEnd(10)} ${retention(spec.retentionMs).padEnd(9)} ${(spec.compacted ? 'compact' : 'delete').padEnd(7)} ${spec.purpose}`,
    );
  }
  if (rows.some((r) => !r.state.exists)) {
    out.line();
    out.line(
      'Missing topics are created on first use where the broker allows it, or with arena topics create.',
    );
  }
  return EXIT.ok;
}

async function createTopics(
  bus: MessageBus,
  specs: TopicSpec[],
  flags: TopicsFlags,
  out: Output,
): Promise<number> {
  const results = await bus.topics.create(specs.length > 0 ? specs.map((s) => s.name) : undefined);
  const failed = results.filter((r) => r.outcome === 'failed');
  const code = flags.strict && failed.length > 0 ? EXIT.failure : EXIT.ok;
  if (flags.json) {
    out.json(results);
    return code;
  }
  for (const r of results) out.line(`${r.name.padEnd(30)} ${outcomeText(r, out)}`);
  const count = (outcome: TopicCreateResult['outcome']) =>
    results.filter((r) => r.outcome === outcome).length;
  out.line();
  out.line(
    `${count('created')} created, ${count('exists')} already there, ${failed.length} failed.`,
  );
  if (failed.length > 0) {
    out.line(
      'Topics that could not be created are created by the broker on first use where it allows that (auto.create.topics.enable), or must be created by its operator with the partitions, retention and cleanup policy arena topics list shows.',
    );
  }
  return code;
}

function outcomeText(result: TopicCreateResult, out: Output): string {
  const physical = result.physicalName === result.name ? '' : ` as ${result.physicalName}`;
  if (result.outcome === 'created') return out.paint('green', `created${physical}`);
  if (result.outcome === 'exists') return `already there${physical}`;
  return out.paint('yellow', `failed: ${result.reason ?? 'the broker gave no reason'}`);
}

async function describeTopic(
  bus: MessageBus,
  spec: TopicSpec,
  flags: TopicsFlags,
  out: Output,
): Promise<number> {
  const topic: TopicDescription = await bus.topics.describe(spec.name);
  if (flags.json) {
    out.json({ ...topic, catalogue: catalogueEntry(spec) });
    return EXIT.ok;
  }
  const physical =
    topic.physicalName === topic.name ? '' : ` (${topic.physicalName} on the broker)`;
  out.line(out.paint('bold', `${topic.name}${physical}`));
  out.line(`  ${spec.purpose}`);
  out.line(
    `  catalogue: ${spec.partitions} partitions, retention ${retention(spec.retentionMs)}, cleanup ${spec.compacted ? 'compact' : 'delete'}`,
  );
  if (!topic.exists) {
    out.line('  not on the broker yet: created on first use where the broker allows it');
    return EXIT.ok;
  }
  out.line(`  on the broker: ${topic.partitions} partitions`);
  out.line();
  out.line(
    `  ${'PARTITION'.padEnd(9)} ${'LEADER'.padEnd(6)} ${'REPLICAS'.padEnd(10)} ${'LOW'.padEnd(10)} HIGH`,
  );
  for (const p of topic.partitionDetails) {
    out.line(
      `  ${String(p.partition).padEnd(9)} ${String(p.leader ?? '-').padEnd(6)} ${p.replicas.join(',').padEnd(10)} ${p.low.padEnd(10)} ${p.high}`,
    );
  }
  out.line();
  out.line(
    topic.configs
      ? `  configs: ${Object.entries(topic.configs)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')}`
      : '  configs: not reported by the broker',
  );
  return EXIT.ok;
}

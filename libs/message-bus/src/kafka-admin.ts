import kafkajs, { type Admin, type ITopicConfig } from 'kafkajs';
import { errorMessage } from './errors';
import type { TopicAdmin, TopicCreateResult, TopicDescription, TopicState } from './message-bus';
import { catalogueTopic, catalogueTopics } from './topic-names';
import type { TopicSpec } from './topics';

/** Where one partition starts and ends. */
export interface PartitionOffsets {
  partition: number;
  /** Oldest retained offset. */
  low: string;
  /** Next offset to be written. */
  high: string;
}

// Node's ESM loader sees only some of kafkajs's CommonJS exports by name; the rest come through
// the default export.
const { ConfigResourceTypes } = kafkajs;

/** Configs worth showing for a catalogue topic. */
const CONFIG_NAMES = ['retention.ms', 'cleanup.policy', 'min.insync.replicas', 'segment.ms'];

/** What `arena topics create` asks the brokers for: the catalogue's partitions, retention, compaction. */
export function topicConfig(spec: TopicSpec, physicalName: string): ITopicConfig {
  const configEntries = [{ name: 'retention.ms', value: String(spec.retentionMs ?? -1) }];
  if (spec.compacted) configEntries.push({ name: 'cleanup.policy', value: 'compact' });
  return { topic: physicalName, numPartitions: spec.partitions, configEntries };
}

/** True for the broker's answer about a topic it does not have (and will not auto-create). */
export function isUnknownTopic(error: unknown): boolean {
  return (error as { type?: unknown } | null)?.type === 'UNKNOWN_TOPIC_OR_PARTITION';
}

/** Offsets of every partition of a topic, by partition. */
export async function topicOffsets(
  admin: Admin,
  physicalName: string,
): Promise<PartitionOffsets[]> {
  const offsets = await admin.fetchTopicOffsets(physicalName);
  return offsets
    .map(({ partition, low, high }) => ({ partition, low, high }))
    .sort((a, b) => a.partition - b.partition);
}

/**
 * The catalogue as the brokers have it (`arena topics list|create|describe`). Creation is best
 * effort: brokers that forbid or do not support it (managed services, the mock cluster) give a
 * `failed` outcome with the reason, and topics they auto-create or that were created
 * beforehand work all the same.
 */
export function createKafkaTopicAdmin(
  admin: Admin,
  physical: (name: string) => string,
): TopicAdmin {
  async function existing(): Promise<Set<string>> {
    return new Set(await admin.listTopics());
  }

  async function states(specs: readonly TopicSpec[]): Promise<TopicState[]> {
    const names = await existing();
    const present = specs.map((t) => physical(t.name)).filter((name) => names.has(name));
    const metadata =
      present.length > 0 ? (await admin.fetchTopicMetadata({ topics: present })).topics : [];
    const partitions = new Map(metadata.map((t) => [t.name, t.partitions.length]));
    return specs.map((t) => {
      const physicalName = physical(t.name);
      const exists = names.has(physicalName);
      return {
        name: t.name,
        physicalName,
        exists,
        partitions: exists ? (partitions.get(physicalName) ?? null) : null,
      };
    });
  }

  async function createOne(spec: TopicSpec, physicalName: string): Promise<TopicCreateResult> {
    const base = { name: spec.name, physicalName };
    try {
      const created = await admin.createTopics({
        topics: [topicConfig(spec, physicalName)],
        waitForLeaders: true,
      });
      return { ...base, outcome: created ? 'created' : 'exists' };
    } catch (error) {
      const reasons = (error as { errors?: unknown[] }).errors;
      const reason = Array.isArray(reasons)
        ? reasons.map((e) => errorMessage(e)).join('; ')
        : errorMessage(error);
      if (/already exists/i.test(reason)) return { ...base, outcome: 'exists' };
      return { ...base, outcome: 'failed', reason };
    }
  }

  async function configsOf(physicalName: string): Promise<Record<string, string> | null> {
    try {
      const described = await admin.describeConfigs({
        resources: [
          { type: ConfigResourceTypes.TOPIC, name: physicalName, configNames: CONFIG_NAMES },
        ],
        includeSynonyms: false,
      });
      const entries = described.resources[0]?.configEntries ?? [];
      return Object.fromEntries(entries.map((e) => [e.configName, e.configValue]));
    } catch {
      // Brokers that do not support DescribeConfigs (the mock) have no configs to show.
      return null;
    }
  }

  return {
    list: () => states(catalogueTopics()),

    async create(names) {
      const specs = catalogueTopics(names);
      const before = await existing();
      const results: TopicCreateResult[] = [];
      for (const spec of specs) {
        const physicalName = physical(spec.name);
        results.push(
          before.has(physicalName)
            ? { name: spec.name, physicalName, outcome: 'exists' }
            : await createOne(spec, physicalName),
        );
      }
      return results;
    },

    async describe(name): Promise<TopicDescription> {
      const spec = catalogueTopic(name);
      const [state] = (await states([spec])) as [TopicState];
      if (!state.exists) return { ...state, partitionDetails: [], configs: null };
      const [metadata, offsets, configs] = await Promise.all([
        admin.fetchTopicMetadata({ topics: [state.physicalName] }),
        topicOffsets(admin, state.physicalName),
        configsOf(state.physicalName),
      ]);
      const partitions = metadata.topics[0]?.partitions ?? [];
      const byPartition = new Map(offsets.map((o) => [o.partition, o]));
      return {
        ...state,
        partitionDetails: partitions
          .map((p) => ({
            partition: p.partitionId,
            leader: p.leader >= 0 ? p.leader : null,
            replicas: [...p.replicas],
            low: byPartition.get(p.partitionId)?.low ?? '0',
            high: byPartition.get(p.partitionId)?.high ?? '0',
          }))
          .sort((a, b) => a.partition - b.partition),
        configs,
      };
    },
  };
}

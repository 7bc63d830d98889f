import { ArenaError } from '@arena/models';
import { BUS_ERROR_CODES } from './errors';
import { CATALOGUE_TOPICS, topicSpec, type TopicSpec } from './topics';

/** Partitions of a topic outside the catalogue (what brokers give an auto-created topic). */
export const DEFAULT_PARTITIONS = 4;

/** The catalogue entry of `name`. @throws `BUS_UNKNOWN_TOPIC` listing the catalogue names. */
export function catalogueTopic(name: string): TopicSpec {
  const spec = topicSpec(name);
  if (!spec) {
    throw new ArenaError(
      `Unknown topic ${JSON.stringify(name)} (catalogue topics: ${CATALOGUE_TOPICS.map((t) => t.name).join(', ')})`,
      { code: BUS_ERROR_CODES.UNKNOWN_TOPIC, category: 'user', details: { topic: name } },
    );
  }
  return spec;
}

/** The catalogue entries named (all when `names` is omitted), each checked. */
export function catalogueTopics(names?: readonly string[]): TopicSpec[] {
  return names === undefined ? [...CATALOGUE_TOPICS] : names.map(catalogueTopic);
}

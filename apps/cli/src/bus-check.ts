import type { ArenaSettings } from '@arena/orchestration';
import { withBus } from './context';

/** One line of `arena doctor`: a model spec, or the message bus as `bus:kafka`. */
export interface DoctorResult {
  spec: string;
  ok: boolean;
  latencyMs: number;
  detail: string;
}

/**
 * Connect to the configured Kafka brokers and list the catalogue topics there, as `arena doctor`
 * reports it: how long connecting and listing took, or why it failed (brokers unreachable,
 * TLS or SASL refused, the CA file unreadable).
 */
export async function checkBus(settings: ArenaSettings): Promise<DoctorResult> {
  const spec = `bus:${settings.ARENA_BUS}`;
  const brokers = (settings.KAFKA_BROKERS ?? []).join(',');
  const start = performance.now();
  try {
    const topics = await withBus(settings, (bus) => bus.topics.list());
    const present = topics.filter((t) => t.exists).length;
    return {
      spec,
      ok: true,
      latencyMs: performance.now() - start,
      detail: `brokers ${brokers} reachable; ${present} of ${topics.length} catalogue topics on the broker${present < topics.length ? ' (the rest are created on first use where allowed)' : ''}`,
    };
  } catch (error) {
    return {
      spec,
      ok: false,
      latencyMs: performance.now() - start,
      detail: error instanceof Error ? error.message : String(error),
    };
  }
}

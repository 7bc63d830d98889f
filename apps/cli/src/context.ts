import type { MessageBus } from '@arena/message-bus';
import {
  openArenaServices,
  openMessageBus,
  parseSettings,
  type ArenaServices,
  type ArenaSettings,
  type ContentCatalog,
} from '@arena/orchestration';
import { systemClock } from '@arena/models';

/** Settings from the environment, with `--data-dir` taking precedence. */
export function settingsFrom(
  env: Record<string, string | undefined>,
  overrides: { dataDir?: string } = {},
): ArenaSettings {
  const settings = parseSettings(env);
  return overrides.dataDir ? { ...settings, ARENA_DATA_DIR: overrides.dataDir } : settings;
}

/** Open the store, bus and catalog for one command and always close them afterwards. */
export async function withServices<T>(
  settings: ArenaSettings,
  fn: (services: ArenaServices) => Promise<T>,
  catalog?: ContentCatalog,
): Promise<T> {
  const services = await openArenaServices(settings, { clock: systemClock, catalog });
  try {
    return await fn(services);
  } finally {
    await services.close();
  }
}

/**
 * Open only the message bus the settings name (Kafka or in-process) for one command and always
 * close it afterwards; commands about topics and dead letters need no store.
 */
export async function withBus<T>(
  settings: ArenaSettings,
  fn: (bus: MessageBus) => Promise<T>,
): Promise<T> {
  const bus = await openMessageBus(settings);
  try {
    return await fn(bus);
  } finally {
    await bus.close();
  }
}

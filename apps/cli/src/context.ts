import {
  openArenaServices,
  parseSettings,
  type ArenaServices,
  type ArenaSettings,
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
): Promise<T> {
  const services = await openArenaServices(settings, { clock: systemClock });
  try {
    return await fn(services);
  } finally {
    await services.close();
  }
}

import { pino } from 'pino';
import { systemClock } from '@arena/models';
import {
  openArenaServices,
  parseSettings,
  type ArenaServices,
  type ArenaSettings,
} from '@arena/orchestration';
import { GameHost } from './game-host';
import { buildServer } from './server';

/**
 * Start the runner: settings from the environment, the services, the HTTP server, the games an
 * earlier shutdown left suspended, and the sweep that takes over games whose runner died (their
 * lease lapsed). SIGTERM or SIGINT stop intake, suspend running games at their next turn boundary
 * (releasing their leases) and close the services; a second signal exits at once.
 */
async function main(): Promise<void> {
  let settings: ArenaSettings;
  let services: ArenaServices;
  try {
    settings = parseSettings(process.env);
    services = await openArenaServices(settings, { clock: systemClock });
  } catch (error) {
    // Bad settings or content are the operator's to fix: say what and where, exit 2.
    const badInput = (error as { category?: unknown }).category === 'user';
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(badInput ? 2 : 1);
  }

  const { owner, ttlMs } = services.leaseOptions;
  const logger = pino({
    level: settings.ARENA_LOG_LEVEL,
    base: { service: 'arena-runner', runner: owner },
  });
  const host = new GameHost({ services, logger, owner, leaseTtlMs: ttlMs });
  const app = buildServer({ services, logger, host });

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) {
      logger.warn({ signal }, 'forced_exit');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, running: host.running() }, 'shutting_down');
    try {
      await app.close();
      await host.shutdown();
      await services.close();
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.fatal({ err: error }, 'shutdown_failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', (signal) => void shutdown(signal));
  process.on('SIGINT', (signal) => void shutdown(signal));

  try {
    const url = await app.listen({ host: settings.ARENA_HOST, port: settings.ARENA_PORT });
    logger.info({ url }, 'listening');
    const resumed = await host.resumeSuspended();
    if (resumed.length > 0) logger.info({ games: resumed }, 'resumed_suspended_games');
    // In-process leases cannot see other processes: sweeping needs the shared (Redis) ones.
    if (settings.REDIS_URL) host.startSweeping();
  } catch (error) {
    logger.fatal({ err: error }, 'start_failed');
    await services.close();
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `arena runner failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});

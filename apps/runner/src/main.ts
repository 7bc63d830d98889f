import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { systemClock } from '@arena/models';
import {
  openArenaServices,
  parseSettings,
  type ArenaServices,
  type ArenaSettings,
} from '@arena/orchestration';
import { startCommandConsumer, type CommandConsumer } from './command-consumer';
import { openBusEventFeed, type BusEventFeed } from './game-event-feed';
import { GameHost } from './game-host';
import { GameOwnership } from './game-ownership';
import { buildServer } from './server';

/**
 * Start the runner: settings from the environment, the services, the HTTP server, the games an
 * earlier shutdown left suspended, and the sweep that takes over games whose runner died (their
 * lease lapsed). On Kafka (`ARENA_BUS=kafka`) the runner joins the runners' consumer group on
 * the commands topic, plays the games of the partitions it owns, and follows every game's events
 * through the events topic for its spectators. SIGTERM or SIGINT stop intake (HTTP, then the
 * group, committing what was handled), suspend running games at their next turn boundary
 * (releasing their leases) and close the services; a second signal exits at once.
 */
/** Longest a graceful shutdown may take before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 30_000;

/** A host a browser can open: wildcard binds are reached on localhost; IPv6 goes in brackets. */
function browsable(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

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
  const distributed = services.bus.kind === 'kafka';
  const ownership = distributed ? new GameOwnership() : null;
  const host = new GameHost({ services, logger, owner, leaseTtlMs: ttlMs, owns: ownership?.owns });
  let feed: BusEventFeed | null = null;
  let consumer: CommandConsumer | null = null;
  let app: FastifyInstance | null = null;

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) {
      logger.warn({ signal }, 'forced_exit');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, running: host.running() }, 'shutting_down');
    // Leaving the group or flushing to a broker that is gone can wait forever: cap the shutdown.
    // Games not yet suspended are resumed from their log by whoever takes them next.
    setTimeout(() => {
      logger.error({ afterMs: SHUTDOWN_TIMEOUT_MS }, 'shutdown_timed_out');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    try {
      await app?.close();
      await consumer?.stop();
      await feed?.close();
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
    if (ownership) {
      if (!settings.REDIS_URL) {
        logger.warn(
          'REDIS_URL is unset: leases are in-process, so two runners of the group could play one game at once after a rebalance; set REDIS_URL when running more than one runner',
        );
      }
      feed = await openBusEventFeed(services.bus, (err, event) =>
        logger.warn({ err, gameId: event.gameId, seq: event.seq }, 'event_listener_failed'),
      );
      // After the feed, so that joining the group is all this runner does meanwhile.
      consumer = await startCommandConsumer({
        bus: services.bus,
        group: settings.KAFKA_GROUP_ID,
        services,
        host,
        ownership,
        logger,
      });
    }
    const generated = settings.ARENA_API_TOKENS ? null : randomBytes(24).toString('base64url');
    app = buildServer({
      services,
      logger,
      host,
      ...(feed ? { feed } : {}),
      access: {
        tokens: settings.ARENA_API_TOKENS ?? (generated ? [generated] : []),
        readAccess: settings.ARENA_API_READ_ACCESS,
      },
      ...(settings.ARENA_CORS_ORIGINS ? { corsOrigins: settings.ARENA_CORS_ORIGINS } : {}),
      rateLimitPerMinute: settings.ARENA_RATE_LIMIT_PER_MINUTE,
      bodyLimit: settings.ARENA_BODY_LIMIT_BYTES,
      dashboardDir: settings.ARENA_DASHBOARD_DIR,
      contentDir: settings.ARENA_CONTENT_DIR,
    });
    const url = await app.listen({ host: settings.ARENA_HOST, port: settings.ARENA_PORT });
    logger.info({ url }, 'listening');
    if (generated) {
      // No token was configured: this one lives as long as the process. It goes to the terminal
      // (stderr) only, never into the structured log, which is often shipped elsewhere.
      const page = `http://${browsable(settings.ARENA_HOST)}:${settings.ARENA_PORT}/`;
      const dashboard = `${page}#token=${generated}`;
      logger.info({ dashboard: page }, 'api_token_generated');
      process.stderr.write(
        `ARENA_API_TOKENS is unset: this runner accepts the API token ${generated}\nDashboard: ${dashboard}\n`,
      );
    }
    // On Kafka each rebalance resumes the games this runner then owns.
    if (!distributed) {
      const resumed = await host.resumeSuspended();
      if (resumed.length > 0) logger.info({ games: resumed }, 'resumed_suspended_games');
    }
    // In-process leases cannot see other processes: sweeping needs the shared (Redis) ones, or
    // partition ownership, which keeps the runners of a group off each other's games.
    if (settings.REDIS_URL || distributed) host.startSweeping();
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

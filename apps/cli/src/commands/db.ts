import { join, resolve } from 'node:path';
import { migrateDatabase, migratePgliteDatabase, type MigrationReport } from '@arena/persistence';
import { parseCommandLine, READ_FLAGS, ReadFlags, usageError } from '../args';
import { settingsFrom } from '../context';
import { EXIT, type Output } from '../output';
import { SILENT_PROGRESS, startSpinner } from '../progress';

export const DB_HELP = `arena db migrate [--json] [--data-dir <dir>]
  Apply pending database migrations: to Postgres when DATABASE_URL is set (under an advisory
  lock, so it is safe while runners start), else to the embedded PGlite database under
  --data-dir (default: ARENA_DATA_DIR or .arena). Prints the migrations applied and the schema
  version now in place; --json prints one object. Stores also migrate themselves when they open.`;

const FLAGS = READ_FLAGS;
const Flags = ReadFlags;

const SUBCOMMANDS = ['migrate'] as const;

/** A database URL fit to print: the password, if any, is masked. */
function printableUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured DATABASE_URL';
  }
}

/** `arena db migrate`: bring the configured database's schema up to date. */
export async function db(
  argv: string[],
  out: Output,
  env: Record<string, string | undefined>,
): Promise<number> {
  const parsed = parseCommandLine(argv, FLAGS, Flags, DB_HELP, (text) => out.line(text));
  if (!parsed) return EXIT.ok;
  const { flags, positionals } = parsed;
  const [subcommand, ...extra] = positionals;
  if (subcommand !== 'migrate' || extra.length > 0) {
    throw usageError(
      `db takes one subcommand, one of: ${SUBCOMMANDS.join(', ')} (got ${positionals.length > 0 ? positionals.join(' ') : 'none'})`,
    );
  }
  const settings = settingsFrom(env, { dataDir: flags['data-dir'] });
  const target = settings.DATABASE_URL
    ? { kind: 'postgres' as const, location: printableUrl(settings.DATABASE_URL) }
    : { kind: 'pglite' as const, location: join(resolve(settings.ARENA_DATA_DIR), 'pglite') };
  const where = `${target.kind === 'postgres' ? 'Postgres' : 'PGlite'} at ${target.location}`;
  const spinner = startSpinner(flags.json ? SILENT_PROGRESS : out.progress, `Migrating ${where}`);
  let report: MigrationReport;
  try {
    report = settings.DATABASE_URL
      ? await migrateDatabase(settings.DATABASE_URL)
      : await migratePgliteDatabase({ dataDir: target.location });
  } catch (error) {
    spinner.fail();
    throw error;
  }
  spinner.stop();
  if (flags.json) {
    out.json({ database: target.kind, location: target.location, ...report });
    return EXIT.ok;
  }
  out.line(
    report.applied.length === 0
      ? `${where} is up to date (schema ${report.current}); no migration applied.`
      : `Applied ${report.applied.length} migration${report.applied.length === 1 ? '' : 's'} to ${where}: ${report.applied.join(', ')}. Schema is now at ${report.current}.`,
  );
  return EXIT.ok;
}

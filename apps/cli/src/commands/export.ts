import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { ArenaError } from '@arena/models';
import {
  EXPORT_FORMATS,
  ORCHESTRATION_ERROR_CODES,
  exportGame,
  type ExportFormat,
} from '@arena/orchestration';
import { parseFlags, usageError, validateFlags } from '../args';
import { settingsFrom, withServices } from '../context';
import { EXIT, type Output } from '../output';

export const EXPORT_HELP = `arena export <game-id> --format ${EXPORT_FORMATS.join('|')} [--out <file>] [--data-dir <dir>]
  Export a stored game, ended or not: jsonl (its events, one JSON object per line), md (a
  readable Markdown transcript with spectator notes) or html (a self-contained replay page
  that opens offline). Prints to stdout unless --out names a file, which is written whole or
  not at all (a temporary file renamed into place).`;

const FLAGS = {
  format: { type: 'string' },
  out: { type: 'string' },
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const allowed = EXPORT_FORMATS.join(', ');

const ExportFlags = z.object({
  format: z
    .enum(EXPORT_FORMATS, {
      error: (issue) =>
        issue.input === undefined
          ? `is required; allowed: ${allowed}`
          : `unknown format "${String(issue.input)}"; allowed: ${allowed}`,
    })
    .optional(),
  out: z.string().min(1, 'needs a file path').optional(),
  'data-dir': z.string().min(1).optional(),
  help: z.boolean().optional(),
});

function cannotWrite(path: string, reason: string): ArenaError {
  return usageError(`--out: cannot write ${path}: ${reason}`, { path });
}

/** Refuses an --out path whose folder is missing or read-only, or that names a folder. */
async function checkWritable(path: string): Promise<void> {
  const existing = await stat(path).catch(() => null);
  if (existing?.isDirectory()) throw cannotWrite(path, 'it is a directory');
  const folder = dirname(path);
  const folderStat = await stat(folder).catch(() => null);
  if (!folderStat) throw cannotWrite(path, `the folder ${folder} does not exist`);
  if (!folderStat.isDirectory()) throw cannotWrite(path, `${folder} is not a folder`);
  try {
    await access(folder, constants.W_OK);
  } catch {
    throw cannotWrite(path, `the folder ${folder} is not writable`);
  }
}

const USER_FS_ERRORS = new Set(['EACCES', 'EPERM', 'ENOENT', 'ENOTDIR', 'EISDIR', 'EROFS']);

/** Write `text` to a temporary file beside `path`, then rename it over `path`. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
  try {
    await writeFile(temp, text, { encoding: 'utf8', flag: 'wx' });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code && USER_FS_ERRORS.has(code)) throw cannotWrite(path, code);
    throw error;
  }
}

/** `arena export <game-id> --format jsonl|md|html [--out FILE]`. */
export async function exportCommand(
  argv: string[],
  out: Output,
  env: Record<string, string | undefined>,
): Promise<number> {
  const { values, positionals } = parseFlags(argv, FLAGS, true);
  const flags = validateFlags(ExportFlags, values);
  if (flags.help) {
    out.line(EXPORT_HELP);
    return EXIT.ok;
  }
  const [gameId, ...extra] = positionals;
  if (!gameId || extra.length > 0) {
    throw usageError(
      'export takes exactly one argument: the game id (arena play prints it when a game starts)',
    );
  }
  const format: ExportFormat | undefined = flags.format;
  if (!format) throw usageError(`--format: is required; allowed: ${allowed}`, { allowed });
  const target = flags.out === undefined ? null : resolve(flags.out);
  if (target) await checkWritable(target);
  const settings = settingsFrom(env, { dataDir: flags['data-dir'] });
  const text = await withServices(settings, async (services) => {
    const events = await services.store.load(gameId);
    if (events.length === 0) {
      throw new ArenaError(`No game with id ${gameId}`, {
        code: ORCHESTRATION_ERROR_CODES.GAME_NOT_FOUND,
        category: 'user',
        details: { gameId },
      });
    }
    return exportGame(events, format);
  });
  if (target) {
    await writeAtomically(target, text);
    out.line(`Exported game ${gameId} as ${format} to ${target}`);
  } else {
    out.line(text.endsWith('\n') ? text.slice(0, -1) : text);
  }
  return EXIT.ok;
}

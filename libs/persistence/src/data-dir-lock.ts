import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ArenaError } from '@arena/models';
import { PERSISTENCE_ERROR_CODES } from './errors';

const LOCK_FILE = 'arena.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Take the folder of an embedded database for this process. Two processes writing one PGlite
 * folder would corrupt it, so a second opener fails with PERSISTENCE_DATA_DIR_LOCKED while the
 * holder lives; a lock left by a process that died (even by SIGKILL) is taken over.
 *
 * @returns a function that releases the lock.
 */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          unlinkSync(path);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new ArenaError(
          `The data folder ${dataDir} is in use by process ${holder} (a runner or another arena command). Stop that process, or reach its games through that runner's API (the CLI's --runner <url> or ARENA_RUNNER_URL).`,
          {
            code: PERSISTENCE_ERROR_CODES.DATA_DIR_LOCKED,
            retriable: true,
            details: { dataDir, pid: holder },
          },
        );
      }
      unlinkSync(path);
    }
  }
  throw new ArenaError(`Could not lock the data folder ${dataDir}`, {
    code: PERSISTENCE_ERROR_CODES.DATA_DIR_LOCKED,
    details: { dataDir },
  });
}

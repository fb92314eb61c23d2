import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

export class DataDirLockedError extends Error {}

/**
 * PGlite has no multi-process safety: two processes writing one data directory corrupt it.
 * A pid file created with O_EXCL refuses a second opener at once. A lock left by a crashed
 * process (pid no longer alive) is taken over, so a crash never blocks the next start.
 * (proper-lockfile was considered; its mtime-based staleness makes a restart after SIGKILL
 * wait for the stale window, which a pid check avoids.)
 */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, 'tunix-rt.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return async () => {
        await rm(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new DataDirLockedError(
          `The embedded database in ${dir} is already open in process ${holder}. ` +
            'Stop that process, use another TUNIX_DATA_DIR, or set DATABASE_URL to share a PostgreSQL server.',
        );
      }
      await rm(path, { force: true });
    }
  }
  throw new DataDirLockedError(`Could not lock ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

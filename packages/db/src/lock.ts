import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

export class DataDirLockedError extends Error {}

/**
 * PGlite has no multi-process safety: two processes writing one data directory corrupt it.
 * A pid file created with O_EXCL refuses a second opener at once. A lock left by a crashed
 * process is taken over, so a crash never blocks the next start. The file holds the pid and
 * the process's start time (Linux /proc): after a reboot or a container restart the old pid
 * often belongs to another live process, and only the start time tells them apart.
 * (proper-lockfile was considered; its mtime-based staleness makes a restart after SIGKILL
 * wait for the stale window, which a pid check avoids.)
 */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, 'tunix-rt.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(`${process.pid} ${(await startTime(process.pid)) ?? ''}`.trim());
      await handle.close();
      return async () => {
        await rm(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const [pidText, started] = (await readFile(path, 'utf8').catch(() => '')).split(' ');
      const holder = Number.parseInt(pidText ?? '', 10);
      if (Number.isInteger(holder) && holder !== process.pid && (await isHolder(holder, started))) {
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

/** The kernel's start time of `pid` (clock ticks since boot), or undefined off Linux. */
async function startTime(pid: number): Promise<string | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Field 22; counted after the command name, which may itself contain spaces and ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** Is the process that wrote the lock still running? A reused pid has another start time. */
async function isHolder(pid: number, started: string | undefined): Promise<boolean> {
  if (!isAlive(pid)) return false;
  const now = await startTime(pid);
  return !started || !now || now === started;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

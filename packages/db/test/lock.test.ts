import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from '../src/lock';

let dir: string;
const lockFile = () => join(dir, 'tunix-rt.lock');
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tunix-lock-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

/** Another live process, and its start time as the kernel reports it. */
async function otherProcess() {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('spawn', resolve));
  const stat = await readFile(`/proc/${child.pid}/stat`, 'utf8');
  const started = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
  return { pid: child.pid!, started, stop: () => child.kill('SIGKILL') };
}

describe.skipIf(process.platform !== 'linux')('data directory lock', () => {
  it('records its pid and start time and removes the file on unlock', async () => {
    const unlock = await lockDataDir(dir);
    expect(await readFile(lockFile(), 'utf8')).toMatch(new RegExp(`^${process.pid} \\d+$`));
    await unlock();
    await expect(readFile(lockFile(), 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('refuses while the process that holds it is alive', async () => {
    const other = await otherProcess();
    try {
      await writeFile(lockFile(), `${other.pid} ${other.started}`);
      await expect(lockDataDir(dir)).rejects.toThrow(DataDirLockedError);
      await expect(lockDataDir(dir)).rejects.toThrow(`already open in process ${other.pid}`);
    } finally {
      other.stop();
    }
  });

  it('takes over a lock whose pid now belongs to another process (pid reuse after a restart)', async () => {
    const other = await otherProcess();
    try {
      await writeFile(lockFile(), `${other.pid} 1`);
      const unlock = await lockDataDir(dir);
      expect(await readFile(lockFile(), 'utf8')).toMatch(new RegExp(`^${process.pid} `));
      await unlock();
    } finally {
      other.stop();
    }
  });

  it('takes over a lock left by a dead process', async () => {
    await writeFile(lockFile(), '2147483646 5');
    const unlock = await lockDataDir(dir);
    await unlock();
  });
});

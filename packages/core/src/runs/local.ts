import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Db } from '../context';
import { checkDatasetKey } from '../datasets/key';
import { findDataset } from '../datasets/repo';
import { datasetLines } from '../exports/stream';
import { startProcess } from '../process/child';
import type { CliProbe } from '../tunix/status';
import type { Result } from './dry-run';
import type { LogSink } from './log-sink';
import type { RunRow } from './repo';
import type { RunSettings } from './settings';

export function runDirectory(dataDir: string, runId: string): string {
  return resolve(dataDir, 'runs', runId);
}

/**
 * Writes the run's inputs: `<run dir>/datasets/<key>.jsonl` (the dataset's tunix_sft export,
 * streamed) and `<run dir>/manifest.yaml`, whose `dataset.path: ./datasets/<key>.jsonl` is that
 * file relative to the trainer's cwd (the reference pointed at a file it never wrote).
 */
async function prepareFiles(db: Db, run: RunRow, dir: string): Promise<string> {
  const key = checkDatasetKey(run.dataset_key);
  const dataset = await findDataset(db, key);
  if (!dataset) throw new Error(`Dataset not found: ${key}`);
  await mkdir(join(dir, 'datasets'), { recursive: true });
  await pipeline(
    Readable.from(datasetLines(db, dataset, 'tunix_sft')),
    createWriteStream(join(dir, 'datasets', `${key}.jsonl`)),
  );
  const manifest = join(dir, 'manifest.yaml');
  await writeFile(manifest, run.manifest_yaml ?? '');
  return manifest;
}

/**
 * Local execution (API.md §6.4): `<TUNIX_CLI> train --config <abs manifest>` with cwd = the run
 * directory, never through a shell. Output streams into the sink while the process runs; on
 * timeout the partial output is kept (D6). `signal` aborts (cancel, shutdown): SIGTERM, then
 * SIGKILL after the grace period.
 */
export async function localRun(
  db: Db,
  run: RunRow,
  sink: LogSink,
  deps: { settings: RunSettings; probe: () => Promise<CliProbe>; signal: AbortSignal },
): Promise<Result> {
  const { settings } = deps;
  const probe = await deps.probe();
  if (!probe.available) {
    return {
      status: 'failed',
      exit_code: null,
      stdout: '',
      stderr: `Tunix CLI not accessible: ${probe.reason}`,
      message: 'Local execution failed: Tunix CLI not found',
    };
  }

  const dir = runDirectory(settings.dataDir, run.run_id);
  let manifest: string;
  try {
    manifest = await prepareFiles(db, run, dir);
  } catch (error) {
    return {
      status: 'failed',
      exit_code: null,
      stdout: '',
      stderr: `Failed to prepare files: ${(error as Error).message}`,
      message: 'Local execution failed: file preparation error',
    };
  }
  sink.system(`Run directory ${dir}; starting ${settings.tunixCli} train --config ${manifest}`);

  const graceMs = settings.cancelGraceSeconds * 1000;
  const child = startProcess({
    command: settings.tunixCli,
    args: ['train', '--config', manifest],
    cwd: dir,
    extraEnv: { PYTHONUNBUFFERED: '1' },
    timeoutMs: settings.runTimeoutSeconds * 1000,
    killGraceMs: graceMs,
    onStdout: (chunk) => sink.write('stdout', chunk),
    onStderr: (chunk) => sink.write('stderr', chunk),
  });
  const abort = () => child.terminate(graceMs);
  if (deps.signal.aborted) abort();
  deps.signal.addEventListener('abort', abort, { once: true });
  const result = await child.done;
  deps.signal.removeEventListener('abort', abort);
  await sink.close();
  const { stdout, stderr } = sink.summary();

  if (result.error) {
    return {
      status: 'failed',
      exit_code: null,
      stdout: '',
      stderr: `Execution error: ${result.error.message}`,
      message: 'Local execution failed with unexpected error',
    };
  }
  if (result.timedOut) {
    const seconds = settings.runTimeoutSeconds;
    const notice = `Execution timeout (exceeded ${seconds} seconds)`;
    sink.system(notice);
    return {
      status: 'timeout',
      exit_code: null,
      stdout,
      stderr: stderr ? `${stderr}\n${notice}` : notice,
      message: `Local execution timed out after ${seconds} seconds`,
    };
  }
  if (result.exitCode === 0) {
    return { status: 'completed', exit_code: 0, stdout, stderr, message: 'Local execution completed successfully' };
  }
  return {
    status: 'failed',
    exit_code: result.exitCode,
    stdout,
    stderr,
    message: `Local execution failed with exit code ${result.exitCode}`,
  };
}

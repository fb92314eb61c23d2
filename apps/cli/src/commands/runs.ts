import type { ApiClient, RunInput } from '@tunix-rt/client';
import { RUN_MODES, RUN_STATUSES, type Run, type RunLogChunk } from '@tunix-rt/contract';
import { type Command, Option } from 'commander';
import { clientFor } from '../lib/client';
import { action, exitCodeForStatus } from '../lib/errors';
import { type ApiOptions, intArg, numberArg, withApiOptions } from '../lib/options';
import { printJson, renderTable } from '../lib/table';
import { followRun } from '../runs/follow';

interface SubmitFlags extends ApiOptions {
  dataset: string;
  model: string;
  local?: boolean;
  outputDir?: string;
  learningRate?: number;
  epochs?: number;
  batchSize?: number;
  maxSeqLength?: number;
  async?: boolean;
  follow?: boolean;
  json?: boolean;
}

interface ListFlags extends ApiOptions {
  status?: string;
  mode?: string;
  dataset?: string;
  limit?: number;
  offset?: number;
  json?: boolean;
}

const writeChunk = (chunk: RunLogChunk) =>
  (chunk.stream === 'stdout' ? process.stdout : process.stderr).write(chunk.data);

const duration = (seconds: number | null) => (seconds === null ? '' : `${seconds.toFixed(2)}s`);

function summary(run: Run): string {
  const code = run.exit_code === null ? '' : `, exit code ${run.exit_code}`;
  const took = run.duration_seconds === null ? '' : ` in ${duration(run.duration_seconds)}`;
  return `Run ${run.run_id} ${run.status}${code}${took}: ${run.message}`;
}

/** Tails the run to its end; the exit code mirrors the outcome (0, 1, 124 timeout, 130 cancelled). */
async function follow(client: ApiClient, runId: string): Promise<number> {
  const run = await followRun(client, runId, { onChunk: writeChunk });
  process.stderr.write(`${summary(run)}\n`);
  return exitCodeForStatus(run.status);
}

function printRun(run: Run): void {
  const rows: Array<[string, string | number | null | undefined]> = [
    ['Run', run.run_id],
    ['Status', run.status],
    ['Mode', run.mode],
    ['Dataset', run.dataset_key],
    ['Model', run.model_id],
    ['Output dir', run.output_dir],
    ['Exit code', run.exit_code],
    ['Started', run.started_at],
    ['Completed', run.completed_at],
    ['Duration', duration(run.duration_seconds)],
    ['Message', run.message],
  ];
  if (run.retry_of) rows.push(['Retry of', run.retry_of]);
  if (run.dataset_hash) rows.push(['Dataset hash', run.dataset_hash]);
  for (const [label, value] of rows) process.stdout.write(`${`${label}:`.padEnd(14)}${value ?? ''}\n`);
  if (run.stdout) process.stdout.write(`\n--- stdout ---\n${run.stdout}${run.stdout.endsWith('\n') ? '' : '\n'}`);
  if (run.stderr) process.stdout.write(`\n--- stderr ---\n${run.stderr}${run.stderr.endsWith('\n') ? '' : '\n'}`);
}

export function registerRunCommands(program: Command): void {
  const runs = program.command('runs').description('submit, inspect and follow Tunix training runs');

  withApiOptions(
    runs
      .command('submit')
      .description('submit a run (a dry-run validation unless --local); waits for it unless --async')
      .requiredOption('--dataset <key>', 'dataset key, e.g. my_dataset-v1')
      .requiredOption('--model <id>', 'model id, e.g. google/gemma-2b-it')
      .option('--local', 'execute with the local Tunix runtime instead of a dry-run')
      .option('--output-dir <dir>', 'training output directory')
      .option('--learning-rate <x>', 'learning rate (0 < x ≤ 1)', numberArg)
      .option('--epochs <n>', 'number of epochs (1-100)', intArg(1))
      .option('--batch-size <n>', 'batch size (1-512)', intArg(1))
      .option('--max-seq-length <n>', 'maximum sequence length (128-32768)', intArg(1))
      .option('--async', 'queue the run and return at once with its id')
      .option('--follow', 'queue the run and tail its log until it ends; exit code mirrors the outcome')
      .option('--json', 'print the run as JSON'),
  ).action(
    action(async (flags: SubmitFlags) => {
      const client = clientFor(flags);
      const input: RunInput = {
        dataset_key: flags.dataset,
        model_id: flags.model,
        dry_run: !flags.local,
        ...(flags.outputDir !== undefined && { output_dir: flags.outputDir }),
        ...(flags.learningRate !== undefined && { learning_rate: flags.learningRate }),
        ...(flags.epochs !== undefined && { num_epochs: flags.epochs }),
        ...(flags.batchSize !== undefined && { batch_size: flags.batchSize }),
        ...(flags.maxSeqLength !== undefined && { max_seq_length: flags.maxSeqLength }),
      };
      const queued = Boolean(flags.async || flags.follow);
      const run = await client.tunix.run(input, { async: queued });
      if (flags.follow) {
        process.stderr.write(`Submitted run ${run.run_id} (${run.status}); following its log\n`);
        return follow(client, run.run_id);
      }
      if (flags.json) printJson(run);
      if (flags.async) {
        if (!flags.json) {
          process.stdout.write(`Submitted run ${run.run_id} (${run.status})\n`);
          process.stdout.write(`Follow it with: tunix-rt runs logs ${run.run_id} --follow\n`);
        }
        return 0;
      }
      if (!flags.json) process.stdout.write(`${summary(run)}\n`);
      return exitCodeForStatus(run.status);
    }),
  );

  withApiOptions(
    runs
      .command('list')
      .description('run history, newest first')
      .addOption(new Option('--status <status>', 'only runs with this status').choices(RUN_STATUSES))
      .addOption(new Option('--mode <mode>', 'only runs in this mode').choices(RUN_MODES))
      .option('--dataset <key>', 'only runs of this dataset')
      .option('--limit <n>', 'page size (1-100)', intArg(1, 100))
      .option('--offset <n>', 'skip this many', intArg(0))
      .option('--json', 'print the raw JSON response'),
  ).action(
    action(async (flags: ListFlags) => {
      const page = await clientFor(flags).runs.list({
        limit: flags.limit,
        offset: flags.offset,
        status: flags.status as never,
        mode: flags.mode as never,
        dataset_key: flags.dataset,
      });
      if (flags.json) {
        printJson(page);
        return 0;
      }
      if (page.data.length === 0) {
        process.stdout.write('No runs.\n');
        return 0;
      }
      const rows = page.data.map((r) => [
        r.run_id,
        r.status,
        r.mode,
        r.dataset_key,
        r.model_id,
        duration(r.duration_seconds),
        r.started_at,
      ]);
      process.stdout.write(
        `${renderTable(['Run ID', 'Status', 'Mode', 'Dataset', 'Model', 'Duration', 'Started'], rows)}\n`,
      );
      if (page.pagination.next_offset !== null) {
        process.stdout.write(`More: --offset ${page.pagination.next_offset}\n`);
      }
      return 0;
    }),
  );

  withApiOptions(
    runs
      .command('show')
      .description('one run with its captured output')
      .argument('<id>', 'run id')
      .option('--json', 'print the raw JSON response'),
  ).action(
    action(async (id: string, flags: ApiOptions & { json?: boolean }) => {
      const run = await clientFor(flags).runs.get(id);
      if (flags.json) printJson(run);
      else printRun(run);
      return 0;
    }),
  );

  withApiOptions(
    runs
      .command('cancel')
      .description('cancel a pending or running run')
      .argument('<id>', 'run id')
      .option('--json', 'print the run as JSON'),
  ).action(
    action(async (id: string, flags: ApiOptions & { json?: boolean }) => {
      const run = await clientFor(flags).runs.cancel(id);
      if (flags.json) printJson(run);
      else process.stdout.write(`Run ${run.run_id}: ${run.status}\n`);
      return 0;
    }),
  );

  withApiOptions(
    runs
      .command('logs')
      .description("print a run's log; --follow tails it until the run ends (exit code mirrors the outcome)")
      .argument('<id>', 'run id')
      .option('--follow', 'keep printing until the run ends'),
  ).action(
    action(async (id: string, flags: ApiOptions & { follow?: boolean }) => {
      const client = clientFor(flags);
      if (flags.follow) return follow(client, id);
      let offset = 0;
      for (;;) {
        const page = await client.runs.logs(id, { offset, limit: 500 });
        for (const chunk of page.chunks) writeChunk(chunk);
        if (page.chunks.length === 0 || page.next_offset <= offset) break;
        offset = page.next_offset;
      }
      return 0;
    }),
  );
}

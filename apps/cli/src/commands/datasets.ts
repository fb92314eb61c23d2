import type { ExportFormat } from '@tunix-rt/contract';
import { type Command, Option } from 'commander';
import { clientFor } from '../lib/client';
import { action } from '../lib/errors';
import { type ApiOptions, filterArg, intArg, withApiOptions } from '../lib/options';
import { openOutput } from '../lib/output';
import { printJson, renderTable } from '../lib/table';

interface BuildFlags extends ApiOptions {
  name: string;
  version: string;
  strategy: 'latest' | 'random';
  seed?: number;
  limit?: number;
  filter?: Record<string, unknown>;
  json?: boolean;
}

interface ListFlags extends ApiOptions {
  limit?: number;
  offset?: number;
  json?: boolean;
}

interface ExportFlags extends ApiOptions {
  format: ExportFormat;
  output?: string;
}

export function registerDatasetCommands(program: Command): void {
  const datasets = program.command('datasets').description('build, list and export datasets');

  withApiOptions(
    datasets
      .command('build')
      .description('select traces into a dataset (the key is <name>-<version>)')
      .requiredOption('--name <name>', 'dataset name')
      .requiredOption('--version <version>', 'dataset version')
      .addOption(
        new Option('--strategy <strategy>', 'selection strategy').choices(['latest', 'random']).default('latest'),
      )
      .option('--seed <n>', 'seed for --strategy random', intArg(Number.MIN_SAFE_INTEGER))
      .option('--limit <n>', 'at most this many traces (server default 100)', intArg(1, 10_000))
      .option(
        '--filter <key=value>',
        'keep traces whose meta[key] equals value (JSON when it parses, else a string); repeatable',
        filterArg,
      )
      .option('--json', 'print the raw JSON response'),
  ).action(
    action(async (flags: BuildFlags) => {
      const built = await clientFor(flags).datasets.build({
        dataset_name: flags.name,
        dataset_version: flags.version,
        selection_strategy: flags.strategy,
        ...(flags.seed !== undefined && { seed: flags.seed }),
        ...(flags.limit !== undefined && { limit: flags.limit }),
        ...(flags.filter && { filters: flags.filter }),
      });
      if (flags.json) printJson(built);
      else
        process.stdout.write(
          `Built dataset ${built.dataset_key}: ${built.trace_count} traces (build ${built.build_id})\n`,
        );
      return 0;
    }),
  );

  withApiOptions(
    datasets
      .command('list')
      .description('datasets, newest first')
      .option('--limit <n>', 'page size (1-100)', intArg(1, 100))
      .option('--offset <n>', 'skip this many', intArg(0))
      .option('--json', 'print the raw JSON response'),
  ).action(
    action(async (flags: ListFlags) => {
      const page = await clientFor(flags).datasets.list({ limit: flags.limit, offset: flags.offset });
      if (flags.json) {
        printJson(page);
        return 0;
      }
      if (page.data.length === 0) {
        process.stdout.write('No datasets.\n');
        return 0;
      }
      const rows = page.data.map((d) => [
        d.dataset_key,
        d.trace_count,
        d.selection_strategy,
        d.seed,
        d.created_at,
        d.content_hash.slice(0, 12),
      ]);
      process.stdout.write(`${renderTable(['Key', 'Traces', 'Strategy', 'Seed', 'Created', 'Hash'], rows)}\n`);
      if (page.pagination.next_offset !== null) {
        process.stdout.write(`More: --offset ${page.pagination.next_offset}\n`);
      }
      return 0;
    }),
  );

  withApiOptions(
    datasets
      .command('export')
      .description('stream a dataset as JSONL')
      .argument('<key>', 'dataset key, e.g. my_dataset-v1')
      .addOption(
        new Option('--format <format>', 'record shape')
          .choices(['trace', 'tunix_sft', 'training_example'])
          .default('trace'),
      )
      .option('-o, --output <file>', 'write to a file instead of stdout'),
  ).action(
    action(async (key: string, flags: ExportFlags) => {
      const response = await clientFor(flags).datasets.export(key, flags.format);
      const out = await openOutput(flags.output);
      await out.pipeFrom(response.body);
      await out.close();
      if (flags.output) process.stderr.write(`Exported ${key} (${flags.format}) to ${flags.output}\n`);
      return 0;
    }),
  );
}

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { clientFor } from '../lib/client';
import { action, describeError, UsageError } from '../lib/errors';
import { type ApiOptions, intArg, withApiOptions } from '../lib/options';
import { openOutput } from '../lib/output';
import { exportTraces } from '../traces/exporter';
import { importTraces } from '../traces/importer';
import { createProgress } from '../traces/progress';

interface ImportFlags extends ApiOptions {
  batchSize: number;
  progress: boolean;
}

interface ExportFlags extends ApiOptions {
  output?: string;
  limit?: number;
}

export function registerTraceCommands(program: Command): void {
  const traces = program.command('traces').description('import and export reasoning traces');

  withApiOptions(
    traces
      .command('import')
      .description('import a JSONL file (one trace per line) in batches; invalid lines are reported and skipped')
      .argument('<file>', 'JSONL file')
      .option('--batch-size <n>', 'traces per request (1-1000)', intArg(1, 1000), 500)
      .option('--no-progress', 'no progress bar or progress lines'),
  ).action(
    action(async (file: string, flags: ImportFlags) => {
      const size = await stat(file).then(
        (s) => s.size,
        (error: NodeJS.ErrnoException) => {
          throw new UsageError(`cannot read ${file}: ${error.code ?? error.message}`);
        },
      );
      const client = clientFor(flags);
      const input = createReadStream(file, { encoding: 'utf8' });
      const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
      const progress = flags.progress ? createProgress(size, { tty: process.stdout.isTTY === true }) : undefined;
      const startedAt = Date.now();
      const result = await importTraces(lines, {
        batchSize: flags.batchSize,
        send: async (items) => (await client.traces.batch(items as never)).created_count,
        onRejected: (r) => {
          const text = `line ${r.line}: rejected: ${r.detail}`;
          if (progress) progress.log(process.stderr, text);
          else process.stderr.write(`${text}\n`);
        },
        onProgress: (counts) => progress?.update(counts),
      }).finally(() => input.destroy());
      progress?.stop(result);

      const seconds = (Date.now() - startedAt) / 1000;
      const rate = seconds > 0 ? Math.round(result.lines / seconds) : result.lines;
      const blank = result.blank ? `, ${result.blank} blank skipped` : '';
      process.stdout.write(
        `Imported ${result.imported} of ${result.lines} lines, ${result.rejected} rejected${blank} in ${seconds.toFixed(1)}s (${rate} lines/s)\n`,
      );
      if (result.rejected > 0) {
        const shown = result.rejections.slice(0, 20).map((r) => r.line);
        const more = result.rejected > shown.length ? ` and ${result.rejected - shown.length} more` : '';
        process.stdout.write(`Rejected lines: ${shown.join(', ')}${more}\n`);
      }
      if (result.error) {
        process.stderr.write(`tunix-rt: import stopped: ${describeError(result.error, flags.url)}\n`);
        return 1;
      }
      return result.rejected > 0 ? 1 : 0;
    }),
  );

  withApiOptions(
    traces
      .command('export')
      .description('write every trace with its payload as JSONL (one object per line, newest first)')
      .option('-o, --output <file>', 'write to a file instead of stdout')
      .option('--limit <n>', 'at most this many traces', intArg(1)),
  ).action(
    action(async (flags: ExportFlags) => {
      const out = await openOutput(flags.output);
      const count = await exportTraces(clientFor(flags), (line) => out.write(line), { limit: flags.limit });
      await out.close();
      process.stderr.write(`Exported ${count} traces${flags.output ? ` to ${flags.output}` : ''}\n`);
      return 0;
    }),
  );
}

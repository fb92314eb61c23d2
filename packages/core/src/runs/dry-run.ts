import type { Db } from '../context';
import { findDataset } from '../datasets/repo';
import { countLines, datasetLines } from '../exports/stream';
import { dryRunSummary } from '../tunix/dry-run-summary';
import type { LogSink } from './log-sink';
import type { Outcome, RunRow } from './repo';
import type { RunConfig } from './settings';

export type Result = Omit<Outcome, 'completed_at' | 'duration_seconds'>;

const failed = (stderr: string, message: string): Result => ({
  status: 'failed',
  exit_code: null,
  stdout: '',
  stderr,
  message,
});

/**
 * Dry-run validation (API.md §6.4, FORMATS.md §7.4); never spawns a process. The whole
 * tunix_sft export is streamed and its records counted, so "N traces sampled" is the number
 * of records validated (the reference printed a character count, API.md §8 item 4). Memory
 * stays flat: records are read in chunks and only counted.
 */
export async function dryRun(db: Db, run: RunRow, sink: LogSink): Promise<Result> {
  const config = run.config as unknown as RunConfig;
  const dataset = await findDataset(db, run.dataset_key);
  if (!dataset) {
    return failed(`Dataset not found: ${run.dataset_key}`, 'Dry-run failed: dataset not found');
  }
  sink.system('Dataset manifest found');
  const yaml = run.manifest_yaml;
  if (!yaml) return failed('Manifest generation failed: no manifest', 'Dry-run failed: manifest generation error');
  sink.system(`Manifest YAML generated (${yaml.length} bytes)`);

  let count: number;
  try {
    count = await countLines(datasetLines(db, dataset, 'tunix_sft'));
  } catch (error) {
    return failed(
      `Dataset export validation failed: ${(error as Error).message}`,
      'Dry-run failed: export validation error',
    );
  }
  if (count === 0) return failed('Dataset is empty (no traces found)', 'Dry-run failed: empty dataset');

  const stdout = dryRunSummary({
    dataset_key: run.dataset_key,
    model_id: run.model_id,
    output_dir: run.output_dir,
    yaml_len: [...yaml].length,
    sample_count: count,
    learning_rate: config.learning_rate,
    num_epochs: config.num_epochs,
    batch_size: config.batch_size,
    max_seq_length: config.max_seq_length,
  });
  sink.write('stdout', Buffer.from(stdout));
  return { status: 'completed', exit_code: 0, stdout, stderr: '', message: 'Dry-run validation successful' };
}

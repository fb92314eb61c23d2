import { pyFloatStr } from './pyfloat';

export interface DryRunSummaryInput {
  dataset_key: string;
  model_id: string;
  output_dir: string;
  /** Characters of the generated manifest YAML (the reference labels them "bytes"). */
  yaml_len: number;
  /** Records validated; the reference printed the JSONL's character count here (API.md §8 item 4). */
  sample_count: number;
  learning_rate: number;
  num_epochs: number;
  batch_size: number;
  max_seq_length: number;
}

/** The stdout of a successful dry-run, template of FORMATS.md §7.4 (every line ends in \n). */
export function dryRunSummary(s: DryRunSummaryInput): string {
  const lines = [
    'Dry-run validation completed successfully.',
    '',
    `Dataset: ${s.dataset_key}`,
    `Model: ${s.model_id}`,
    `Output Directory: ${s.output_dir}`,
    '',
    'Validation Steps:',
    '\u2705 Dataset manifest found',
    `\u2705 Manifest YAML generated (${s.yaml_len} bytes)`,
    `\u2705 Dataset export validated (${s.sample_count} traces sampled)`,
    '',
    'Training Configuration:',
    // Python formatted the float with str(), so 2e-5 prints as `2e-05`, not JS's `0.00002`.
    `- Learning Rate: ${pyFloatStr(s.learning_rate)}`,
    `- Epochs: ${s.num_epochs}`,
    `- Batch Size: ${s.batch_size}`,
    `- Max Sequence Length: ${s.max_seq_length}`,
    '',
    'To execute this run, set dry_run=false in the request.',
  ];
  return lines.map((line) => `${line}\n`).join('');
}

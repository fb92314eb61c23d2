import { describe, expect, it } from 'vitest';
import { dryRunSummary } from '../src/tunix/dry-run-summary';

describe('dryRunSummary (FORMATS.md §7.4)', () => {
  it('fills the exact template', () => {
    const text = dryRunSummary({
      dataset_key: 'ungar_hcd-v1',
      model_id: 'google/gemma-2b-it',
      output_dir: './output/tunix_run',
      yaml_len: 275,
      sample_count: 5,
      learning_rate: 2e-5,
      num_epochs: 3,
      batch_size: 8,
      max_seq_length: 2048,
    });
    expect(text).toBe(
      'Dry-run validation completed successfully.\n\nDataset: ungar_hcd-v1\nModel: google/gemma-2b-it\n' +
        'Output Directory: ./output/tunix_run\n\nValidation Steps:\n✅ Dataset manifest found\n' +
        '✅ Manifest YAML generated (275 bytes)\n✅ Dataset export validated (5 traces sampled)\n\n' +
        'Training Configuration:\n- Learning Rate: 2e-05\n- Epochs: 3\n- Batch Size: 8\n' +
        '- Max Sequence Length: 2048\n\nTo execute this run, set dry_run=false in the request.\n',
    );
  });

  it('prints the learning rate with Python str()', () => {
    const base = {
      dataset_key: 'k',
      model_id: 'm',
      output_dir: 'o',
      yaml_len: 1,
      sample_count: 1,
      num_epochs: 1,
      batch_size: 1,
      max_seq_length: 128,
    };
    expect(dryRunSummary({ ...base, learning_rate: 1e-4 })).toContain('- Learning Rate: 0.0001\n');
    expect(dryRunSummary({ ...base, learning_rate: 1 })).toContain('- Learning Rate: 1.0\n');
  });
});

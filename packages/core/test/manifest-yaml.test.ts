import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { buildManifestYaml, type ManifestInput } from '../src/tunix/manifest-yaml';

const DEFAULTS: ManifestInput = {
  dataset_key: 'ungar_hcd-v1',
  model_id: 'google/gemma-2b-it',
  output_dir: './output/tunix_run',
  learning_rate: 2e-5,
  num_epochs: 3,
  batch_size: 8,
  max_seq_length: 2048,
};

const line = (yaml: string, key: string) => yaml.split('\n').find((l) => l.trimStart().startsWith(`${key}:`));

describe('buildManifestYaml (FORMATS.md §7)', () => {
  it('renders the default example byte-exactly (275 chars)', () => {
    const yaml = buildManifestYaml(DEFAULTS);
    expect(yaml).toBe(
      [
        "version: '1.0'",
        'runner: tunix',
        'mode: sft',
        'model:',
        '  model_id: google/gemma-2b-it',
        'dataset:',
        '  format: tunix_sft',
        '  path: ./datasets/ungar_hcd-v1.jsonl',
        'training:',
        '  learning_rate: 2.0e-05',
        '  num_epochs: 3',
        '  batch_size: 8',
        '  max_seq_length: 2048',
        'output:',
        '  output_dir: ./output/tunix_run',
        '',
      ].join('\n'),
    );
    expect(yaml.length).toBe(275);
  });

  it('renders the custom example byte-exactly', () => {
    const yaml = buildManifestYaml({
      ...DEFAULTS,
      dataset_key: 'test_tunix-v1',
      learning_rate: 1e-4,
      num_epochs: 5,
      batch_size: 16,
      max_seq_length: 1024,
      output_dir: './output/test_run',
    });
    expect(yaml).toBe(
      "version: '1.0'\nrunner: tunix\nmode: sft\nmodel:\n  model_id: google/gemma-2b-it\ndataset:\n" +
        '  format: tunix_sft\n  path: ./datasets/test_tunix-v1.jsonl\ntraining:\n  learning_rate: 0.0001\n' +
        '  num_epochs: 5\n  batch_size: 16\n  max_seq_length: 1024\noutput:\n  output_dir: ./output/test_run\n',
    );
  });

  it('quotes strings that would load as something else', () => {
    expect(line(buildManifestYaml({ ...DEFAULTS, model_id: 'org/model: v2' }), 'model_id')).toBe(
      "  model_id: 'org/model: v2'",
    );
    expect(line(buildManifestYaml({ ...DEFAULTS, model_id: '123' }), 'model_id')).toBe("  model_id: '123'");
    expect(line(buildManifestYaml({ ...DEFAULTS, output_dir: 'yes' }), 'output_dir')).toBe("  output_dir: 'yes'");
    expect(line(buildManifestYaml({ ...DEFAULTS, output_dir: 'on' }), 'output_dir')).toBe("  output_dir: 'on'");
    expect(line(buildManifestYaml({ ...DEFAULTS, output_dir: '1:20' }), 'output_dir')).toBe("  output_dir: '1:20'");
    expect(line(buildManifestYaml({ ...DEFAULTS, output_dir: '<<' }), 'output_dir')).toBe("  output_dir: '<<'");
    expect(line(buildManifestYaml({ ...DEFAULTS, output_dir: '=' }), 'output_dir')).toBe("  output_dir: '='");
    expect(line(buildManifestYaml({ ...DEFAULTS, output_dir: '' }), 'output_dir')).toBe("  output_dir: ''");
  });

  it('escapes line breaks and control characters inside one double-quoted line', () => {
    const yaml = buildManifestYaml({ ...DEFAULTS, model_id: 'a\nb\tc\u2028d"\\' });
    expect(line(yaml, 'model_id')).toBe('  model_id: "a\\nb\\tc\\u2028d\\"\\\\"');
    expect(yaml.split('\n')).toHaveLength(16);
  });

  it('leaves unambiguous strings plain', () => {
    for (const value of ['google/gemma-2b-it', './output/run_001', 'C:\\out dir', 'my ds-2025', '-x', 'x-v1']) {
      expect(line(buildManifestYaml({ ...DEFAULTS, model_id: value }), 'model_id')).toBe(`  model_id: ${value}`);
    }
  });

  it('renders learning_rate as a Python float', () => {
    expect(line(buildManifestYaml({ ...DEFAULTS, learning_rate: 1 }), 'learning_rate')).toBe('  learning_rate: 1.0');
    expect(line(buildManifestYaml({ ...DEFAULTS, learning_rate: 1e-10 }), 'learning_rate')).toBe(
      '  learning_rate: 1.0e-10',
    );
  });

  it('defaults the dataset path from the key and accepts an explicit one', () => {
    expect(YAML.parse(buildManifestYaml(DEFAULTS)).dataset.path).toBe('./datasets/ungar_hcd-v1.jsonl');
    const custom = buildManifestYaml({ ...DEFAULTS, dataset_path: '/tmp/run/data set.jsonl' });
    expect(YAML.parse(custom).dataset.path).toBe('/tmp/run/data set.jsonl');
  });

  it.each([
    '; rm -rf /',
    '$(id)',
    '`id`',
    'line1\nline2',
    'trailing newline\n',
    'it\'s "quoted"',
    "'",
    'ünïcødé 😀 模型',
    '  padded  ',
    '#comment',
    'a #b',
    'key: value',
    '- item',
    '[1, 2]',
    '{a: 1}',
    '*alias',
    '&anchor',
    '!tag',
    '%directive',
    '@at',
    '|',
    '>',
    '?',
    'null',
    '~',
    'true',
    'No',
    '0x1F',
    '0o17',
    '1e5',
    '.inf',
    '2001-12-14',
    '\ttab',
    'tab\there',
    'crlf\r\nend',
    'nel\u0085end',
    'ls\u2028ps\u2029end',
    'del\u007f',
    '\ufeffbom',
    'nul\u0000',
    'lone \ud800 surrogate',
    '<<',
    '=',
    'x'.repeat(300),
    `${'word '.repeat(40)}end`,
  ])('round-trips hostile string %j', (value) => {
    const yaml = buildManifestYaml({ ...DEFAULTS, model_id: value, output_dir: value, dataset_key: 'k' });
    // Parse as YAML 1.1 as well: the trainer's loader (PyYAML) speaks 1.1.
    for (const version of ['1.1', '1.2'] as const) {
      const parsed = YAML.parse(yaml, { version });
      expect(parsed.model.model_id).toBe(value);
      expect(parsed.output.output_dir).toBe(value);
      expect(parsed.training).toEqual({ learning_rate: 2e-5, num_epochs: 3, batch_size: 8, max_seq_length: 2048 });
      expect(parsed.version).toBe('1.0');
    }
  });
});

import { Document } from 'yaml';
import { floatNode, manifestTags, stringNode } from './yaml-scalars';

// The Tunix training manifest (FORMATS.md §7.1–7.3): fixed key order, block style, one
// trailing newline. Strings are quoted by YAML 1.1 rules, which the Python trainer speaks:
// `yes`, `on`, `1:20` or `0x1F` would otherwise load as booleans and numbers.

export interface ManifestInput {
  dataset_key: string;
  model_id: string;
  output_dir: string;
  learning_rate: number;
  num_epochs: number;
  batch_size: number;
  max_seq_length: number;
  /** Defaults to `./datasets/<dataset_key>.jsonl`. */
  dataset_path?: string;
}

export function buildManifestYaml(input: ManifestInput): string {
  const doc = new Document(null, { version: '1.1', customTags: manifestTags });
  doc.contents = doc.createNode({
    version: stringNode('1.0'),
    runner: 'tunix',
    mode: 'sft',
    model: { model_id: stringNode(input.model_id) },
    dataset: {
      format: 'tunix_sft',
      path: stringNode(input.dataset_path ?? `./datasets/${input.dataset_key}.jsonl`),
    },
    training: {
      learning_rate: floatNode(input.learning_rate),
      num_epochs: input.num_epochs,
      batch_size: input.batch_size,
      max_seq_length: input.max_seq_length,
    },
    output: { output_dir: stringNode(input.output_dir) },
  });
  // lineWidth 0: never fold long values across lines; the file is read by programs.
  return doc.toString({ singleQuote: true, lineWidth: 0, collectionStyle: 'block' });
}

import type { ManifestRequest, ManifestResponse } from '@tunix-rt/contract';
import type { Db } from '../context';
import { requireDataset } from '../datasets/service';
import { buildManifestYaml } from './manifest-yaml';

/** POST /api/tunix/sft/manifest (API.md §6.3): the YAML is returned, nothing is written. */
export async function generateManifest(db: Db, req: ManifestRequest): Promise<ManifestResponse> {
  await requireDataset(db, req.dataset_key);
  return {
    manifest_yaml: buildManifestYaml({
      dataset_key: req.dataset_key,
      model_id: req.model_id,
      output_dir: req.output_dir,
      learning_rate: req.learning_rate,
      num_epochs: req.num_epochs,
      batch_size: req.batch_size,
      max_seq_length: req.max_seq_length,
    }),
    dataset_key: req.dataset_key,
    model_id: req.model_id,
    format: 'tunix_sft',
    message: `Manifest generated for dataset ${req.dataset_key}. Save as YAML and execute with Tunix CLI.`,
  };
}

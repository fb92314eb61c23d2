import { isValidDatasetKey } from '../datasets/validate';

export interface TunixFormValues {
  datasetKey: string;
  modelId: string;
  outputDir: string;
}

/** Checks shared by export, manifest and run; `null` when the form may be sent. */
export function checkTunixForm(values: TunixFormValues, need: { modelId: boolean; outputDir: boolean }): string | null {
  if (!isValidDatasetKey(values.datasetKey)) {
    return `Invalid dataset key '${values.datasetKey}': use letters, digits, '.', '_' or '-' (no '..')`;
  }
  if (need.modelId && values.modelId.trim() === '') return 'Model ID is required';
  if (values.modelId.length > 256) return 'Model ID must be at most 256 characters';
  if (need.outputDir && values.outputDir.trim() === '') return 'Output directory is required';
  if (values.outputDir.length > 512) return 'Output directory must be at most 512 characters';
  return null;
}

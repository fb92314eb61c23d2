import { DATASET_KEY_PATTERN } from '@tunix-rt/contract';
import { unprocessable } from '../errors';

const KEY = new RegExp(DATASET_KEY_PATTERN);

/**
 * D2: a key is also a directory name under the data directory, so anything that could
 * escape it (separators, `..`, control characters) is refused before any lookup.
 */
export function checkDatasetKey(key: string): string {
  if (!KEY.test(key) || key.includes('..')) {
    throw unprocessable(
      `Invalid dataset_key '${key.slice(0, 300)}': use letters, digits, '.', '_' or '-' (at most 128, no '..')`,
    );
  }
  return key;
}

/** The reference's derivation (API.md §5): spaces and slashes become underscores. */
export function datasetKeyFor(name: string, version: string): string {
  const sanitize = (s: string) => s.replace(/[ /]/g, '_');
  return `${sanitize(name)}-${sanitize(version)}`;
}

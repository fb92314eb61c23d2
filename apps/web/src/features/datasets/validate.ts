import type { DatasetBuildInput } from '@tunix-rt/client';
import { DATASET_KEY_PATTERN } from '@tunix-rt/contract';
import { parseIntField } from '../../shared/format';

const KEY = new RegExp(DATASET_KEY_PATTERN);

export interface BuildFormValues {
  name: string;
  version: string;
  strategy: 'latest' | 'random';
  seed: string;
  limit: string;
  filters: string;
}

export const INITIAL_BUILD_FORM: BuildFormValues = {
  name: '',
  version: 'v1',
  strategy: 'latest',
  seed: '',
  limit: '100',
  filters: '{}',
};

/** The server's derivation (API.md §5): spaces and slashes become underscores. */
export function datasetKeyFor(name: string, version: string): string {
  const sanitize = (s: string) => s.replace(/[ /]/g, '_');
  return `${sanitize(name)}-${sanitize(version)}`;
}

export function isValidDatasetKey(key: string): boolean {
  return KEY.test(key) && !key.includes('..');
}

/** Checks the form before anything is sent; returns the request or the first problem. */
export function toBuildRequest(values: BuildFormValues): { request: DatasetBuildInput } | { error: string } {
  if (values.name.trim() === '') return { error: 'Dataset name is required' };
  if (values.version.trim() === '') return { error: 'Dataset version is required' };
  if (values.name.length > 128) return { error: 'Dataset name must be at most 128 characters' };
  if (values.version.length > 64) return { error: 'Dataset version must be at most 64 characters' };
  const key = datasetKeyFor(values.name, values.version);
  if (!isValidDatasetKey(key)) {
    return { error: `Dataset key '${key}' is invalid: use letters, digits, '.', '_' or '-' (no '..')` };
  }
  const limit = parseIntField(values.limit);
  if (limit === null || Number.isNaN(limit) || limit < 1 || limit > 10_000) {
    return { error: 'Limit must be between 1 and 10000' };
  }
  const seed = parseIntField(values.seed);
  if (Number.isNaN(seed)) return { error: 'Seed must be an integer' };
  if (values.strategy === 'random' && seed === null) return { error: 'Random selection requires a seed' };
  let filters: unknown;
  try {
    filters = values.filters.trim() === '' ? {} : JSON.parse(values.filters);
  } catch {
    return { error: 'Filters must be valid JSON' };
  }
  if (typeof filters !== 'object' || filters === null || Array.isArray(filters)) {
    return { error: 'Filters must be a JSON object, e.g. {"source": "ungar"}' };
  }
  return {
    request: {
      dataset_name: values.name,
      dataset_version: values.version,
      selection_strategy: values.strategy,
      seed,
      limit,
      filters: filters as Record<string, unknown>,
    },
  };
}

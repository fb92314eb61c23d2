// API answers shared by several panels' tests.

export const datasetSummary = (key: string) => ({
  dataset_key: key,
  dataset_name: key.split('-')[0],
  dataset_version: 'v1',
  created_at: '2025-12-22T10:00:00.000Z',
  selection_strategy: 'random',
  seed: 7,
  trace_count: 4,
  content_hash: 'abc123',
});

/** `GET /api/datasets`: one page holding the given keys. */
export const datasetList = (...keys: string[]) => ({
  data: keys.map(datasetSummary),
  pagination: { limit: 20, offset: 0, next_offset: null },
});

export const datasetKeys = {
  all: ['datasets'] as const,
  page: (offset: number, limit: number) => ['datasets', 'list', { offset, limit }] as const,
};

export const traceKeys = {
  all: ['traces'] as const,
  page: (offset: number, limit: number) => ['traces', 'list', { offset, limit }] as const,
};

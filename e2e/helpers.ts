import type { APIRequestContext, Page } from '@playwright/test';

export const uid = () => Math.random().toString(36).slice(2, 10);

/** Test data goes in through the API (STYLE.md §12); the UI is then driven and asserted. */
export async function createTraces(request: APIRequestContext, tag: string, n: number): Promise<string[]> {
  const traces = Array.from({ length: n }, (_, k) => ({
    trace_version: '1.0',
    prompt: `E2E ${tag} question ${k}`,
    final_answer: `answer ${k}`,
    steps: [{ i: 0, type: 'compute', content: `step for ${k}` }],
    meta: { tag },
  }));
  const res = await request.post('/api/traces/batch', { data: traces });
  return (await res.json()).traces.map((t: { id: string }) => t.id);
}

export async function buildDataset(request: APIRequestContext, tag: string): Promise<string> {
  const res = await request.post('/api/datasets/build', {
    data: { dataset_name: `e2e-${tag}`, dataset_version: 'v1', filters: { tag } },
  });
  return (await res.json()).dataset_key;
}

export const byId = (page: Page, id: string) => page.getByTestId(id);

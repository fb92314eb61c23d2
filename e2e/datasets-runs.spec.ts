import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { buildDataset, createTraces, uid } from './helpers';

test('build a dataset in the UI and download its tunix_sft export', async ({ page, request }) => {
  const tag = uid();
  await createTraces(request, tag, 4);
  await page.goto('/');
  await page.getByTestId('dataset:name').fill(`ui-${tag}`);
  await page.getByTestId('dataset:version').fill('v1');
  await page.getByTestId('dataset:filters').fill(JSON.stringify({ tag }));
  await page.getByTestId('dataset:build-btn').click();
  const key = `ui-${tag}-v1`;
  await expect(page.getByTestId('dataset:build-result')).toContainText(key);
  await expect(page.getByTestId(`dataset:row-${key}`)).toBeVisible();
  await page.getByTestId('dataset:export-format').selectOption('tunix_sft');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(`dataset:export-btn-${key}`).click(),
  ]);
  const body = await readFile((await download.path())!, 'utf8');
  const lines = body
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(lines).toHaveLength(4);
  expect(lines[0].prompts).toContain('<start_of_turn>user');
});

test('dry-run a dataset and find the run in Run History with its details', async ({ page, request }) => {
  const tag = uid();
  await createTraces(request, tag, 2);
  const key = await buildDataset(request, tag);
  await page.goto('/');
  await page.getByTestId('tunix:dataset-key').fill(key);
  await page.getByTestId('tunix:run-dry-btn').click();
  const result = page.getByTestId('tunix:run-result');
  await expect(result).toContainText('Run Completed');
  await expect(page.getByTestId('tunix:run-status')).toContainText('completed');
  const runId = /Run ID: ([0-9a-f-]{36})/.exec((await page.getByTestId('tunix:run-id').textContent()) ?? '')?.[1];
  expect(runId).toBeTruthy();

  await page.getByTestId('tunix:toggle-history-btn').click();
  const row = page.getByTestId(`tunix:history-row-${runId}`);
  await expect(row).toBeVisible();
  await expect(page.getByTestId(`tunix:history-status-${runId}`)).toContainText('completed');
  await expect(page.getByTestId(`tunix:history-dataset-${runId}`)).toContainText(key);
  await page.getByTestId(`tunix:view-detail-btn-${runId}`).click();
  const detail = page.getByTestId(`tunix:run-detail-${runId}`);
  await expect(detail).toContainText('Run Details');
  await expect(detail).toContainText('Dry-run validation successful');
});

test('a queued local run streams its log live in Run History, then shows its outcome and metrics', async ({
  page,
  request,
}) => {
  const tag = uid();
  await createTraces(request, tag, 2);
  const key = await buildDataset(request, tag);
  const submitted = await request.post('/api/tunix/run?mode=async', {
    data: { dataset_key: key, model_id: 'fake sleep=8 steps=8', dry_run: false },
  });
  expect(submitted.status()).toBe(202);
  const runId: string = (await submitted.json()).run_id;

  await page.goto('/');
  await page.getByTestId('tunix:toggle-history-btn').click();
  await page.getByTestId(`tunix:view-detail-btn-${runId}`).click();
  const logs = page.getByTestId(`tunix:detail-logs-${runId}`);
  // The first metric line arrives while the trainer still has seven seconds to go.
  await expect(logs).toContainText('"step":1');
  await expect(page.getByTestId(`tunix:run-detail-${runId}`)).toContainText('Logs (live)');
  await expect(page.getByTestId(`tunix:history-status-${runId}`)).toContainText('running');
  await expect(logs).toContainText('"step":8', { timeout: 30_000 });
  await expect(page.getByTestId(`tunix:history-status-${runId}`)).toContainText('completed', { timeout: 30_000 });
  await expect(page.getByTestId(`tunix:detail-metrics-${runId}`)).toBeVisible();
});

import { expect, test } from '@playwright/test';

// UI.md §4 flow 5.
test('load example, upload, fetch', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('trace:load-example').click();
  await expect(page.getByTestId('trace:json')).toHaveValue(/trace_version/);
  await page.getByTestId('trace:upload').click();
  await expect(page.getByTestId('trace:success')).toContainText('Trace uploaded with ID:');
  await page.getByTestId('trace:fetch').click();
  const content = page.getByTestId('trace:result-content');
  await expect(content).toContainText('payload');
  await expect(content).toContainText('Convert 68°F to Celsius');
  await expect(content).toContainText('20°C');
});

test('an invalid trace shows the server detail', async ({ page }) => {
  await page.goto('/');
  await page
    .getByTestId('trace:json')
    .fill(JSON.stringify({ trace_version: '1.0', prompt: 'x', final_answer: 'y', steps: [] }));
  await page.getByTestId('trace:upload').click();
  await expect(page.getByTestId('trace:error')).toContainText('Upload failed');
  await expect(page.getByTestId('trace:error')).toContainText('422');
  await expect(page.getByTestId('trace:error')).toContainText('List should have at least 1 item');
});

// UI.md §4 flow 7.
test('create two traces and compare them', async ({ page }) => {
  const simple = {
    trace_version: '1.0',
    prompt: 'What is 2 + 2?',
    final_answer: '4',
    steps: [{ i: 0, type: 'compute', content: 'Add 2 and 2' }],
    meta: { source: 'e2e-test-simple' },
  };
  const complex = {
    trace_version: '1.0',
    prompt: 'Explain the process of photosynthesis in plants',
    final_answer: 'Plants turn light, water and CO2 into glucose and oxygen.',
    steps: [
      {
        i: 0,
        type: 'observation',
        content: 'Light energy is absorbed by chlorophyll in the chloroplasts of the plant cells....',
      },
      { i: 1, type: 'reasoning', content: 'Water molecules are split, releasing oxygen as a by-product.' },
      { i: 2, type: 'reasoning', content: 'Carbon dioxide is fixed into sugars in the Calvin cycle....' },
      { i: 3, type: 'conclusion', content: 'The result is glucose for energy and oxygen released to the air...' },
    ],
    meta: { source: 'e2e-test-complex' },
  };
  await page.goto('/');
  const idOf = async () =>
    /ID: ([0-9a-f-]{36})/.exec((await page.getByTestId('trace:success').textContent()) ?? '')?.[1];
  await page.getByTestId('trace:json').fill(JSON.stringify(simple));
  await page.getByTestId('trace:upload').click();
  await expect(page.getByTestId('trace:success')).toContainText('Trace uploaded with ID:');
  const first = await idOf();
  await page.getByTestId('trace:json').fill(JSON.stringify(complex));
  await page.getByTestId('trace:upload').click();
  await expect(page.getByTestId('trace:success')).not.toContainText(first!);
  const second = await idOf();

  await page.getByTestId('compare:base-id').fill(first!);
  await page.getByTestId('compare:other-id').fill(second!);
  await page.getByTestId('compare:submit').click();
  const result = page.getByTestId('compare:result');
  await expect(result).toBeVisible();
  await expect(result.getByRole('heading', { name: 'Base Trace' })).toBeVisible();
  await expect(result.getByRole('heading', { name: 'Other Trace' })).toBeVisible();
  await expect(page.getByTestId('compare:base-score')).toContainText('Score: 6.10');
  const score = async (id: string) =>
    Number(/Score: ([\d.]+)/.exec((await page.getByTestId(id).textContent()) ?? '')?.[1]);
  expect(await score('compare:other-score')).toBeGreaterThan(await score('compare:base-score'));
  await expect(page.getByTestId('compare:base-prompt')).toContainText('What is 2 + 2?');
  await expect(page.getByTestId('compare:other-prompt')).toContainText(
    'Explain the process of photosynthesis in plants',
  );
  await expect(page.getByTestId('compare:base-steps')).toContainText('Add 2 and 2');
  await expect(page.getByTestId('compare:other-steps')).toContainText(
    'Light energy is absorbed by chlorophyll in the chloroplasts',
  );
});

import { expect, test } from '@playwright/test';

// UI.md §4 flow 6 as amended by DECISIONS.md D3: UNGAR is native and always available.
test('UNGAR is available and generated traces are listed', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('ungar:section')).toBeVisible();
  await expect(page.getByTestId('ungar:status')).toContainText('Available');
  await page.getByTestId('ungar:generate-count').fill('3');
  await page.getByTestId('ungar:generate-seed').fill('42');
  await page.getByTestId('ungar:generate-btn').click();
  const results = page.getByTestId('ungar:results');
  await expect(results).toContainText('Generated 3 Traces');
  await expect(page.getByTestId('ungar:trace-ids').locator('li')).toHaveCount(3);
  await expect(page.getByTestId('ungar:preview')).toContainText('Card: TS');
});

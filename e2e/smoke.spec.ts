import { expect, test } from '@playwright/test';

// UI.md §4 flows 1–4.
test('homepage loads', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('h1')).toContainText('Tunix RT');
  await expect(page).toHaveTitle('Tunix RT - Reasoning Trace Framework');
});

test('API and RediAI status are shown', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('sys:api-status')).toContainText('API: healthy');
  await expect(page.getByTestId('sys:redi-status')).toContainText('RediAI:');
  await expect(page.getByTestId('sys:api-card')).toBeVisible();
  await expect(page.getByTestId('sys:redi-card')).toBeVisible();
});

// axe-core runs inside the page (injected from node_modules, so nothing is fetched) on the landing,
// the sample incident and the result states, in the light and the dark theme; any violation of
// serious or critical impact fails the test, and is listed with the elements it was found on.
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import type { AxeResults } from 'axe-core';
import { expect, test } from './guard.ts';

const AXE = resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js');

// The page's CSP allows only its own scripts; axe is injected as an inline script by the test.
test.use({ bypassCSP: true });

interface Found {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

async function seriousViolations(page: Page): Promise<Found[]> {
  await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(() =>
    (window as unknown as { axe: { run(): Promise<AxeResults> } }).axe.run(),
  );
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact ?? '',
      help: v.help,
      nodes: v.nodes.slice(0, 10).map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`),
    }));
}

async function setTheme(page: Page, theme: 'light' | 'dark') {
  await page.getByRole('radio', { name: theme === 'light' ? 'Light' : 'Dark' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

async function loadSample(page: Page) {
  await page.goto('./');
  await page.getByRole('button', { name: 'Try the sample incident' }).click();
  await expect(page.getByTestId('incident-summary')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('img', { name: /timeline/i })).toBeVisible();
  await page.waitForLoadState('networkidle');
}

for (const theme of ['light', 'dark'] as const) {
  test(`the landing page has no serious accessibility violation (${theme})`, async ({ page }) => {
    await page.goto('./');
    await setTheme(page, theme);
    expect(await seriousViolations(page)).toEqual([]);
  });

  test(`the sample incident has no serious accessibility violation (${theme})`, async ({ page }) => {
    await loadSample(page);
    await setTheme(page, theme);
    // With the zone field open too.
    await page.getByRole('radio', { name: 'Another zone' }).check();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test(`the export and share dialogs have no serious accessibility violation (${theme})`, async ({
    page,
  }) => {
    await loadSample(page);
    await setTheme(page, theme);
    await page.getByRole('button', { name: 'Export Timeline as SVG' }).click();
    await page
      .getByRole('dialog')
      .getByRole('checkbox', { name: /Redact identifiers/ })
      .check();
    await expect(page.getByRole('table', { name: 'Replacements made by the redaction' })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Share link…' }).click();
    await expect(page.getByRole('dialog').getByRole('textbox', { name: 'Link' })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test(`the result states have no serious accessibility violation (${theme})`, async ({ page }) => {
    await page.goto('./');
    await setTheme(page, theme);
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['Nov 12 10:00:01 node-a systemd[1]: Started Session 1.\n'], 'journal.log'));
      dt.items.add(new File(['\u0000\u0001\u0002 not a log \u0000'], 'core.bin'));
      for (const type of ['dragenter', 'dragover', 'drop']) {
        window.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      }
    });
    await expect(page.getByTestId('no-incident')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('source-failures')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
}

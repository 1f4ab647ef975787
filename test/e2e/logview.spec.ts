// The log view on the sample incident: every event line merged in time order and virtualised,
// filtered by host and by text (plain and regular expression), an invalid pattern said so, and an
// evidence link that lands on its row with the lines around it read again from the file.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './guard.ts';

const root = resolve(import.meta.dirname, '../..');
/** Line `n` of a sample file, as the file holds it. */
const lineOf = (source: string, n: number) =>
  readFileSync(resolve(root, 'public', source), 'utf8')
    .split('\n')
    [n - 1]?.replace(/\r$/, '') ?? '';
const digits = (text: string | null) => Number((text ?? '').split(' ')[0]?.replace(/\D/g, ''));

test.beforeEach(async ({ page }) => {
  await page.goto('./');
  await page.getByRole('button', { name: 'Try the sample incident' }).click();
  await expect(page.getByTestId('incident-summary')).toBeVisible({ timeout: 30_000 });
});

const view = (page: Page) => page.getByRole('region', { name: 'Log view' });
const grid = (page: Page) => view(page).getByRole('grid', { name: 'Log lines' });
const rows = (page: Page) => grid(page).locator('[data-line-ref]');
const count = (page: Page) => view(page).getByTestId('log-match-count');

/** The texts of the rows in the DOM (the virtualised window). */
const rowTexts = (page: Page) => rows(page).locator('.lv-text').allTextContents();

test('the log view lists every event line, virtualised, and filters by host', async ({ page }) => {
  await expect(count(page)).toHaveText(/^[\d,]+ lines$/);
  const total = digits(await count(page).textContent());
  expect(total).toBeGreaterThan(5000);
  await expect(rows(page).first()).toBeVisible();
  // Only the rows in sight (and a few either side) are in the DOM.
  expect(await rows(page).count()).toBeLessThan(80);
  await expect(grid(page)).toHaveAttribute('aria-rowcount', String(total + 1));
  await expect(grid(page).getByRole('columnheader').first()).toHaveText('Time (UTC)');

  await view(page)
    .getByRole('group', { name: /^Hosts/ })
    .getByRole('checkbox', { name: /^k8s-worker-2/ })
    .check();
  await expect(count(page)).toHaveText(/^[\d,]+ of [\d,]+ lines match$/);
  const shown = digits(await count(page).textContent());
  expect(shown).toBeGreaterThan(100);
  expect(shown).toBeLessThan(total);
  const hosts = await rows(page).locator('.lv-host').allTextContents();
  expect(hosts.length).toBeGreaterThan(5);
  expect(new Set(hosts)).toEqual(new Set(['k8s-worker-2']));

  await view(page).getByRole('button', { name: 'Clear filters' }).first().click();
  await expect(count(page)).toHaveText(`${total.toLocaleString('en-US')} lines`);
});

test('text and regular-expression search count and mark the matching lines', async ({ page }) => {
  const search = view(page).getByRole('searchbox', { name: 'Search the lines' });
  await search.fill('Reconnect Denied');
  await expect(count(page)).toHaveText(/^\d+ of [\d,]+ lines match(es)?$/);
  const texts = await rowTexts(page);
  expect(texts.length).toBe(digits(await count(page).textContent()));
  for (const t of texts) expect(t.toLowerCase()).toContain('reconnect denied');
  await expect(rows(page).first().locator('mark').first()).toHaveText(/reconnect denied/i);

  await view(page).getByRole('checkbox', { name: 'Regular expression' }).check();
  await search.fill('mds\\d (reconnect denied|closed our session)');
  await expect(count(page)).toHaveText(/^\d+ of [\d,]+ lines match(es)?$/);
  const matched = digits(await count(page).textContent());
  expect(matched).toBeGreaterThan(0);
  for (const t of await rowTexts(page)) expect(t).toMatch(/mds\d (reconnect denied|closed our session)/i);

  await search.fill('reconnect (denied');
  await expect(view(page).getByTestId('log-query-error')).toContainText('Not a valid regular expression');
  await expect(search).toHaveAttribute('aria-invalid', 'true');
  // The page goes on working: every line is listed while the pattern is broken.
  await expect(count(page)).toHaveText(/^[\d,]+ lines$/);
});

test('an evidence line lands on its row, with its context read from the file', async ({ page }, testInfo) => {
  const source = 'sample/k8s-worker-1/dmesg.log';
  const ref = `${source}:875`;
  const evidence = page
    .locator('article[data-finding="client-evicted"]')
    .locator(`[data-evidence-ref="${ref}"]`);
  const evidenceText = lineOf(source, 875);
  expect(evidenceText).toContain('reconnect denied');
  await evidence.click();

  const row = grid(page).locator(`[data-line-ref="${ref}"]`);
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute('aria-current', 'true');
  // The page scrolls to the log view, and the list to the row.
  await expect(row).toBeInViewport({ ratio: 1, timeout: 10_000 });
  await expect(row.locator('.lv-text')).toHaveText(evidenceText);
  await expect(grid(page)).toBeFocused();
  await expect(grid(page)).toHaveAttribute('aria-activedescendant', (await row.getAttribute('id')) as string);

  const context = view(page).getByRole('region', { name: `Context of ${ref}` });
  const focusLine = context.locator('[data-context-line="875"]');
  await expect(focusLine).toHaveAttribute('aria-current', 'true', { timeout: 15_000 });
  await expect(focusLine.locator('.lv-context-text')).toHaveText(evidenceText);
  for (const n of [865, 874, 876, 885]) {
    await expect(context.locator(`[data-context-line="${n}"] .lv-context-text`)).toHaveText(
      lineOf(source, n),
    );
  }
  await expect(context.locator('[data-context-line]')).toHaveCount(21);

  // Wider: each "more" reads the file again with 50 more lines on each side.
  await context.getByRole('button', { name: 'Show 50 more lines on each side' }).click();
  await expect(context.locator('[data-context-line]')).toHaveCount(121);
  for (const n of [815, 935]) {
    await expect(context.locator(`[data-context-line="${n}"] .lv-context-text`)).toHaveText(
      lineOf(source, n),
    );
  }

  // The keyboard goes on from there (back in the grid): the next row, and Enter shows its context.
  await grid(page).focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const next = grid(page).locator('[aria-current="true"]');
  await expect(next).toHaveCount(1);
  expect(await next.getAttribute('data-line-ref')).not.toBe(ref);
  const nextRef = (await next.getAttribute('data-line-ref')) as string;
  await expect(view(page).getByRole('region', { name: `Context of ${nextRef}` })).toBeVisible();

  await page.screenshot({ path: testInfo.outputPath('log-view.png'), fullPage: false });
});

test('an evidence line that is no event still shows its context from the file', async ({ page }) => {
  const source = 'sample/ceph-config-dump.txt';
  await page.locator(`[data-evidence-ref="${source}:21"]`).first().click();
  await expect(view(page).getByTestId('log-focus-notice')).toContainText('is not one of the event lines');
  const context = view(page).getByRole('region', { name: `Context of ${source}:21` });
  await expect(context.locator('[data-context-line="21"] .lv-context-text')).toHaveText(lineOf(source, 21), {
    timeout: 15_000,
  });
  await expect(context.locator('[data-context-line="20"]')).toBeVisible();
});

test('a focused line the filters hide is offered back', async ({ page }) => {
  await view(page)
    .getByRole('group', { name: /^Hosts/ })
    .getByRole('checkbox', { name: /^k8s-worker-2/ })
    .check();
  await page.locator('[data-evidence-ref="sample/k8s-worker-1/dmesg.log:875"]').first().click();
  await expect(view(page).getByTestId('log-focus-notice')).toContainText('The filters hide');
  await view(page).getByTestId('log-focus-notice').getByRole('button', { name: 'Clear filters' }).click();
  const row = grid(page).locator('[data-line-ref="sample/k8s-worker-1/dmesg.log:875"]');
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute('aria-current', 'true');
});

test('End reaches the last line with far fewer rows in the DOM than events', async ({ page }) => {
  const total = digits(await count(page).textContent());
  await grid(page).focus();
  await page.keyboard.press('End');
  const last = grid(page).locator(`[aria-rowindex="${total + 1}"]`);
  await expect(last).toBeVisible();
  await expect(last).toHaveAttribute('aria-selected', 'true');
  expect(await rows(page).count()).toBeLessThan(80);
  await page.keyboard.press('Home');
  await expect(grid(page).locator('[aria-rowindex="2"]')).toBeVisible();
  // Scrolling by hand far down the list renders the rows there, and drops the ones above.
  await grid(page).evaluate((el) => {
    el.scrollTop = el.scrollHeight / 2;
  });
  // (The active first row stays in the DOM for aria-activedescendant; the one after it does not.)
  await expect(grid(page).locator('[aria-rowindex="3"]')).toHaveCount(0);
  expect(await rows(page).count()).toBeLessThan(80);
});

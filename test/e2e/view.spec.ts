// Issue 6, around the timeline and the log view: screenshots of the main view in both themes at a
// laptop's and a desktop's size (saved as test artefacts), the time display control, the theme
// toggle and its memory, keyboard moves between the stage cards, and the result states of a drop
// with nothing of the cascade in it and of a drop where one file could not be read.
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { STAGE_IDS } from '../../parsers/stages.ts';
import { expect, test } from './guard.ts';

const root = resolve(import.meta.dirname, '../..');
const truth = JSON.parse(readFileSync(resolve(root, 'test/sample/expected.json'), 'utf8')) as {
  stages: Record<string, { first: string }>;
};
/** `2019-11-12T10:14:03.412318Z` + `hours` → `2019-11-12 18:14:03`, as the stage cards print it. */
const shifted = (iso: string, hours: number) =>
  new Date(Date.parse(iso) + hours * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

async function loadSample(page: Page) {
  await page.goto('./');
  await page.getByRole('button', { name: 'Try the sample incident' }).click();
  await expect(page.getByTestId('incident-summary')).toBeVisible({ timeout: 30_000 });
}

/** Drops in-memory files on the page the way a file manager would. */
async function drop(page: Page, files: { name: string; text: string }[]) {
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.text], f.name, { type: 'text/plain' }));
    for (const type of ['dragenter', 'dragover', 'drop']) {
      window.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, files);
  await expect(page.getByTestId('incident-summary')).toBeVisible({ timeout: 30_000 });
}

const theme = (page: Page) => page.evaluate(() => document.documentElement.dataset.theme);
const background = (page: Page) =>
  page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

for (const [width, height] of [
  [1280, 720],
  [1920, 1080],
] as const) {
  for (const mode of ['light', 'dark'] as const) {
    test(`screenshot of the main view, ${mode}, ${width}×${height}`, async ({ page }, testInfo) => {
      await page.setViewportSize({ width, height });
      await loadSample(page);
      await page.getByRole('radio', { name: mode === 'light' ? 'Light' : 'Dark' }).check();
      await expect.poll(() => theme(page)).toBe(mode);
      // The chart is its own chunk; give it its first paint.
      await expect(page.getByRole('img', { name: /timeline/i })).toBeVisible();
      await page.waitForLoadState('networkidle');
      // Nothing may stick out sideways at a laptop's width: the page scrolls down, never across.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: testInfo.outputPath(`main-${mode}-${width}.png`), fullPage: true });
      await page.screenshot({ path: testInfo.outputPath(`top-${mode}-${width}.png`) });
    });
  }
}

test('times are shown in a chosen zone, and every time says its zone', async ({ page }) => {
  await loadSample(page);
  const card = page.locator('article[data-stage="reconnect-denied"]');
  const first = truth.stages['reconnect-denied']?.first as string;
  await expect(card.getByTestId('first-seen')).toHaveText(shifted(first, 0));
  await expect(card).toContainText('First seen (UTC)');
  await expect(page.getByRole('radio', { name: 'UTC', exact: true })).toBeChecked();

  await page.getByRole('radio', { name: 'Another zone' }).check();
  const zone = page.getByRole('combobox', { name: 'Time zone to show times in', exact: true });
  // A zone the browser does not know is refused with the reason, and nothing changes.
  await zone.fill('Mars/Olympus_Mons');
  await zone.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'not a time zone' })).toBeVisible();
  await expect(zone).toHaveAttribute('aria-invalid', 'true');
  await expect(card.getByTestId('first-seen')).toHaveText(shifted(first, 0));

  await zone.fill('Asia/Shanghai');
  await page.getByRole('button', { name: 'Apply the zone to show times in' }).click();
  await expect(card.getByTestId('first-seen')).toHaveText(shifted(first, 8));
  await expect(card).toContainText('First seen (Asia/Shanghai)');
  await expect(card).toContainText('Last seen (Asia/Shanghai)');
  await expect(page.getByTestId('time-zone')).toContainText('Times in Asia/Shanghai');
  await expect(page.getByTestId('time-span')).toContainText(shifted(first, 8).slice(0, 10));
  await expect(page.locator('.sources-table thead')).toContainText(
    'Clock, first / last line (Asia/Shanghai)',
  );
  await expect(page.locator('.hosts-table thead')).toContainText('First / last stage line (Asia/Shanghai)');
  for (const id of STAGE_IDS) {
    await expect(page.locator(`article[data-stage="${id}"]`).getByTestId('first-seen'), id).toHaveText(
      shifted(truth.stages[id]?.first as string, 8),
    );
  }

  await page.getByRole('radio', { name: 'UTC', exact: true }).check();
  await expect(card.getByTestId('first-seen')).toHaveText(shifted(first, 0));
  await expect(card).toContainText('First seen (UTC)');
  await expect(zone).toHaveCount(0);
});

test('the theme follows the system by default, the toggle sets data-theme, and a reload keeps it', async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('./');
  expect(await theme(page)).toBe('system');
  await expect(page.getByRole('radio', { name: 'System' })).toBeChecked();
  const systemDark = await background(page);

  await page.getByRole('radio', { name: 'Light' }).check();
  expect(await theme(page)).toBe('light');
  const light = await background(page);
  expect(light).not.toBe(systemDark);

  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByRole('radio', { name: 'Dark' }).check();
  expect(await theme(page)).toBe('dark');
  expect(await background(page)).toBe(systemDark);
  expect(await page.evaluate(() => localStorage.getItem('cascade.theme'))).toBe('dark');

  await page.reload();
  expect(await theme(page)).toBe('dark');
  await expect(page.getByRole('radio', { name: 'Dark' })).toBeChecked();
  expect(await background(page)).toBe(systemDark);

  await page.getByRole('radio', { name: 'System' }).check();
  expect(await background(page)).toBe(light);
  await page.reload();
  expect(await theme(page)).toBe('system');
});

test('a storage that throws does not break the page', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('denied', 'SecurityError');
      },
    });
  });
  await loadSample(page);
  await page.getByRole('radio', { name: 'Dark' }).check();
  expect(await theme(page)).toBe('dark');
});

test('the arrow keys move between the stage cards, and Enter narrows the log view to a stage', async ({
  page,
}) => {
  await loadSample(page);
  const cards = page.locator('article[data-stage]');
  await expect(cards).toHaveCount(STAGE_IDS.length);
  // One card is in the tab order.
  await expect(page.locator('article[data-stage][tabindex="0"]')).toHaveCount(1);
  const at = (i: number) => page.locator(`article[data-stage="${STAGE_IDS[i]}"]`);
  await at(0).focus();
  await page.keyboard.press('ArrowRight');
  await expect(at(1)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(at(2)).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(at(1)).toBeFocused();
  await page.keyboard.press('End');
  await expect(at(STAGE_IDS.length - 1)).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(at(STAGE_IDS.length - 1)).toBeFocused();
  await page.keyboard.press('Home');
  await expect(at(0)).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(at(2)).toHaveAttribute('tabindex', '0');
  await expect(at(0)).toHaveAttribute('tabindex', '-1');

  // Tab leaves the cards and Shift+Tab comes back to the card last focused.
  await page.keyboard.press('Tab');
  await expect(at(2)).not.toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(at(2)).toBeFocused();

  await page.keyboard.press('Enter');
  await expect(at(2)).toHaveClass(/filtered/);
  await expect(at(2).getByRole('button', { name: /^Show in the log view/ })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  const logView = page.locator('#log-view');
  if ((await logView.count()) > 0) await expect(logView).toBeInViewport();
  // The card's why line names the stage it follows.
  await expect(at(2).getByTestId('stage-why')).toContainText('Follows Connection reset because');
  await expect(at(0).getByTestId('stage-why')).toContainText('Starts the cascade');
});

test('the Sources panel links a file clock to its host skew field', async ({ page }) => {
  await loadSample(page);
  const row = page.locator('tr[data-path="sample/k8s-worker-2/dmesg.log"]');
  await expect(row.getByTestId('source-first')).not.toBeEmpty();
  await row.getByRole('link', { name: 'Adjust the clock of k8s-worker-2' }).click();
  await expect(
    page.getByRole('spinbutton', { name: 'Skew of k8s-worker-2 in seconds', exact: true }),
  ).toBeFocused();
});

test('files with no line of the cascade say what was read and what to try', async ({ page }) => {
  await page.goto('./');
  const lines = Array.from(
    { length: 20 },
    (_, i) =>
      `Nov 12 10:${String(i).padStart(2, '0')}:01 node-a systemd[1]: Started Session ${i} of user root.`,
  );
  await drop(page, [{ name: 'journal.log', text: `${lines.join('\n')}\n` }]);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('No eviction cascade found');
  await expect(page.getByTestId('empty-result')).toContainText('1 file (20 lines: 20 parsed, 0 unparsed)');
  const help = page.getByTestId('no-incident');
  await expect(help).toContainText('journal-short');
  await expect(help).toContainText('nodes that had the CephFS mount');
  await expect(help.getByRole('link', { name: 'Sources panel' })).toHaveAttribute('href', '#sources-title');
  await expect(page.locator('article[data-stage]')).toHaveCount(0);
  await expect(page.getByTestId('source-failures')).toHaveCount(0);
  await help.getByRole('button', { name: 'try the sample incident' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Eviction cascade on 3 hosts/, {
    timeout: 30_000,
  });
});

test('a file that cannot be read is named in a notice, with the reason, and the rest is shown', async ({
  page,
}) => {
  await page.goto('./');
  const journal = readFileSync(resolve(root, 'public/sample/k8s-worker-3/journal.log'), 'utf8');
  await drop(page, [
    { name: 'journal.log', text: journal },
    { name: 'core.bin', text: '\u0000\u0001\u0002 not a log \u0000' },
  ]);
  const notice = page.getByTestId('source-failures');
  await expect(notice.getByRole('heading')).toHaveText('1 of 2 files could not be read');
  await expect(notice.locator('li[data-failed="core.bin"]')).toContainText(/Unrecognised format/i);
  await expect(notice).toContainText('Everything else was read and is shown below');
  await expect(
    page.locator('article[data-stage="reconnect-denied"]').getByTestId('first-seen'),
  ).not.toHaveText('—');
  await expect(page.getByTestId('no-incident')).toHaveCount(0);
});

test('nothing readable says so, with why each file failed', async ({ page }) => {
  await page.goto('./');
  await drop(page, [{ name: 'core.bin', text: '\u0000\u0001\u0002 not a log \u0000' }]);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('No file could be read');
  await expect(page.getByTestId('source-failures')).toContainText('Nothing else was read');
  await expect(page.getByTestId('no-incident')).toBeVisible();
});

test('a drop with no file in it leaves the landing with what happened and what to try', async ({
  page,
}, testInfo) => {
  await page.goto('./');
  const empty = testInfo.outputPath('empty-folder');
  mkdirSync(empty, { recursive: true });
  // A real drag of a real (empty) folder, as a file manager makes it.
  const cdp = await page.context().newCDPSession(page);
  const data = { items: [], files: [empty], dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop'] as const) {
    await cdp.send('Input.dispatchDragEvent', { type, x: 200, y: 200, data });
  }
  await cdp.detach();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('There were no files to analyse');
  await expect(alert).toContainText('try the sample incident');
  await expect(page.getByRole('button', { name: 'Try the sample incident' })).toBeVisible();
});

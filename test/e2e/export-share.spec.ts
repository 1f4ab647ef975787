// The incident leaves the tool as a postmortem author and a support engineer need it: files saved
// from a preview of exactly their contents (redacted on request), the timeline picture as shown,
// and a link whose fragment carries the view to a colleague, read-only; forged links are refused.
import { readFile } from 'node:fs/promises';
import type { Download, Page } from '@playwright/test';
import { expect, test } from './guard.ts';

const HOSTS = ['k8s-worker-1', 'k8s-worker-2', 'k8s-worker-3'];
const SAMPLE_IPS = /\b10\.99\.\d+\.\d+\b/;

async function openSample(page: Page) {
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto('./');
  await page.getByRole('button', { name: 'Try the sample incident' }).click();
  await expect(page.getByTestId('incident-summary')).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.timeline .timeline-mark').first()).toBeVisible();
}

const dialog = (page: Page) => page.getByRole('dialog');

async function saved(page: Page, button: RegExp): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog(page).getByRole('button', { name: button }).click(),
  ]);
  const path = await download.path();
  return { download, bytes: await readFile(path) };
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test('the Markdown postmortem is previewed, then saved exactly as shown', async ({ page }) => {
  await openSample(page);
  await page.getByRole('button', { name: 'Export Markdown postmortem' }).click();
  const preview = dialog(page).getByRole('textbox', { name: /Contents of cascade-2019-11-12T1014Z\.md/ });
  await expect(preview).toBeVisible();
  const text = await preview.inputValue();
  expect(text).toContain('k8s-worker-1');
  expect(text).toMatch(/UTC/);
  const { download, bytes } = await saved(page, /^Save cascade-.*\.md$/);
  expect(download.suggestedFilename()).toBe('cascade-2019-11-12T1014Z.md');
  expect(bytes.toString('utf8')).toBe(text);
});

test('a redacted export carries no host name or IP address, and the preview lists the pseudonyms', async ({
  page,
}) => {
  await openSample(page);
  for (const kind of ['Markdown postmortem', 'HTML report', 'JSON (cascade/incident@1)', 'CSV of events']) {
    await page.getByRole('button', { name: `Export ${kind}` }).click();
    await dialog(page)
      .getByRole('checkbox', { name: /Redact identifiers/ })
      .check();
    const table = dialog(page).getByRole('table', { name: 'Replacements made by the redaction' });
    await expect(table).toContainText('k8s-worker-1');
    await expect(table).toContainText('node-1');
    const { bytes } = await saved(page, /^Save /);
    const text = bytes.toString('utf8');
    for (const host of HOSTS) expect(text, `${kind} names ${host}`).not.toContain(host);
    expect(text, `${kind} holds an IP of the sample`).not.toMatch(SAMPLE_IPS);
    expect(text).toContain('node-1');
    await dialog(page).getByRole('button', { name: 'Close' }).first().click();
    await expect(dialog(page)).toHaveCount(0);
  }
});

test('the CSV holds the rows the log view shows', async ({ page }) => {
  await openSample(page);
  await page.getByRole('searchbox', { name: 'Search the lines' }).fill('dropping dirty');
  await expect(page.getByTestId('log-match-count')).toContainText('of 7,982');
  await page.getByRole('button', { name: 'Export CSV of events' }).click();
  await expect(dialog(page)).toContainText('as the log view’s filters narrow them');
  const { bytes } = await saved(page, /^Save /);
  const rows = bytes.toString('utf8').trimEnd().split('\r\n');
  expect(rows[0]).toMatch(/^time_utc,host,stage/);
  expect(rows.length).toBeGreaterThan(1);
  for (const row of rows.slice(1)) expect(row).toContain('dropping dirty');
});

test('the timeline picture is the view as shown: SVG and PNG of the right size', async ({ page }) => {
  await openSample(page);
  await page.getByRole('button', { name: 'By host' }).click();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await page.getByRole('button', { name: 'Export Timeline as SVG' }).click();
  await expect(dialog(page).getByRole('img', { name: 'The timeline as it will be saved' })).toBeVisible();
  const svg = (await saved(page, /^Save .*\.svg$/)).bytes.toString('utf8');
  const size = svg.match(/^<svg [^>]*width="(\d+)" height="(\d+)"/);
  expect(size).not.toBeNull();
  expect(svg).toContain('zoomed in');
  expect(svg).toContain('one lane per host');
  // Lane titles are the hosts in this lane mode.
  for (const host of HOSTS) expect(svg).toContain(`>${host}</text>`);
  // The browser itself accepts the file as an image of that size.
  const natural = await page.evaluate(async (text) => {
    const img = new Image();
    img.src = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
    await img.decode();
    return [img.naturalWidth, img.naturalHeight];
  }, svg);
  expect(natural).toEqual([Number(size?.[1]), Number(size?.[2])]);
  await dialog(page).getByRole('button', { name: 'Close' }).first().click();

  await page.getByRole('button', { name: 'Export Timeline as PNG' }).click();
  await expect(dialog(page)).toContainText(`drawn at ${Number(size?.[1]) * 2} × ${Number(size?.[2]) * 2} px`);
  const png = pngSize((await saved(page, /^Save .*\.png$/)).bytes);
  expect(png).toEqual({ width: Number(size?.[1]) * 2, height: Number(size?.[2]) * 2 });
});

async function shareLink(page: Page, redact: boolean): Promise<string> {
  await page.getByRole('button', { name: 'Share link…' }).click();
  const box = dialog(page).getByRole('checkbox', { name: /Redact identifiers/ });
  await expect(box).toBeChecked();
  if (!redact) await box.uncheck();
  const link = await dialog(page).getByRole('textbox', { name: 'Link' }).inputValue();
  await expect(dialog(page).getByTestId('share-size')).toContainText('of at most 8,000 characters');
  await dialog(page).getByRole('button', { name: 'Close' }).first().click();
  return link;
}

test('a share link opens the same view read-only, in another page, with nothing sent anywhere', async ({
  page,
  context,
}) => {
  await openSample(page);
  await page.getByRole('button', { name: 'By host' }).click();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  const region = page.locator('.timeline .chart-region');
  const range = [await region.getAttribute('data-view-start'), await region.getAttribute('data-view-end')];
  const link = await shareLink(page, false);
  expect(link.length).toBeLessThanOrEqual(8000);
  expect(new URL(link).hash).toMatch(/^#share=/);

  const other = await context.newPage();
  const requests: string[] = [];
  other.on('request', (r) => requests.push(r.url()));
  await other.goto(link);
  await expect(other.getByTestId('snapshot-banner')).toContainText('Shared snapshot, read-only');
  await expect(other.getByTestId('incident-summary')).toBeVisible();
  const shared = other.locator('.timeline .chart-region');
  await expect(shared).toHaveAttribute('data-view-start', range[0] ?? '');
  await expect(shared).toHaveAttribute('data-view-end', range[1] ?? '');
  await expect(other.getByRole('button', { name: 'By host' })).toHaveAttribute('aria-pressed', 'true');
  // Read-only: no file to re-read, nothing to re-run.
  await expect(other.getByRole('button', { name: 'All lines' })).toHaveCount(0);
  await expect(other.getByRole('combobox', { name: /^Format of / })).toHaveCount(0);
  // The fragment never reaches the server: no request carries it.
  expect(requests.filter((u) => u.includes('share='))).toEqual([]);
  await other.getByRole('button', { name: 'Analyse your own files' }).click();
  await expect(other.getByRole('button', { name: 'Try the sample incident' })).toBeVisible();
  expect(new URL(other.url()).hash).toBe('');
});

test('a redacted share link shows pseudonyms only', async ({ page, context }) => {
  await openSample(page);
  const link = await shareLink(page, true);
  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByTestId('snapshot-banner')).toContainText('replaced by pseudonyms');
  await expect(other.getByTestId('incident-summary')).toBeVisible();
  await expect(other.locator('.timeline .timeline-mark').first()).toBeVisible();
  const text = (await other.locator('body').textContent()) ?? '';
  for (const host of HOSTS) expect(text).not.toContain(host);
  expect(text).not.toMatch(SAMPLE_IPS);
  expect(text).toContain('node-1');
});

test('a tampered or truncated link is refused with a message, and nothing of it runs', async ({
  page,
  context,
}) => {
  await openSample(page);
  const link = await shareLink(page, false);
  const other = await context.newPage();
  let dialogs = 0;
  other.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  const cut = link.slice(0, Math.floor(link.length * 0.6));
  await other.goto(cut);
  await expect(other.getByRole('alert')).toContainText('This share link cannot be opened');
  await expect(other.getByRole('button', { name: 'Try the sample incident' })).toBeVisible();
  const base = link.slice(0, link.indexOf('#'));
  for (const forged of [
    '#share=<img src=x onerror=alert(1)>',
    '#share=1.AAAA',
    `#share=1.${'A'.repeat(70_000)}`,
  ]) {
    await other.goto(`${base}${forged}`);
    await other.reload();
    await expect(other.getByRole('alert')).toContainText('This share link cannot be opened');
  }
  expect(dialogs).toBe(0);
  await expect(other.locator('img[src="x"]')).toHaveCount(0);
});

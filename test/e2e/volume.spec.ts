// The log-volume histogram above the timeline, as in Grafana Explore: the sample's stamped lines per
// bucket, stacked by host, in the zone chosen; a click on a bar (or its table row) zooms the timeline
// to that bucket; a share link carries no volume, and its snapshot says so.
import type { Page } from '@playwright/test';
import { expect, test } from './guard.ts';

const HOSTS = ['k8s-worker-1', 'k8s-worker-2', 'k8s-worker-3'];

const volume = (page: Page) => page.getByRole('region', { name: 'Log volume' });
const timeline = (page: Page) => page.getByRole('region', { name: 'Incident timeline' });

async function openSample(page: Page) {
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto('./');
  await page.getByRole('button', { name: 'Try the sample incident' }).click();
  await expect(page.getByTestId('incident-summary')).toBeVisible({ timeout: 30_000 });
  await expect(volume(page).locator('.volume-bar').first()).toBeVisible();
}

/** The range the timeline shows, epoch ms, as its chart region says it. */
async function timelineRange(page: Page): Promise<[number, number]> {
  const region = timeline(page).locator('.chart-region');
  return [
    Number(await region.getAttribute('data-view-start')),
    Number(await region.getAttribute('data-view-end')),
  ];
}

/** Each bucket drawn (bars of several hosts share one): its index, range and total. */
async function buckets(page: Page) {
  const bars = await volume(page)
    .locator('.volume-bar')
    .evaluateAll((els) =>
      els.map((el) => ({
        i: Number(el.getAttribute('data-bucket')),
        t0: Number(el.getAttribute('data-t0')),
        t1: Number(el.getAttribute('data-t1')),
        total: Number(el.getAttribute('data-total')),
        host: el.getAttribute('data-host') ?? '',
      })),
    );
  return bars;
}

test('the sample’s log volume: non-zero bars stacked by host, every line counted, times in the zone chosen', async ({
  page,
}) => {
  await openSample(page);
  const region = volume(page).locator('.volume-region');
  await expect(region).toHaveAttribute('data-bucket-ms', '20000');
  const bars = await buckets(page);
  expect(bars.length).toBeGreaterThan(50);
  expect(bars.every((b) => b.total > 0 && b.t1 - b.t0 === 20_000)).toBe(true);
  expect([...new Set(bars.map((b) => b.host))].sort()).toEqual(HOSTS);
  // The accessible name says what is drawn; the legend and the note say the rest.
  await expect(region).toHaveAttribute(
    'aria-label',
    /^Log volume: [\d,]+ stamped lines in \d+ bars of 20 s, from 2019-11-12 10:13:00 → /,
  );
  await expect(volume(page).getByRole('list', { name: 'Hosts in the log volume' })).toContainText(
    'k8s-worker-1:',
  );
  await expect(volume(page)).toContainText('Not placed in time: 22 lines of sample/ceph-config-dump.txt');
  await expect(volume(page)).toContainText('placed before the range shown');
  const lines = Number(await region.getAttribute('data-lines'));
  expect(lines).toBeGreaterThan(15_000);

  const ticks = () =>
    volume(page).locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents();
  const utc = await ticks();
  expect(utc.length).toBeGreaterThan(2);
  expect(utc).toContain('10:20:00');
  await expect(volume(page)).toContainText('stacked by host (UTC)');
  await page.getByRole('radio', { name: 'Another zone' }).check();
  const zone = page.getByRole('combobox', { name: 'Time zone to show times in', exact: true });
  await zone.fill('Asia/Kolkata');
  await page.getByRole('button', { name: 'Apply the zone to show times in' }).click();
  await expect(volume(page)).toContainText('stacked by host (Asia/Kolkata)');
  // +05:30: the same round times, half an hour on.
  await expect.poll(ticks).toContain('15:50:00');
});

test('a click on a bar zooms the timeline to its bucket, and the bar shows the zoom', async ({ page }) => {
  await openSample(page);
  const full = await timelineRange(page);
  const bars = await buckets(page);
  // The fullest bucket well inside the incident (so the zoom is the bucket itself, not cut to the incident).
  const inside = bars.filter((b) => b.t0 > full[0] && b.t1 < full[1]);
  const target = inside.reduce(
    (best, b) => (b.total > best.total ? b : best),
    inside[0] as (typeof bars)[number],
  );
  await volume(page).locator(`.volume-bar[data-bucket="${target.i}"]`).first().click();
  await expect.poll(() => timelineRange(page)).toEqual([target.t0, target.t1]);
  await expect(timeline(page).getByTestId('timeline-range')).toContainText('Zoomed to ');
  await expect(timeline(page).getByTestId('timeline-range')).toContainText('20 s');
  await expect(volume(page).locator('.volume-chart')).toHaveAttribute(
    'data-selected',
    `${target.i}-${target.i}`,
  );
  // The timeline shows only that stretch: every marker or bin it draws lies inside the bucket.
  await expect(timeline(page).locator('.timeline-mark').first()).toBeVisible();

  // The empty part of a column (above a short bar) picks its bucket too.
  const low = inside.find((b) => b.i !== target.i && b.total < target.total / 3) as (typeof bars)[number];
  const grid = await volume(page).locator('.recharts-cartesian-grid').boundingBox();
  const column = await volume(page).locator(`.volume-bar[data-bucket="${low.i}"]`).first().boundingBox();
  if (!grid || !column) throw new Error('the chart is not on screen');
  await page.mouse.move(column.x + column.width / 2, grid.y + 4);
  await page.mouse.click(column.x + column.width / 2, grid.y + 4);
  await expect.poll(() => timelineRange(page)).toEqual([low.t0, low.t1]);

  // The keyboard's way: the table's row of another bucket.
  await page.getByRole('button', { name: 'Reset zoom' }).click();
  await expect.poll(() => timelineRange(page)).toEqual(full);
  const other = inside.find((b) => b.i !== target.i) as (typeof bars)[number];
  await volume(page)
    .getByText(/^Log volume as a table/)
    .click();
  const row = volume(page).locator(`tr[data-bucket="${other.i}"]`);
  await expect(row.getByRole('rowheader')).toContainText('2019-11-12');
  await row.getByRole('button', { name: /^Zoom the timeline to / }).press('Enter');
  await expect.poll(() => timelineRange(page)).toEqual([other.t0, other.t1]);
});

test('a share link carries no volume: the snapshot says so', async ({ page, context }) => {
  await openSample(page);
  await page.getByRole('button', { name: 'Share link…' }).click();
  const dialog = page.getByRole('dialog');
  const link = await dialog.getByRole('textbox', { name: 'Link' }).inputValue();
  await dialog.getByRole('button', { name: 'Close' }).first().click();
  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByTestId('snapshot-banner')).toContainText('Shared snapshot, read-only');
  await expect(other.getByTestId('volume-note')).toContainText('does not carry the log volume');
  await expect(other.locator('.volume-bar')).toHaveCount(0);
});

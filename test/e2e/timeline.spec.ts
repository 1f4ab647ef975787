// The timeline of the sample incident as a support engineer uses it: lanes by stage or by host,
// zoom by wheel, brush and buttons that keeps through a lane toggle, a click on a point that leads
// to its log line, stage-start callouts that move when a source's zone is corrected.
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './guard.ts';

const JOURNAL = 'sample/k8s-worker-1/journal.log';
const HOSTS = ['k8s-worker-1', 'k8s-worker-2', 'k8s-worker-3'];

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto('./');
  await page.getByRole('button', { name: 'Try the sample incident' }).click();
  await expect(page.getByTestId('incident-summary')).toBeVisible({ timeout: 30_000 });
  await expect(timeline(page).locator('.timeline-mark').first()).toBeVisible();
});

const timeline = (page: Page) => page.getByRole('region', { name: 'Incident timeline' });
const laneLabels = (page: Page) =>
  timeline(page).locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents();
const axisTicks = (page: Page) =>
  timeline(page).locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents();

/** The range shown, epoch ms, as the chart region says it. */
async function viewRange(page: Page): Promise<[number, number]> {
  const region = timeline(page).locator('.chart-region');
  return [
    Number(await region.getAttribute('data-view-start')),
    Number(await region.getAttribute('data-view-end')),
  ];
}

/** Scrolls the wheel over the middle of the plot area (the grid spans exactly that). */
async function wheelOverPlot(page: Page, deltaY: number, times = 1) {
  const grid = await timeline(page).locator('.recharts-cartesian-grid').boundingBox();
  if (!grid) throw new Error('the plot area is not on screen');
  await page.mouse.move(grid.x + grid.width * 0.6, grid.y + grid.height / 2);
  for (let i = 0; i < times; i++) await page.mouse.wheel(0, deltaY);
}

async function stageStart(page: Page, stage: string): Promise<{ x: number; text: string }> {
  const item = timeline(page).getByTestId('stage-starts').locator(`li[data-stage="${stage}"]`);
  return { x: Number(await item.getAttribute('data-x')), text: (await item.textContent()) ?? '' };
}

test('lanes by stage and by host, with the zone on the axis and the root cause as caption', async ({
  page,
}) => {
  const byStage = page.getByRole('button', { name: 'By stage' });
  const byHost = page.getByRole('button', { name: 'By host' });
  await expect(byStage).toHaveAttribute('aria-pressed', 'true');
  await expect(byHost).toHaveAttribute('aria-pressed', 'false');
  const stageLanes = await laneLabels(page);
  expect(stageLanes).toHaveLength(7);
  expect(stageLanes[0]).toBe('① Connection reset');
  expect(stageLanes[6]).toBe('⑦ Pods cannot use the volume');
  await expect(timeline(page).getByTestId('timeline-lanes').locator('li[data-stage]')).toHaveCount(7);

  await byHost.click();
  await expect(byHost).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => laneLabels(page)).toEqual(HOSTS);
  await expect(timeline(page).getByTestId('timeline-lanes').locator('li[data-host]')).toHaveCount(3);
  // In host lanes the stages are the series: the legend names them.
  await expect(timeline(page).locator('.recharts-legend-wrapper')).toContainText('③ Session evicted');

  await byStage.click();
  await expect.poll(() => laneLabels(page)).toEqual(stageLanes);

  await expect(timeline(page).locator('.timeline-chart svg text', { hasText: /^Time \(/ })).toHaveText(
    'Time (UTC) · 2019-11-12',
  );
  await expect(timeline(page).getByTestId('timeline-caption')).toContainText('Root cause:');
  await expect(timeline(page).getByTestId('timeline-caption')).toContainText('reconnect denied');
  // Seven stage starts, numbered in cascade order, as callouts on the chart and as buttons.
  await expect(timeline(page).locator('.timeline-annotations g[data-stage]')).toHaveCount(7);
  expect((await stageStart(page, 'connection-reset')).text).toBe('① reset 10:14:03');
  expect((await stageStart(page, 'reconnect-denied')).text).toBe('③ denied 10:19:14');
});

test('the quota loop is drawn as count bins, narrower as one zooms in', async ({ page }) => {
  const region = timeline(page).locator('.chart-region');
  const loop = timeline(page).locator('[data-mark][data-stage="quota-realm-loop"]');
  const bins = timeline(page).locator('[data-mark="bin"][data-stage="quota-realm-loop"]');
  const binCounts = () => bins.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
  expect(await bins.count()).toBeGreaterThan(10);
  expect(await loop.count()).toBeLessThan(250);
  const counts = await binCounts();
  expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(3000);
  await bins.nth(5).hover();
  await expect(page.locator('.event-tooltip')).toContainText(
    /\d+ events \d\d:\d\d:\d\d–\d\d:\d\d:\d\d \(UTC\)/,
  );
  const wholeWidth = Number(await region.getAttribute('data-bin-width'));
  expect(wholeWidth).toBe(60_000);

  await wheelOverPlot(page, -400, 8);
  await expect.poll(async () => Number(await region.getAttribute('data-bin-width'))).toBeLessThan(wholeWidth);
  expect(Math.max(...(await binCounts()))).toBeLessThan(Math.max(...counts));
});

test('wheel and brush zoom, kept through a lane toggle, undone by Reset zoom', async ({ page }) => {
  const whole = await viewRange(page);
  const wholeTicks = await axisTicks(page);
  // The log volume above the timeline puts the plot's middle below the fold of a 1000 px window.
  await timeline(page).locator('.recharts-cartesian-grid').scrollIntoViewIfNeeded();
  const scrollY = await page.evaluate(() => window.scrollY);

  await wheelOverPlot(page, -300, 3);
  await expect.poll(() => viewRange(page)).not.toEqual(whole);
  const zoomed = await viewRange(page);
  expect(zoomed[0]).toBeGreaterThan(whole[0]);
  expect(zoomed[1]).toBeLessThan(whole[1]);
  expect(await axisTicks(page)).not.toEqual(wholeTicks);
  // The wheel zoomed the chart and did not scroll the page.
  expect(await page.evaluate(() => window.scrollY)).toBe(scrollY);
  await expect(page.getByTestId('timeline-range')).toContainText('Zoomed to');

  await page.getByRole('button', { name: 'By host' }).click();
  await expect.poll(() => laneLabels(page)).toEqual(HOSTS);
  expect(await viewRange(page)).toEqual(zoomed);
  await page.getByRole('button', { name: 'By stage' }).click();
  expect(await viewRange(page)).toEqual(zoomed);

  await page.getByRole('button', { name: 'Reset zoom' }).click();
  await expect.poll(() => viewRange(page)).toEqual(whole);
  expect(await axisTicks(page)).toEqual(wholeTicks);

  // The brush: the start handle moved with the keyboard narrows the range from the left.
  const handles = timeline(page).getByTestId('timeline-overview').getByRole('slider');
  await expect(handles).toHaveCount(2);
  await handles.first().focus();
  for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await viewRange(page))[0]).toBeGreaterThan(whole[0] + 60_000);
  expect((await viewRange(page))[1]).toBe(whole[1]);

  // Keyboard zoom: + on a timeline control zooms in around the middle, 0 resets.
  await page.getByRole('button', { name: 'Reset zoom' }).click();
  await page.getByRole('button', { name: 'Zoom in' }).focus();
  await page.keyboard.press('+');
  await expect
    .poll(async () => (await viewRange(page))[1] - (await viewRange(page))[0])
    .toBeLessThan((whole[1] - whole[0]) * 0.6);
  await page.keyboard.press('0');
  await expect.poll(() => viewRange(page)).toEqual(whole);
});

test('a click on a point focuses its line for the log view', async ({ page }) => {
  const mark = timeline(page).locator('[data-mark][data-stage="reconnect-denied"]').first();
  const ref = (await mark.getAttribute('data-ref')) ?? '';
  expect(ref).toMatch(/^sample\/.+:\d+$/);
  // The tooltip of the point names its stage and line: the ref is an event of the lane clicked.
  await mark.hover();
  const tooltip = page.locator('.event-tooltip');
  await expect(tooltip).toContainText('Session evicted / reconnect denied');
  await expect(tooltip).toContainText(ref);
  await expect(tooltip).toContainText(/reconnect denied|closed our session/i);
  await mark.click();
  await expect(timeline(page)).toHaveAttribute('data-focus', ref);

  // The log view scrolls to the clicked line and marks it as the current one.
  const row = page.locator(`#log-view [data-line-ref="${ref}"]`).first();
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute('aria-current', /.+/);

  // The stage-start buttons lead to the same place from the keyboard.
  const start = timeline(page)
    .getByTestId('stage-starts')
    .getByRole('button', { name: /^① reset/ });
  await start.focus();
  await page.keyboard.press('Enter');
  await expect(timeline(page)).toHaveAttribute('data-focus', /^sample\/k8s-worker-1\/.+:\d+$/);
});

test('correcting the zone of a source moves its events on the timeline', async ({ page }, testInfo) => {
  const before = await stageStart(page, 'connection-reset');
  expect(before.text).toBe('① reset 10:14:03');

  const zone = page.getByRole('combobox', { name: `Time zone of ${JOURNAL}`, exact: true });
  await zone.fill('+01:00');
  await zone.press('Enter');
  await expect(page.getByTestId('incident-summary')).toBeVisible({ timeout: 30_000 });
  await expect.poll(async () => (await stageStart(page, 'connection-reset')).x).not.toBe(before.x);
  const after = await stageStart(page, 'connection-reset');
  // k8s-worker-1 (its journal, and the dmesg and kubelet lines fitted to it) is now an hour earlier.
  expect(Math.abs(after.x - before.x + 3_600_000)).toBeLessThan(1000);
  expect(after.text).toBe('① reset 09:14:03');
  const callout = timeline(page).locator('.timeline-annotations g[data-stage="connection-reset"]');
  await expect(callout).toHaveAttribute('data-x', String(after.x));
  await expect(callout).toContainText('09:14:03');

  // An hour apart, k8s-worker-1's cascade is an episode of its own: the timeline's picker narrows
  // the chart, its callouts and its caption to the episode chosen (and the episode list follows).
  const picker = timeline(page).getByRole('combobox', { name: 'Episode', exact: true });
  await expect(picker.locator('option')).toHaveText(['All episodes', 'Episode 1', 'Episode 2']);
  await expect(timeline(page).getByTestId('timeline-caption')).toContainText('2 episodes');
  await attachScreenshot(timeline(page), testInfo.outputPath('timeline-zone.png'), testInfo);
  await picker.selectOption({ label: 'Episode 2' });
  await expect(page.getByRole('combobox', { name: 'Episode shown' })).toHaveValue(await picker.inputValue());
  await expect(timeline(page).getByTestId('timeline-caption')).toContainText(/^Root cause:.*k8s-worker-2/);
  await expect.poll(async () => (await stageStart(page, 'connection-reset')).text).toBe('① reset 10:14:40');
  expect((await viewRange(page))[0]).toBeGreaterThan(Date.parse('2019-11-12T10:00:00Z'));
  expect(await timeline(page).locator('[data-mark]').count()).toBeGreaterThan(0);
  await attachScreenshot(timeline(page), testInfo.outputPath('timeline-episode-2.png'), testInfo);
});

test('screenshot of the timeline', async ({ page }, testInfo) => {
  await attachScreenshot(timeline(page), testInfo.outputPath('timeline.png'), testInfo);
  await page.getByRole('button', { name: 'By host' }).click();
  await expect.poll(() => laneLabels(page)).toEqual(HOSTS);
  await attachScreenshot(timeline(page), testInfo.outputPath('timeline-by-host.png'), testInfo);
});

async function attachScreenshot(
  target: Locator,
  path: string,
  testInfo: { attach: (name: string, options: { path: string; contentType: string }) => Promise<void> },
) {
  await target.screenshot({ path });
  await testInfo.attach(path.split('/').pop() ?? 'timeline.png', { path, contentType: 'image/png' });
}

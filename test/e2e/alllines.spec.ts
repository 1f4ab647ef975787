// The log view's "All lines" mode on the sample incident: every line of every source (events or not)
// in a window around the focused evidence line, read from the files by the analysis worker, merged in
// time order; the focused line marked, events chipped; the window's size, moves and a typed centre
// (in the display zone); the host filter and the search narrowing the lines read; the grid's keyboard
// and the context panel; no serious accessibility violation.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import type { AxeResults } from 'axe-core';
import { expect, test } from './guard.ts';

const root = resolve(import.meta.dirname, '../..');
const AXE = resolve(root, 'node_modules/axe-core/axe.min.js');

// The page's CSP allows only its own scripts; axe is injected as an inline script by its test.
test.use({ bypassCSP: true });
/** Line `n` of a sample file, as the file holds it. */
const lineOf = (source: string, n: number) =>
  readFileSync(resolve(root, 'public', source), 'utf8')
    .split('\n')
    [n - 1]?.replace(/\r$/, '') ?? '';
const digits = (text: string | null) => Number((text ?? '').split(' ')[0]?.replace(/\D/g, ''));
/** The last number of `85 of 1,240 lines in the window match`: the lines of the window. */
const windowTotal = (text: string | null) =>
  Number(/([\d,]+) lines? in the window/.exec(text ?? '')?.[1]?.replace(/,/g, ''));

const DMESG = 'sample/k8s-worker-1/dmesg.log';
/** `[632277.168337] ceph: mds0 reconnect denied`, at 2019-11-12 10:19:14.401 UTC (an evidence line). */
const FOCUS = `${DMESG}:875`;
/** `Nov 12 10:20:01 k8s-worker-1 systemd[1]: Started Session 8762 of user root.`: no event. */
const SYSTEMD = 'sample/k8s-worker-1/journal.log:294';

const view = (page: Page) => page.getByRole('region', { name: 'Log view' });
const grid = (page: Page) => view(page).getByRole('grid', { name: 'All lines in the window' });
const rows = (page: Page) => grid(page).locator('[data-window-row]');
const count = (page: Page) => view(page).getByTestId('log-match-count');
const sizeSelect = (page: Page) => view(page).getByRole('combobox', { name: 'Window size' });

interface Row {
  index: number;
  ref: string;
  time: string;
  host: string;
  source: string;
  event: string;
  text: string;
  current: boolean;
}

/** Every row of the window grid, read by scrolling it from top to bottom (it is virtualised). */
async function allRows(page: Page): Promise<Row[]> {
  const seen = new Map<number, Row>();
  const g = grid(page);
  await g.evaluate((el) => {
    el.scrollTop = 0;
  });
  for (let step = 0; step < 400; step++) {
    // Wait for the virtualiser to render the rows at the new scroll position.
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    const batch = await g.locator('[data-window-row]').evaluateAll((els) =>
      els.map((el) => {
        const cell = (name: string) => el.querySelector(`.${name}`)?.textContent ?? '';
        return {
          index: Number(el.getAttribute('aria-rowindex')),
          ref: el.getAttribute('data-line-ref') ?? '',
          time: cell('lv-time'),
          host: cell('lv-host'),
          source: el.querySelector('.lv-source')?.getAttribute('title') ?? '',
          event: cell('lv-stage'),
          text: cell('lv-text'),
          current: el.getAttribute('aria-current') === 'true',
        };
      }),
    );
    for (const r of batch) seen.set(r.index, r);
    const done = await g.evaluate((el) => {
      if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) return true;
      el.scrollTop += Math.floor(el.clientHeight / 2);
      return false;
    });
    if (done) break;
  }
  return [...seen.values()].sort((a, b) => a.index - b.index);
}

/** Whether a row lies wholly inside its grid's visible rows. */
const inSight = (row: Locator) =>
  row.evaluate((el) => {
    const grid = el.closest('[role="grid"]') as HTMLElement;
    const head = grid.querySelector('.lv-head') as HTMLElement;
    const r = el.getBoundingClientRect();
    const g = grid.getBoundingClientRect();
    return r.top >= g.top + head.offsetHeight - 1 && r.bottom <= g.bottom + 1;
  });

/** Waits for the window's read to end, then lists its rows. */
async function rowsRead(page: Page): Promise<Row[]> {
  await expect(view(page).getByTestId('window-loading')).toHaveCount(0, { timeout: 15_000 });
  return allRows(page);
}

test.beforeEach(async ({ page }) => {
  await page.goto('./');
  await page.getByRole('button', { name: 'Try the sample incident' }).click();
  await expect(page.getByTestId('incident-summary')).toBeVisible({ timeout: 30_000 });
  // Focus an evidence line (it opens in the event list), then show every line around it.
  await page
    .locator('article[data-finding="client-evicted"]')
    .locator(`[data-evidence-ref="${FOCUS}"]`)
    .click();
  await expect(
    view(page).getByRole('grid', { name: 'Log lines' }).locator(`[data-line-ref="${FOCUS}"]`),
  ).toHaveAttribute('aria-current', 'true');
  await view(page).getByRole('button', { name: 'All lines' }).click();
  await expect(view(page).getByRole('button', { name: 'All lines' })).toHaveAttribute('aria-pressed', 'true');
  await expect(view(page).getByRole('button', { name: 'Events' })).toHaveAttribute('aria-pressed', 'false');
  await expect(count(page)).toHaveText(/^[\d,]+ lines in the window$/, { timeout: 15_000 });
});

test('every line of every source around the focused line, merged in time order', async ({
  page,
}, testInfo) => {
  await expect(sizeSelect(page)).toHaveValue('2m');
  await expect(view(page).getByTestId('window-range')).toContainText(
    'from 2019-11-12 10:17:14.401 to 2019-11-12 10:21:14.401 (UTC)',
  );
  await expect(grid(page).getByRole('columnheader').first()).toHaveText('Time (UTC)');

  // The focused line is there, marked, in sight, with its event chip and its text as the file has it.
  const focused = grid(page).locator(`[data-line-ref="${FOCUS}"]`);
  await expect(focused).toHaveAttribute('aria-current', 'true');
  // The grid scrolled to it (the rows are in a scrolling box of their own).
  await expect.poll(() => inSight(focused)).toBe(true);
  await expect(focused.locator('.lv-time')).toHaveText('2019-11-12 10:19:14.401');
  await expect(focused.locator('.lv-stamp')).toHaveText('[632277.168337]');
  await expect(focused.locator('.lv-badge')).toHaveText('Session evicted / reconnect denied');
  await expect(focused.locator('.lv-text')).toHaveText(lineOf(DMESG, 875));
  await page.screenshot({ path: testInfo.outputPath('all-lines.png'), fullPage: false });

  const total = digits(await count(page).textContent());
  const all = await allRows(page);
  expect(all.length).toBe(total);
  await expect(grid(page)).toHaveAttribute('aria-rowcount', String(total + 1));
  // In time order (the times are in one zone and one width, so they order as text), all in the window.
  for (let i = 1; i < all.length; i++) {
    const [before, after] = [all[i - 1] as Row, all[i] as Row];
    expect(after.time >= before.time, `${before.ref} then ${after.ref}`).toBe(true);
  }
  expect((all[0] as Row).time >= '2019-11-12 10:17:14.401').toBe(true);
  expect((all.at(-1) as Row).time <= '2019-11-12 10:21:14.401').toBe(true);
  expect(all.filter((r) => r.current).map((r) => r.ref)).toEqual([FOCUS]);

  // Every source of the focused line's host, and more lines than events: most are no event.
  const own = all.filter((r) => r.host === 'k8s-worker-1');
  expect(new Set(own.map((r) => r.source))).toEqual(
    new Set(['dmesg.log', 'journal.log', 'kubelet.log'].map((f) => `sample/k8s-worker-1/${f}`)),
  );
  expect(new Set(all.map((r) => r.host)).size).toBeGreaterThan(1);
  const events = all.filter((r) => r.event !== '');
  expect(events.length).toBeGreaterThan(0);
  expect(all.length - events.length).toBeGreaterThan(events.length / 4);

  // A journal line that is no event: systemd starting a session, its text as the file has it.
  const systemd = all.find((r) => r.ref === SYSTEMD);
  expect(systemd).toBeDefined();
  expect(systemd?.event).toBe('');
  expect(systemd?.text).toBe(lineOf('sample/k8s-worker-1/journal.log', 294));
  expect(systemd?.text).toContain('systemd[1]: Started Session');
  expect(systemd?.time).toBe('2019-11-12 10:20:01.000');
});

test('the window size changes the lines read; Earlier, Later and a typed time move it', async ({ page }) => {
  const twoMinutes = digits(await count(page).textContent());
  await sizeSelect(page).selectOption({ label: '±30 s' });
  await expect(count(page)).not.toHaveText(`${twoMinutes.toLocaleString('en-US')} lines in the window`);
  await expect(count(page)).toHaveText(/^[\d,]+ lines in the window$/);
  const halfMinute = digits(await count(page).textContent());
  expect(halfMinute).toBeLessThan(twoMinutes);
  await expect(view(page).getByTestId('window-range')).toContainText(
    'from 2019-11-12 10:18:44.401 to 2019-11-12 10:19:44.401',
  );
  // 10:20:01 is outside ±30 s.
  const narrow = await rowsRead(page);
  expect(narrow.length).toBe(halfMinute);
  expect(narrow.map((r) => r.ref)).not.toContain(SYSTEMD);

  await sizeSelect(page).selectOption({ label: '±10 min' });
  await expect(count(page)).not.toHaveText(`${halfMinute.toLocaleString('en-US')} lines in the window`);
  await expect(count(page)).toHaveText(/^[\d,]+ lines in the window$/);
  expect(digits(await count(page).textContent())).toBeGreaterThan(twoMinutes);
  await sizeSelect(page).selectOption({ label: '±30 s' });
  await expect(count(page)).toHaveText(`${halfMinute.toLocaleString('en-US')} lines in the window`);

  // Later by the window's width; the focused line lies outside then, and the notice brings it back.
  await view(page).getByRole('button', { name: 'Later' }).click();
  await expect(view(page).getByTestId('window-range')).toContainText(
    'from 2019-11-12 10:19:44.401 to 2019-11-12 10:20:44.401',
  );
  expect((await rowsRead(page)).map((r) => r.ref)).toContain(SYSTEMD);
  await expect(view(page).getByTestId('log-focus-notice')).toContainText('lies outside this window');
  await view(page).getByRole('button', { name: 'Earlier' }).click();
  await view(page).getByRole('button', { name: 'Earlier' }).click();
  await expect(view(page).getByTestId('window-range')).toContainText(
    'from 2019-11-12 10:17:44.401 to 2019-11-12 10:18:44.401',
  );
  await view(page).getByRole('button', { name: 'Centre on the focused line' }).click();
  await expect(grid(page).locator(`[data-line-ref="${FOCUS}"]`)).toHaveAttribute('aria-current', 'true', {
    timeout: 15_000,
  });

  // A time typed in the display zone (UTC here), as a clock time on the centre's day.
  const centre = view(page).getByRole('textbox', { name: 'Centre at (UTC)' });
  await centre.fill('10:20:01');
  await centre.press('Enter');
  await expect(view(page).getByTestId('window-range')).toContainText(
    'from 2019-11-12 10:19:31.000 to 2019-11-12 10:20:31.000',
  );
  expect((await rowsRead(page)).map((r) => r.ref)).toContain(SYSTEMD);
  await centre.fill('not a time');
  await centre.press('Enter');
  await expect(view(page).getByTestId('window-time-error')).toContainText('Not a time');
  await expect(centre).toHaveAttribute('aria-invalid', 'true');
});

test('the host filter and the search narrow the lines of the window', async ({ page }) => {
  const total = digits(await count(page).textContent());
  await view(page)
    .getByRole('group', { name: /^Hosts/ })
    .getByRole('checkbox', { name: /^k8s-worker-2/ })
    .check();
  await expect(count(page)).toHaveText(/^[\d,]+ of [\d,]+ lines in the window match$/);
  const shown = digits(await count(page).textContent());
  expect(windowTotal(await count(page).textContent())).toBe(total);
  expect(shown).toBeGreaterThan(0);
  expect(shown).toBeLessThan(total);
  const hosts = await rows(page).locator('.lv-host').allTextContents();
  expect(hosts.length).toBeGreaterThan(5);
  expect(new Set(hosts)).toEqual(new Set(['k8s-worker-2']));
  // The focused line (k8s-worker-1) is hidden by the filter, and offered back.
  await expect(view(page).getByTestId('log-focus-notice')).toContainText('The filters hide');
  await view(page).getByTestId('log-focus-notice').getByRole('button', { name: 'Clear filters' }).click();
  await expect(count(page)).toHaveText(`${total.toLocaleString('en-US')} lines in the window`);

  // The search counts and marks the lines of the window that match, events or not.
  const search = view(page).getByRole('searchbox', { name: 'Search the lines' });
  await search.fill('Started Session');
  await expect(count(page)).toHaveText(/^\d+ of [\d,]+ lines in the window match(es)?$/);
  const texts = await rows(page).locator('.lv-text').allTextContents();
  expect(texts.length).toBe(digits(await count(page).textContent()));
  for (const t of texts) expect(t).toContain('Started Session');
  await expect(rows(page).first().locator('mark')).toHaveText('Started Session');
  await expect(grid(page).locator(`[data-line-ref="${SYSTEMD}"]`)).toBeVisible();

  // The stage and severity filters are the event list's: the window says so and goes on showing lines.
  await search.fill('');
  await view(page).getByRole('button', { name: 'Events' }).click();
  await view(page)
    .getByRole('group', { name: /^Severity/ })
    .getByRole('checkbox', { name: /^Critical/ })
    .check();
  await view(page).getByRole('button', { name: 'All lines' }).click();
  await expect(view(page).getByTestId('log-events-only-note')).toBeVisible();
  await expect(count(page)).toHaveText(/^[\d,]+ lines in the window$/, { timeout: 15_000 });
});

test('the keyboard moves through the lines and Enter shows the context of a line that is no event', async ({
  page,
}) => {
  const g = grid(page);
  await g.focus();
  // The focused line is the active row; move down to the next lines.
  await expect(g).toHaveAttribute(
    'aria-activedescendant',
    (await g.locator(`[data-line-ref="${FOCUS}"]`).getAttribute('id')) as string,
  );
  await view(page).getByRole('searchbox', { name: 'Search the lines' }).fill('systemd');
  await g.focus();
  await page.keyboard.press('Home');
  await expect(g.locator('[aria-rowindex="2"]')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(g.locator('[aria-rowindex="3"]')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  const ref = (await g.locator('[aria-rowindex="3"]').getAttribute('data-line-ref')) as string;
  expect(ref).toMatch(/journal\.log:\d+$/);
  await expect(g.locator(`[data-line-ref="${ref}"]`)).toHaveAttribute('aria-current', 'true');
  const [source, n] = [ref.slice(0, ref.lastIndexOf(':')), Number(ref.slice(ref.lastIndexOf(':') + 1))];
  const context = view(page).getByRole('region', { name: `Context of ${ref}` });
  await expect(context.locator(`[data-context-line="${n}"] .lv-context-text`)).toHaveText(lineOf(source, n), {
    timeout: 15_000,
  });
  // A line picked in the window stays in it: the window does not move.
  await expect(view(page).getByTestId('window-range')).toContainText('from 2019-11-12 10:17:14.401');
  await page.keyboard.press('End');
  const last = digits(await count(page).textContent()) + 1;
  await expect(g.locator(`[aria-rowindex="${last}"]`)).toHaveAttribute('aria-selected', 'true');
});

test('times follow the display zone, and a typed time is read in it', async ({ page }) => {
  await page.getByRole('radio', { name: 'Another zone' }).check();
  await page.getByRole('combobox', { name: 'Time zone to show times in', exact: true }).fill('Asia/Shanghai');
  await page.getByRole('button', { name: 'Apply the zone to show times in' }).click();
  await expect(grid(page).getByRole('columnheader').first()).toHaveText('Time (Asia/Shanghai)');
  await expect(view(page).getByTestId('window-range')).toContainText(
    'from 2019-11-12 18:17:14.401 to 2019-11-12 18:21:14.401 (Asia/Shanghai)',
  );
  const focused = grid(page).locator(`[data-line-ref="${FOCUS}"]`);
  await expect(focused.locator('.lv-time')).toHaveText('2019-11-12 18:19:14.401');
  // The original stamp stays as the file prints it.
  await expect(focused.locator('.lv-stamp')).toHaveText('[632277.168337]');
  const centre = view(page).getByRole('textbox', { name: 'Centre at (Asia/Shanghai)' });
  await expect(centre).toHaveValue('2019-11-12 18:19:14.401');
  await centre.fill('2019-11-12 18:20:01');
  await centre.press('Enter');
  await expect(view(page).getByTestId('window-range')).toContainText(
    'from 2019-11-12 18:18:01.000 to 2019-11-12 18:22:01.000 (Asia/Shanghai)',
  );
  expect((await rowsRead(page)).find((r) => r.ref === SYSTEMD)?.time).toBe('2019-11-12 18:20:01.000');
});

test('the All lines mode has no serious accessibility violation', async ({ page }) => {
  await expect(view(page).getByTestId('window-loading')).toHaveCount(0, { timeout: 15_000 });
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Element): Promise<AxeResults> } }).axe;
    const results = await axe.run(document.getElementById('log-view') as Element);
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
  expect(violations).toEqual([]);
});

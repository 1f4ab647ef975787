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
/** The last number of `85 of 1,240 lines in the lines loaded match`: the lines loaded. */
const windowTotal = (text: string | null) =>
  Number(/([\d,]+) lines? in the lines loaded/.exec(text ?? '')?.[1]?.replace(/,/g, ''));

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

const frames = (page: Page) =>
  page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));

/** The rows in the DOM (the virtualised grid renders those in sight and a few either side), in order. */
const domRows = (page: Page): Promise<Row[]> =>
  grid(page)
    .locator('[data-window-row]')
    .evaluateAll((els) =>
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

/**
 * The rows from time `from` to `to` (as shown), read by scrolling the grid up to `from`, then down
 * past `to` (it is virtualised, and reads more lines near its ends). Each set of rows rendered
 * together is checked to be in time order.
 */
async function rowsBetween(page: Page, from: string, to: string): Promise<Row[]> {
  const g = grid(page);
  const step = (up: boolean) =>
    g.evaluate((el, up) => {
      const before = el.scrollTop;
      el.scrollTop += (up ? -1 : 1) * Math.floor(el.clientHeight / 2);
      return el.scrollTop !== before;
    }, up);
  for (let i = 0; i < 300; i++) {
    await frames(page);
    const first = (await domRows(page))[0];
    if (first && first.time < from) break;
    const moved = await step(true);
    if (!moved && (await g.getByTestId('window-start').getAttribute('data-done')) !== null) break;
  }
  const seen = new Map<string, Row>();
  for (let i = 0; i < 300; i++) {
    await frames(page);
    const batch = await domRows(page);
    for (let k = 1; k < batch.length; k++) {
      const [a, b] = [batch[k - 1] as Row, batch[k] as Row];
      expect(b.time >= a.time, `${a.ref} then ${b.ref}`).toBe(true);
    }
    for (const r of batch) if (r.time >= from && r.time <= to && !seen.has(r.ref)) seen.set(r.ref, r);
    const last = batch.at(-1);
    if (last && last.time > to) break;
    const moved = await step(false);
    if (!moved && (await g.getByTestId('window-end').getAttribute('data-done')) !== null) break;
  }
  return [...seen.values()].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
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

/**
 * Reads the whole sample: waits for the lines around the centre, then scrolls to the top and to the
 * bottom until the grid says the logs start and end there.
 */
async function settled(page: Page) {
  await expect(view(page).getByTestId('window-loading')).toHaveCount(0, { timeout: 15_000 });
  const g = grid(page);
  for (const [edge, text, top] of [
    ['window-start', 'Start of the logs', true],
    ['window-end', 'End of the logs', false],
  ] as const) {
    await expect
      .poll(
        async () => {
          await g.evaluate((el, top) => {
            el.scrollTop = top ? 0 : el.scrollHeight;
          }, top);
          return g.getByTestId(edge).textContent();
        },
        { timeout: 30_000 },
      )
      .toBe(text);
  }
}

/** The lines-loaded count: `617 lines in the lines loaded`. */
const LOADED = /^[\d,]+ lines in the lines loaded$/;

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
  await expect(count(page)).toHaveText(LOADED, { timeout: 15_000 });
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

  // The rows of the first window, in time order (the times are in one zone and one width, so they
  // order as text): `rowsBetween` checks every set of rows rendered together.
  const all = await rowsBetween(page, '2019-11-12 10:17:14.401', '2019-11-12 10:21:14.401');
  expect(all.length).toBeGreaterThan(100);
  await expect
    .poll(
      async () =>
        Number(await grid(page).getAttribute('aria-rowcount')) - digits(await count(page).textContent()),
    )
    .toBe(1);
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
  // The size sets the window read first around the centre (and each stretch read after it).
  await sizeSelect(page).selectOption({ label: '±30 s' });
  await expect(view(page).getByTestId('window-range')).toContainText(
    'from 2019-11-12 10:18:44.401 to 2019-11-12 10:19:44.401',
  );
  await expect(view(page).getByTestId('window-loading')).toHaveCount(0, { timeout: 15_000 });
  const narrow = await rowsBetween(page, '2019-11-12 10:18:44.401', '2019-11-12 10:19:44.401');
  expect(narrow.map((r) => r.ref)).toContain(FOCUS);

  await sizeSelect(page).selectOption({ label: '±10 min' });
  await expect(view(page).getByTestId('window-range')).toContainText(
    'from 2019-11-12 10:09:14.401 to 2019-11-12 10:29:14.401',
  );
  await expect(view(page).getByTestId('window-loading')).toHaveCount(0, { timeout: 15_000 });
  await expect(count(page)).toHaveText(LOADED);
  await sizeSelect(page).selectOption({ label: '±30 s' });

  // Later by the window's width: the lines are read again around the new centre.
  await view(page).getByRole('button', { name: 'Later' }).click();
  await expect(view(page).getByTestId('window-range')).toContainText(
    'from 2019-11-12 10:19:44.401 to 2019-11-12 10:20:44.401',
  );
  await expect(view(page).getByTestId('window-loading')).toHaveCount(0, { timeout: 15_000 });
  expect(
    (await rowsBetween(page, '2019-11-12 10:19:44.401', '2019-11-12 10:20:44.401')).map((r) => r.ref),
  ).toContain(SYSTEMD);
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
  await expect(view(page).getByTestId('window-loading')).toHaveCount(0, { timeout: 15_000 });
  expect(
    (await rowsBetween(page, '2019-11-12 10:19:31.000', '2019-11-12 10:20:31.000')).map((r) => r.ref),
  ).toContain(SYSTEMD);
  await centre.fill('not a time');
  await centre.press('Enter');
  await expect(view(page).getByTestId('window-time-error')).toContainText('Not a time');
  await expect(centre).toHaveAttribute('aria-invalid', 'true');
});

test('the host filter and the search narrow the lines of the window', async ({ page }) => {
  await settled(page);
  const total = digits(await count(page).textContent());
  await view(page)
    .getByRole('group', { name: /^Hosts/ })
    .getByRole('checkbox', { name: /^k8s-worker-2/ })
    .check();
  await expect(count(page)).toHaveText(/^[\d,]+ of [\d,]+ lines in the lines loaded match$/);
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
  await expect(count(page)).toHaveText(`${total.toLocaleString('en-US')} lines in the lines loaded`);

  // The search counts and marks the lines of the window that match, events or not.
  const search = view(page).getByRole('searchbox', { name: 'Search the lines' });
  await search.fill('Started Session');
  await expect(count(page)).toHaveText(/^\d+ of [\d,]+ lines in the lines loaded match(es)?$/);
  const texts = await rows(page).locator('.lv-text').allTextContents();
  // The rows in sight (the grid is virtualised; the whole sample was read, more lines match than fit).
  expect(texts.length).toBeGreaterThan(0);
  expect(texts.length).toBeLessThanOrEqual(digits(await count(page).textContent()));
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
  await expect(count(page)).toHaveText(LOADED, { timeout: 15_000 });
});

test('the keyboard moves through the lines and Enter shows the context of a line that is no event', async ({
  page,
}) => {
  const g = grid(page);
  // Reading on at both ends renumbers the rows (and their ids): wait until it has settled.
  await settled(page);
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
  await settled(page);
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
  await expect(view(page).getByTestId('window-loading')).toHaveCount(0, { timeout: 15_000 });
  const around = await rowsBetween(page, '2019-11-12 18:18:01.000', '2019-11-12 18:22:01.000');
  expect(around.find((r) => r.ref === SYSTEMD)?.time).toBe('2019-11-12 18:20:01.000');
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

test('the lines scroll on through the bundle: later lines at the end, earlier ones at the top', async ({
  page,
}) => {
  await sizeSelect(page).selectOption({ label: '±30 s' });
  await expect(view(page).getByTestId('window-range')).toContainText(
    'from 2019-11-12 10:18:44.401 to 2019-11-12 10:19:44.401',
  );
  await expect(view(page).getByTestId('window-loading')).toHaveCount(0, { timeout: 15_000 });
  const g = grid(page);
  const inOrder = (times: string[]) => times.every((t, i) => i === 0 || t >= (times[i - 1] as string));

  // The first window is small: stretches before and after it were read as the grid found itself
  // near its ends, and the focused row, centred first, stayed in sight.
  const focused = g.locator(`[data-line-ref="${FOCUS}"]`);
  await expect(focused).toHaveAttribute('aria-current', 'true');
  await frames(page);
  await expect.poll(() => inSight(focused)).toBe(true);

  // End, again and again: later stretches are read and added, in time order.
  await g.focus();
  let later = 0;
  for (let i = 0; i < 8; i++) {
    const before = digits(await count(page).textContent());
    await page.keyboard.press('End');
    await expect
      .poll(async () => digits(await count(page).textContent()) > before, { timeout: 15_000 })
      .toBe(true);
    later++;
    await frames(page);
    const times = (await domRows(page)).map((r) => r.time);
    expect(inOrder(times), times.join(', ')).toBe(true);
  }
  expect(later).toBe(8);
  await page.keyboard.press('End');
  const total = digits(await count(page).textContent());
  const last = g.locator(`[aria-rowindex="${total + 1}"]`);
  await expect(last).toHaveAttribute('aria-selected', 'true');
  await expect.poll(() => inSight(last)).toBe(true);
  expect(((await last.locator('.lv-time').textContent()) as string) > '2019-11-12 10:19:44.401').toBe(true);

  // To the top, again and again: earlier stretches are put above, the row in sight stays in sight.
  let grew = 0;
  for (let i = 0; i < 40 && grew < 6; i++) {
    const before = digits(await count(page).textContent());
    await g.evaluate((el) => {
      el.scrollTop = 0;
    });
    await frames(page);
    const ref = await g.evaluate((el) => {
      const top = el.getBoundingClientRect().top + (el.querySelector('.lv-head') as HTMLElement).offsetHeight;
      const inView = [...el.querySelectorAll('[data-window-row]')].find(
        (r) => r.getBoundingClientRect().top >= top - 1,
      );
      return inView?.getAttribute('data-line-ref') ?? null;
    });
    if ((await g.getByTestId('window-start').getAttribute('data-done')) !== null) break;
    await expect
      .poll(async () => digits(await count(page).textContent()) > before, { timeout: 15_000 })
      .toBe(true);
    if (ref !== null) {
      grew++;
      await frames(page);
      await expect.poll(() => inSight(g.locator(`[data-line-ref="${ref}"]`))).toBe(true);
    }
  }
  expect(grew).toBeGreaterThan(0);

  // The top holds lines earlier than the first window, in time order.
  await g.focus();
  await page.keyboard.press('Home');
  const first = g.locator('[aria-rowindex="2"]');
  await expect(first).toHaveAttribute('aria-selected', 'true');
  expect(((await first.locator('.lv-time').textContent()) as string) < '2019-11-12 10:18:44.401').toBe(true);
  await frames(page);
  const times = (await domRows(page)).map((r) => r.time);
  expect(inOrder(times), times.join(', ')).toBe(true);
});

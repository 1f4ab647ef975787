// Issue 9, security: log text, host names, file names and share links are hostile input, and are
// never interpreted as HTML or script anywhere. A bundle built from the sample's real cascade lines,
// with XSS payloads appended to them and in place of its host, folder and file names
// (test/support/xss.ts), is dropped and walked through every view and every export; share links
// carrying payloads, built by the app's own builder and forged, are opened. Each test fails on any
// dialog, on the marker global set in a page, a worker or an opened file, on any element carrying
// the marker attribute (SVG and frames included), on inline event handlers, `javascript:` URLs,
// inline scripts or a Content-Security-Policy violation, and (by the guard) on any request that
// leaves the origin. Each also checks that the payloads reached the view as text, or it would prove
// nothing.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Download, Locator, Page } from '@playwright/test';
import { deflateSync, strToU8 } from 'fflate';
import { analyzeFiles } from '../../workers/engine.ts';
import { mdText } from '../../workers/report/markdown.ts';
import { compactPayload } from '../../workers/share/compact.ts';
import {
  buildShareLink,
  fragmentOf,
  readShareFragment,
  type ShareView,
} from '../../workers/share/share-link.ts';
import { writeTree } from '../support/bundles.ts';
import { parseCsv } from '../support/csv.ts';
import { folderInputs } from '../support/folder-inputs.ts';
import {
  DROP_DIR,
  FILE_NAMES,
  HOSTS,
  hostileTree,
  LINE_PAYLOADS,
  MARK,
  MARK_ATTR,
  NODE_DIRS,
  SOS_DIR,
} from '../support/xss.ts';
import { dropFromDisk } from './drop.ts';
import { expect, test } from './guard.ts';

test.setTimeout(120_000);

const NODE1 = `${DROP_DIR}/${NODE_DIRS[0]}`;
const DMESG1 = `${NODE1}/${FILE_NAMES.dmesg}`;
/** Payloads on lines the findings cite as evidence (`npm run analyze` on the bundle lists them). */
const CITED = [
  `'><img src=x onerror="window.__xss='attr-single'" data-xss=attr-single>`,
  `</code></pre><img src=x onerror="window.__xss='pre'" data-xss=pre>`,
  `<a href="javascript:window.__xss='href'" data-xss=href>click</a>`,
  `javascript:window.__xss='bare-url'`,
  `<math><mtext><table><mglyph><style><img src=x onerror="window.__xss='mxss'" data-xss=mxss>`,
];

// --- what counts as "it ran" or "it was injected" ------------------------------------------------

/** Before any script of a page: CSP violations are recorded, and print() counts as a payload run. */
test.beforeEach(async ({ context }) => {
  await context.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[]; __xss?: unknown };
    w.__cspViolations = [];
    window.addEventListener(
      'securitypolicyviolation',
      (e) => w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`),
      true,
    );
    window.print = () => {
      w.__xss = 'print';
    };
  });
});

/** Every dialog any page of the test opens (each one is a payload that ran). */
function watchDialogs(page: Page): string[] {
  const seen: string[] = [];
  page.on('dialog', (d) => {
    seen.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  return seen;
}

interface Probe {
  mark: unknown;
  tagged: string[];
  handlers: string[];
  jsUrls: string[];
  inlineScripts: number;
  violations: string[];
}

/** Runs in a document: what a payload that ran or became markup leaves behind. */
function probeDocument([mark, attr]: [string, string]): Probe {
  const URL_ATTRS = new Set([
    'href',
    'xlink:href',
    'src',
    'srcdoc',
    'action',
    'formaction',
    'data',
    'poster',
  ]);
  const all = [...document.querySelectorAll('*')];
  const show = (e: Element) => e.outerHTML.slice(0, 160);
  const w = window as unknown as Record<string, unknown>;
  return {
    mark: w[mark] ?? null,
    tagged: all.filter((e) => e.hasAttribute(attr)).map(show),
    // The app sets no inline handler and no javascript: URL; the exports hold none by design.
    handlers: all.filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).map(show),
    jsUrls: all
      .filter((e) =>
        [...e.attributes].some(
          (a) =>
            URL_ATTRS.has(a.name.toLowerCase()) && /^\s*(javascript|vbscript|data:text\/html)/i.test(a.value),
        ),
      )
      .map(show),
    inlineScripts: [...document.querySelectorAll('script')].filter((s) => !s.hasAttribute('src')).length,
    violations: (w.__cspViolations as string[] | undefined) ?? [],
  };
}

const CLEAN: Probe = { mark: null, tagged: [], handlers: [], jsUrls: [], inlineScripts: 0, violations: [] };

/** The page, each of its frames and each of its workers is clean, and no dialog was opened. */
async function expectClean(page: Page, dialogs: string[], where: string) {
  for (const frame of page.frames()) {
    const probe = await frame.evaluate(probeDocument, [MARK, MARK_ATTR] as [string, string]);
    expect(probe, `${where}: frame ${frame.url().slice(0, 80)}`).toEqual(CLEAN);
  }
  for (const worker of page.workers()) {
    const mark = await worker
      .evaluate((name) => (globalThis as unknown as Record<string, unknown>)[name] ?? null, MARK)
      .catch(() => null); // a worker that ended between the listing and the call
    expect(mark, `${where}: worker ${worker.url()}`).toBeNull();
  }
  expect(dialogs, `${where}: dialogs`).toEqual([]);
}

// --- the hostile bundle --------------------------------------------------------------------------

async function dropHostile(page: Page, dir: string, tree = hostileTree()): Promise<string[]> {
  await page.setViewportSize({ width: 1280, height: 1000 });
  const dialogs = watchDialogs(page);
  await page.goto('./');
  writeTree(dir, tree);
  await dropFromDisk(page, [resolve(dir, DROP_DIR)]);
  await expect(page.getByTestId('incident-summary')).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('.timeline [data-mark]').first()).toBeVisible();
  return dialogs;
}

/** Opens `body` as a document of the page's origin (so nothing of it is blocked as off-origin). */
async function openAsDocument(page: Page, name: string, body: string, type: string) {
  await page.route(
    (url) => url.pathname.startsWith('/xss-files/'),
    (route) =>
      new URL(route.request().url()).pathname === `/xss-files/${name}`
        ? route.fulfill({ status: 200, contentType: type, body })
        : route.fulfill({ status: 404, body: '' }),
  );
  await page.goto(`./xss-files/${name}`);
  await page.waitForLoadState('load');
}

const dialog = (page: Page) => page.getByRole('dialog');

async function saved(page: Page): Promise<{ download: Download; text: string; bytes: Buffer }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog(page)
      .getByRole('button', { name: /^Save / })
      .click(),
  ]);
  const bytes = await readFile(await download.path());
  return { download, text: bytes.toString('utf8'), bytes };
}

/**
 * Hovers the first `max` timeline markers; each tooltip must be clean while it is shown (it goes
 * when the pointer leaves). Returns how many tooltips showed a payload in their line, as text.
 */
async function hoverMarks(
  page: Page,
  dialogs: string[],
  where: string,
  max: number,
  check?: (tooltip: Locator) => Promise<void>,
): Promise<number> {
  const marks = page.locator('.timeline [data-mark]');
  await expect(marks.first(), `${where}: markers`).toBeVisible();
  const n = Math.min(await marks.count(), max);
  let shown = 0;
  for (let i = 0; i < n; i++) {
    await marks.nth(i).hover({ force: true });
    const tooltip = page.locator('.event-tooltip');
    await expect(tooltip).toBeVisible();
    await check?.(tooltip);
    const line = (await tooltip.locator('.tooltip-line').textContent()) ?? '';
    if (line.includes(`${MARK_ATTR}=`) || line.includes('javascript:')) shown++;
    await expectClean(page, dialogs, `${where}, tooltip ${i}`);
  }
  return shown;
}

/** The search words for a payload: its printable start (control and bidi characters show escaped). */
const searchTerm = (payload: string) => payload.replace(/[^\x20-\x7e][\s\S]*$/, '').slice(0, 40);

// --- tests ---------------------------------------------------------------------------------------

test('a hostile bundle: its lines, hosts and file names show as text in every view, and nothing runs', async ({
  page,
}, testInfo) => {
  const dialogs = await dropHostile(page, testInfo.outputPath('drop'));

  // The payloads reach the views as text: hosts and paths in the sources table, stage cards and
  // hosts panel; cited lines in the findings.
  const source = page.locator('.sources-table tr[data-path]').filter({ hasText: FILE_NAMES.dmesg });
  // Three files of each node, and the sosreport's dmesg, date and uptime.
  await expect(page.locator('.sources-table tr[data-path]')).toHaveCount(9);
  await expect(page.locator(`.sources-table tr[data-path="${DMESG1.replaceAll('"', '\\"')}"]`)).toHaveCount(
    1,
  );
  await expect(source.first().getByTestId('host')).toHaveText(HOSTS.markup);
  const sosDmesg = page.locator(
    `.sources-table tr[data-path="${DROP_DIR}/${SOS_DIR}/sos_commands/kernel/dmesg"]`,
  );
  await expect(sosDmesg.getByTestId('host')).toHaveText(HOSTS.sos);
  await expect(page.locator('article[data-stage="reconnect-denied"]').getByTestId('hosts')).toHaveText(
    `${HOSTS.markup}, ${HOSTS.sos}, ${HOSTS.formula}`,
  );
  await expect(page.locator('tr[data-host]')).toHaveCount(3);
  const findings = page.locator('article[data-finding]');
  for (const payload of CITED) await expect(findings.filter({ hasText: payload }).first()).toBeVisible();
  await expectClean(page, dialogs, 'after the drop');

  // Timeline tooltips, in both lane modes: each names its host and line, as text.
  for (const lanes of ['By stage', 'By host']) {
    await page.getByRole('button', { name: lanes }).click();
    const shown = await hoverMarks(page, dialogs, lanes, 24, async (tooltip) => {
      await expect(tooltip).toContainText(DROP_DIR);
      expect(Object.values(HOSTS)).toContain(await tooltip.locator('.tooltip-head strong').textContent());
    });
    expect(shown, `${lanes}: tooltips whose line shows a payload`).toBeGreaterThan(0);
  }
  // The lane titles are the hostile host names.
  await expect(page.locator('.timeline')).toContainText(HOSTS.markup);

  // The log view: each payload searched for (the query is hostile too) and found as text.
  const view = page.getByRole('region', { name: 'Log view' });
  const search = view.getByRole('searchbox', { name: 'Search the lines' });
  const rows = view.getByRole('grid', { name: 'Log lines' }).locator('[data-line-ref]');
  for (const payload of LINE_PAYLOADS) {
    const term = searchTerm(payload);
    await search.fill(term);
    await expect(view.getByTestId('log-match-count')).toHaveText(/^[1-9][\d,]* of [\d,]+/);
    await expect(rows.first().locator('.lv-text')).toContainText(term);
    await expectClean(page, dialogs, `search ${JSON.stringify(term)}`);
  }
  await search.fill('');

  // A cited line opened from its finding: its context is read again from the file, raw.
  const evidence = findings
    .locator('[data-evidence-ref]')
    .filter({ hasText: CITED[0] as string })
    .first();
  const ref = (await evidence.getAttribute('data-evidence-ref')) ?? '';
  await evidence.click();
  const context = view.getByRole('region', { name: `Context of ${ref}` });
  await expect(context.locator('[data-context-line]')).toHaveCount(21);
  await expect(context).toContainText(CITED[0] as string);
  await expectClean(page, dialogs, 'context lines');

  // All lines: every line of every source, not only the classified ones.
  await view.getByRole('button', { name: 'All lines' }).click();
  const all = view.getByRole('grid', { name: 'All lines in the window' });
  await expect(all.locator('[data-line-ref]').first()).toBeVisible({ timeout: 30_000 });
  await expect(all).toContainText('data-xss=');
  await expectClean(page, dialogs, 'all lines');
});

test('every export of a hostile bundle holds its payloads as inert text', async ({ page }, testInfo) => {
  const dialogs = await dropHostile(page, testInfo.outputPath('drop'));
  await page.getByRole('button', { name: 'By host' }).click();
  const files = new Map<string, string>();
  for (const kind of [
    'Markdown postmortem',
    'HTML report',
    'JSON (cascade/incident@1)',
    'CSV of events',
    'Timeline as SVG',
    'Timeline as PNG',
  ]) {
    await page.getByRole('button', { name: `Export ${kind}` }).click();
    await expect(dialog(page).getByRole('button', { name: /^Save .+\./ })).toBeEnabled({ timeout: 30_000 });
    await expectClean(page, dialogs, `preview of ${kind}`);
    const { text, bytes } = await saved(page);
    files.set(kind, kind.endsWith('PNG') ? bytes.subarray(0, 8).toString('hex') : text);
    await dialog(page).getByRole('button', { name: 'Close' }).first().click();
    await expect(dialog(page)).toHaveCount(0);
  }
  await expectClean(page, dialogs, 'after the exports');
  expect(files.get('Timeline as PNG')).toBe('89504e470d0a1a0a');

  // Markdown: log text only in code spans; everything else escaped. Outside code spans no `<`,
  // `[` or `javascript:` is left unescaped, and the hosts are written escaped.
  const md = files.get('Markdown postmortem') as string;
  for (const payload of CITED) expect(md.includes(payload), payload).toBe(true);
  expect(md.includes(mdText(HOSTS.markup))).toBe(true);
  // A span opens at an unescaped backtick run and closes at the next run of the same length.
  const prose = md
    .replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '')
    .replace(/(?<![\\`])(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');
  expect(prose.match(/(?<!\\)[<[]/g) ?? []).toEqual([]);
  expect(prose.match(/(?<!\\)javascript:|\]\(/gi) ?? []).toEqual([]);

  // JSON: the payloads are data, exactly as the logs wrote them.
  const json = JSON.parse(files.get('JSON (cascade/incident@1)') as string) as {
    hosts: { name: string }[];
    events: { text: string; source: string }[];
  };
  expect(json.hosts.map((h) => h.name).sort()).toEqual(Object.values(HOSTS).sort());
  for (const payload of LINE_PAYLOADS)
    expect(json.events.some((e) => e.text.endsWith(` ${payload}`))).toBe(true);

  // CSV: no cell starts a formula; the host and path cells that would are written with a leading `'`.
  const cells = parseCsv(files.get('CSV of events') as string);
  const [head, ...rows] = cells;
  expect(rows.length).toBe(json.events.length);
  const col = (name: string) => (head as string[]).indexOf(name);
  // One expect each, not one per cell: an expect is a recorded step, and there are 150,000 cells.
  const formulas = rows.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell));
  expect(formulas.length, formulas.slice(0, 3).join('\n')).toBe(0);
  expect(rows.filter((r) => !r[col('source')]?.startsWith(`'${DROP_DIR}/`)).length).toBe(0);
  expect(new Set(rows.map((r) => r[col('host')]))).toEqual(
    new Set([HOSTS.markup, `'${HOSTS.formula}`, HOSTS.sos]),
  );
  for (const payload of LINE_PAYLOADS)
    expect(rows.some((r) => r[col('text')]?.endsWith(` ${payload}`))).toBe(true);

  // The HTML report, opened as saved and without its own policy: only escaping is left to hold.
  const html = files.get('HTML report') as string;
  for (const payload of CITED) expect(html.includes(payload), payload).toBe(false);
  const reader = await page.context().newPage();
  const readerDialogs = watchDialogs(reader);
  const unguarded = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/i, '');
  expect(unguarded).not.toBe(html);
  for (const [name, body] of [
    ['report.html', html],
    ['report-no-csp.html', unguarded],
  ] as const) {
    await openAsDocument(reader, name, body, 'text/html');
    const text = (await reader.locator('body').textContent()) ?? '';
    expect(text.includes(HOSTS.markup)).toBe(true);
    for (const payload of CITED) expect(text.includes(payload), payload).toBe(true);
    expect(await reader.locator('svg').count(), 'the timeline picture is embedded').toBeGreaterThan(0);
    await expectClean(reader, readerDialogs, name);
  }

  // The SVG opened on its own, as a browser opens a saved .svg (scripts in it would run).
  const svg = files.get('Timeline as SVG') as string;
  await openAsDocument(reader, 'timeline.svg', svg, 'image/svg+xml');
  const svgText = (await reader.evaluate(() => document.documentElement.textContent)) ?? '';
  expect(svgText.includes(HOSTS.markup)).toBe(true);
  await expectClean(reader, readerDialogs, 'timeline.svg');
});

test('share links carrying payloads, made by the app and forged, open with nothing run or injected', async ({
  page,
  context,
}, testInfo) => {
  // Without the sosreport: the three hosts' long hostile paths would not fit in a link (the dialog
  // then says so instead of making one).
  const dir = testInfo.outputPath('drop');
  const dialogs = await dropHostile(page, dir, hostileTree({ sosreport: false }));
  const base = page.url().replace(/#.*$/, '');

  // 1. The link the app's Share dialog makes of the hostile incident, identifiers kept.
  await page.getByRole('button', { name: 'Share link…' }).click();
  await dialog(page)
    .getByRole('checkbox', { name: /Redact identifiers/ })
    .uncheck();
  await expect(dialog(page).getByRole('textbox', { name: 'Link' })).toHaveValue(/#share=1\./);
  const made = await dialog(page).getByRole('textbox', { name: 'Link' }).inputValue();
  await expectClean(page, dialogs, 'share dialog');

  // 2. The same incident analysed by the engine, with a view whose filters and focus are payloads,
  //    through the builder the app uses.
  const incident = await analyzeFiles(await folderInputs(resolve(dir, DROP_DIR), DROP_DIR));
  const focus = incident.events.find((e) => e.text.endsWith(CITED[0] as string));
  expect(focus).toBeDefined();
  const view: ShareView = {
    laneMode: 'host',
    zoom: null,
    episode: null,
    timeDisplay: { mode: 'utc' },
    logFilter: {
      hosts: [HOSTS.markup],
      stages: [],
      sources: [],
      severities: [],
      query: `<img src=x onerror=alert('query') data-xss=query>`,
      regex: false,
    },
    focus: focus ? { source: focus.source, line: focus.line } : null,
  };
  const built = buildShareLink(incident, view, {
    baseUrl: base,
    created: '2026-01-01T00:00:00.000Z',
    redacted: false,
  });
  expect(built.ok).toBe(true);
  if (!built.ok) return;

  // 3. A forged link: every string of the wire form the reader still accepts replaced by a payload.
  const forged = forgeStrings(built.fragment);
  expect(forged.replaced).toBeGreaterThan(20);

  const reader = await context.newPage();
  const readerDialogs = watchDialogs(reader);
  for (const [name, url, visible] of [
    ['made by the app', made, HOSTS.markup],
    ['built', built.url, HOSTS.markup],
    ['forged', `${base}${forged.fragment}`, MARK_ATTR],
  ] as const) {
    await reader.goto('about:blank');
    await reader.goto(url);
    await expect(reader.getByTestId('snapshot-banner'), name).toContainText('Shared snapshot, read-only');
    await expect(reader.getByTestId('incident-summary')).toBeVisible();
    expect(((await reader.locator('body').textContent()) ?? '').includes(visible), name).toBe(true);
    const hostile = await hoverMarks(reader, readerDialogs, `${name} link`, 40);
    expect(hostile, `${name} link: tooltips whose line shows a payload`).toBeGreaterThan(0);
    await expectClean(reader, readerDialogs, `${name} link`);
  }
});

// --- helpers of the tests ------------------------------------------------------------------------

const FORGE_PAYLOADS = LINE_PAYLOADS.filter((p) => p.length < 200);

/**
 * Replaces, one at a time, each string of the link's wire form by a payload, keeping each
 * replacement the reader accepts: whatever the schema lets a forger write as a string is hostile.
 */
function forgeStrings(fragment: string): { fragment: string; replaced: number } {
  const read = readShareFragment(fragment);
  if (!read.ok) throw new Error(read.error);
  const wire = JSON.parse(JSON.stringify(compactPayload(read.payload))) as unknown;
  const linkOf = () => fragmentOf(deflateSync(strToU8(JSON.stringify(wire))));
  let replaced = 0;
  const visit = (node: unknown) => {
    if (node === null || typeof node !== 'object') return;
    const holder = node as Record<string, unknown>;
    for (const key of Object.keys(holder)) {
      const value = holder[key];
      if (typeof value === 'string') {
        holder[key] = FORGE_PAYLOADS[replaced % FORGE_PAYLOADS.length];
        if (readShareFragment(linkOf()).ok) replaced++;
        else holder[key] = value;
      } else visit(value);
    }
  };
  visit(wire);
  return { fragment: linkOf(), replaced };
}

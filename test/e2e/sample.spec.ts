// The sample button drives the real worker path; the screen must show all seven lanes with the
// generator's known first-seen times, and the same stage counts as the CLI.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { STAGE_IDS } from '../../parsers/stages.ts';
import type { Incident } from '../../workers/incident.ts';
import { expect, test } from './guard.ts';

const root = resolve(import.meta.dirname, '../..');
const truth = JSON.parse(readFileSync(resolve(root, 'test/sample/expected.json'), 'utf8')) as {
  stages: Record<string, { first: string; count: number }>;
};

/** `2019-11-12T10:14:03.412318Z` → `2019-11-12 10:14:03`, as the stage cards print UTC. */
const shown = (iso: string) => iso.slice(0, 19).replace('T', ' ');
const digits = (text: string | null) => Number((text ?? '').replace(/\D/g, ''));

test.beforeEach(async ({ page }) => {
  await page.goto('./');
  await page.getByRole('button', { name: 'Try the sample incident' }).click();
  await expect(page.getByTestId('incident-summary')).toBeVisible({ timeout: 30_000 });
});

test('all seven lanes, in cascade order, each with events', async ({ page }) => {
  const lanes = page.getByTestId('timeline-lanes').locator('li[data-stage]');
  await expect(lanes).toHaveCount(7);
  expect(await lanes.evaluateAll((els) => els.map((e) => e.getAttribute('data-stage')))).toEqual([
    ...STAGE_IDS,
  ]);
  for (const id of STAGE_IDS) {
    const count = Number(await lanes.and(page.locator(`[data-stage="${id}"]`)).getAttribute('data-count'));
    expect(count, id).toBeGreaterThan(0);
  }
  await expect(page.getByRole('img', { name: /timeline/i })).toBeVisible();
  await expect(page.getByTestId('time-zone')).toContainText('UTC');
});

test('stage cards show the known first-seen times and counts of the sample', async ({ page }) => {
  for (const id of STAGE_IDS) {
    const card = page.locator(`article[data-stage="${id}"]`);
    await expect(card.getByTestId('first-seen'), id).toHaveText(shown(truth.stages[id]?.first as string));
    expect(digits(await card.getByTestId('count').textContent()), id).toBe(truth.stages[id]?.count);
  }
});

test('the browser and the CLI give the same stage counts for the sample bundle', async ({ page }) => {
  const tsx = resolve(root, 'node_modules/.bin/tsx');
  const json = execFileSync(tsx, [resolve(root, 'cli/main.ts'), '--json', resolve(root, 'public/sample')], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const cli = JSON.parse(json) as Incident;
  expect(cli.stages.map((s) => s.id)).toEqual([...STAGE_IDS]);
  for (const stage of cli.stages) {
    const card = page.locator(`article[data-stage="${stage.id}"]`);
    expect(digits(await card.getByTestId('count').textContent()), stage.id).toBe(stage.count);
    await expect(card.getByTestId('first-seen'), stage.id).toHaveText(shown(stage.first as string));
  }
  // Same files, same lines read.
  const rows = page.locator('tr[data-path]');
  for (const src of cli.sources) {
    await expect(rows.and(page.locator(`[data-path="${src.path}"]`))).toHaveCount(1);
  }
});

test('findings cite lines and give the remediation commands', async ({ page }) => {
  const findings = page.locator('article[data-finding]');
  await expect(findings.first()).toBeVisible();
  const evicted = page.locator('article[data-finding="client-evicted"]');
  await expect(evicted).toContainText('sample/k8s-worker-1/dmesg.log:');
  await expect(evicted).toContainText('ceph: mds0 reconnect denied');
  await expect(page.locator('article[data-finding="blocklist-on-timeout"]')).toContainText(
    'ceph config set mds mds_session_blacklist_on_timeout false',
  );
  await expect(page.locator('article[data-finding="dirty-data-dropped"]')).toContainText(
    'dropping dirty Fw state',
  );
});

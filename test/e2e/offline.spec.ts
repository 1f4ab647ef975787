// Issue 7: after one visit online the app works with the network gone. The first visit installs the
// service worker (which precaches the build and the sample); then the browser goes offline, which
// service workers obey too, so anything not in the cache fails to load: the offline reload, the
// sample run and a chosen archive (read by the worker's xz WebAssembly) are all served by the cache.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { STAGE_IDS } from '../../parsers/stages.ts';
import { ROOT, sampleTree, tarOf, xzOf } from '../support/bundles.ts';
import { expect, test } from './guard.ts';

test.use({ serviceWorkers: 'allow' });

const truth = JSON.parse(readFileSync(resolve(ROOT, 'test/sample/expected.json'), 'utf8')) as {
  stages: Record<string, { first: string; count: number }>;
};
/** `2019-11-12T10:14:03.412318Z` → `2019-11-12 10:14:03`, as the stage cards print UTC. */
const shown = (iso: string) => iso.slice(0, 19).replace('T', ' ');
const digits = (text: string | null) => Number((text ?? '').replace(/\D/g, ''));

/**
 * First visit: resolves with the worker's scope once it is active (its install precached everything)
 * and controls the page (it claims it on activation).
 */
async function visitOnline(page: Page): Promise<string> {
  await page.goto('./');
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((done) =>
        navigator.serviceWorker.addEventListener('controllerchange', done, { once: true }),
      );
    }
    return registration.scope;
  });
}

/** Goes offline and reloads; the page must come from the service worker, and the network must be gone. */
async function reloadOffline(page: Page) {
  await page.context().setOffline(true);
  const response = await page.reload();
  expect(response?.fromServiceWorker(), 'the offline page is served by the service worker').toBe(true);
  // A same-origin URL the worker never cached: proves requests really have nowhere else to go.
  const probe = await page.evaluate(() =>
    fetch('./offline-probe.txt').then(
      (r) => `answered ${r.status}`,
      () => 'failed',
    ),
  );
  expect(probe).toBe('failed');
}

async function expectSampleStages(page: Page) {
  for (const id of STAGE_IDS) {
    const card = page.locator(`article[data-stage="${id}"]`);
    await expect(card.getByTestId('first-seen'), id).toHaveText(shown(truth.stages[id]?.first as string));
    expect(digits(await card.getByTestId('count').textContent()), id).toBe(truth.stages[id]?.count);
  }
}

test('after one visit the app reloads offline and analyses the sample incident', async ({
  page,
  baseURL,
}) => {
  expect(await visitOnline(page)).toBe(baseURL);
  await reloadOffline(page);

  await page.getByRole('button', { name: 'Try the sample incident' }).click();
  await expect(page.getByTestId('incident-summary')).toBeVisible({ timeout: 30_000 });
  // The chart is a chunk of its own, loaded only now: it too comes from the cache.
  await expect(page.getByRole('img', { name: /timeline/i })).toBeVisible();
  await expectSampleStages(page);

  // A bookmarked address with a query is not in the precache as such: the cached page answers it.
  const bookmarked = await page.goto('./?from=bookmark');
  expect(bookmarked?.fromServiceWorker()).toBe(true);
  await expect(page.getByRole('button', { name: 'Try the sample incident' })).toBeVisible();
});

test('offline, a chosen tar.xz is read and analysed (the xz WebAssembly is in the cached worker)', async ({
  page,
}) => {
  const name = 'sample-bundle.tar.xz';
  const archive = xzOf(await tarOf(sampleTree()));
  await visitOnline(page);
  await reloadOffline(page);

  await page.getByLabel('Choose log files').setInputFiles({
    name,
    mimeType: 'application/x-xz',
    buffer: Buffer.from(archive),
  });
  await expect(page.getByTestId('incident-summary')).toBeVisible({ timeout: 45_000 });
  await expect(page.locator(`.bundles-table tr[data-path="${name}"]`)).toContainText('tar.xz');
  await expectSampleStages(page);
});

test('the first visit says once that the app is ready to work offline', async ({ page }) => {
  const notice = page.getByTestId('offline-notice');
  await visitOnline(page);
  await expect(notice).toContainText('Ready to work offline');
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toBeEmpty();
});

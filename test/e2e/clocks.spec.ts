// The user corrects the clocks of the sample: the zone of one file and the skew of one host. Each
// change analyses the same files again (a new worker) and the Sources and Hosts panels say what
// the engine made of it; "Reset clocks" forgets both.
import type { Page } from '@playwright/test';
import { expect, test } from './guard.ts';
import { countRuns } from './runs.ts';

const JOURNAL = 'sample/k8s-worker-1/journal.log';

async function waitForResult(page: Page) {
  await expect(page.getByTestId('incident-summary')).toBeVisible({ timeout: 30_000 });
}

test.beforeEach(async ({ page }) => {
  await page.goto('./');
});

test('the user sets the zone of a file and the skew of a host, then resets both', async ({ page }) => {
  const runs = countRuns(page);
  await page.getByRole('button', { name: 'Try the sample incident' }).click();
  await waitForResult(page);
  expect(runs()).toBe(1);

  const row = page.locator(`tr[data-path="${JOURNAL}"]`);
  const zone = page.getByRole('combobox', { name: `Time zone of ${JOURNAL}`, exact: true });
  await expect(row.getByTestId('zone')).toHaveText('UTC');
  await expect(page.getByRole('button', { name: 'Reset clocks' })).toHaveCount(0);

  // A value that is no zone is refused on the spot, with the reason, and nothing is analysed.
  await zone.fill('Mars/Olympus_Mons');
  await zone.press('Enter');
  await expect(row.getByRole('alert')).toContainText('is not a time zone');
  await expect(zone).toHaveAttribute('aria-invalid', 'true');
  expect(runs()).toBe(1);

  await zone.fill('+01:00');
  await zone.press('Enter');
  await expect.poll(runs).toBe(2);
  await waitForResult(page);
  await expect(zone).toHaveValue('+01:00');
  await expect(row).toContainText('set by you');
  await expect(row.getByTestId('zone')).toHaveText('UTC+01:00');
  await expect(row.getByTestId('zone')).not.toContainText('(assumed)');
  // The other files keep the zone the bundle gave them.
  await expect(
    page.locator('tr[data-path="sample/k8s-worker-2/journal.log"]').getByTestId('zone'),
  ).toHaveText('UTC');

  const worker2 = page.locator('tr[data-host="k8s-worker-2"]');
  const skew = page.getByRole('spinbutton', { name: 'Skew of k8s-worker-2 in seconds', exact: true });
  await skew.fill('30');
  await skew.press('Enter');
  await expect.poll(runs).toBe(3);
  await waitForResult(page);
  await expect(skew).toHaveValue('30');
  await expect(worker2).toContainText('set by you');
  // The zone chosen before is sent again with the skew.
  await expect(row.getByTestId('zone')).toHaveText('UTC+01:00');
  // Engines before skew estimation report no skew at all; once one is reported it must be ours.
  if ((await worker2.getByTestId('skew').count()) > 0) {
    await expect(worker2.getByTestId('skew')).toHaveText('+30 s');
    if ((await worker2.getByTestId('skew-method').count()) > 0) {
      await expect(worker2.getByTestId('skew-method')).toContainText('set by hand');
    }
  }

  await page.getByRole('button', { name: 'Reset clocks' }).click();
  await expect.poll(runs).toBe(4);
  await waitForResult(page);
  await expect(zone).toHaveValue('');
  await expect(skew).toHaveValue('');
  await expect(row.getByTestId('zone')).toHaveText('UTC');
  await expect(row).not.toContainText('set by you');
  await expect(worker2).not.toContainText('set by you');
  await expect(page.getByRole('button', { name: 'Reset clocks' })).toHaveCount(0);
});

test('the Sources panel says how each clock was read', async ({ page }) => {
  await page.getByRole('button', { name: 'Try the sample incident' }).click();
  await waitForResult(page);
  for (const host of ['k8s-worker-1', 'k8s-worker-2', 'k8s-worker-3']) {
    const dmesg = page.locator(`tr[data-path="sample/${host}/dmesg.log"]`);
    await expect(dmesg.getByTestId('clock-method')).toContainText('kernel lines matched in the journal');
    await expect(dmesg).toContainText(/\d+ anchors, spread \d/);
    await expect(dmesg).toContainText(/kernel time 0 at 2019-\d\d-\d\d /);
    // Boot-relative times are not read in a zone, so there is nothing to set.
    await expect(dmesg.getByRole('combobox', { name: /^Time zone of/ })).toHaveCount(0);
    const journal = page.locator(`tr[data-path="sample/${host}/journal.log"]`);
    await expect(journal.getByTestId('year')).toContainText('2019');
  }
});

test('the commands of a finding are copied in their order', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Try the sample incident' }).click();
  await waitForResult(page);
  const finding = page.locator('article[data-finding="blocklist-on-timeout"]');
  await finding.getByRole('button', { name: /^Copy/ }).click();
  await expect(finding).toContainText('Copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied.split('\n')).toEqual([
    'ceph config set mds mds_session_blacklist_on_timeout false',
    'ceph config set mds mds_session_blacklist_on_evict false',
  ]);
  await expect(finding.getByTestId('remediation')).toHaveText(copied);
});

// Files chosen in the picker and files dropped on the page take the same worker path.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from './guard.ts';

const root = resolve(import.meta.dirname, '../..');
const sample = resolve(root, 'public/sample');
const truth = JSON.parse(readFileSync(resolve(root, 'test/sample/expected.json'), 'utf8')) as {
  stages: Record<string, { hosts: Record<string, { first: string }> }>;
};
/** First-seen of a stage on one host, as the stage card prints it (UTC, whole seconds). */
function firstOn(stage: string, host: string): string {
  const first = truth.stages[stage]?.hosts[host]?.first;
  if (!first) throw new Error(`test/sample/expected.json has no first-seen for ${stage} on ${host}`);
  return first.slice(0, 19).replace('T', ' ');
}

test('files chosen through the picker are analysed', async ({ page }) => {
  await page.goto('./');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Choose files…' }).click();
  await (await chooser).setFiles([
    resolve(sample, 'k8s-worker-2/dmesg.log'),
    resolve(sample, 'k8s-worker-2/journal.log'),
  ]);
  await expect(page.getByTestId('incident-summary')).toBeVisible({ timeout: 30_000 });
  // A lone dmesg takes its host from the only journal, and is aligned by the lines they share.
  const dmesgRow = page.locator('tr[data-path="dmesg.log"]');
  await expect(dmesgRow).toContainText('k8s-worker-2');
  await expect(dmesgRow).toContainText('kernel lines matched in the journal');
  const denied = page.locator('article[data-stage="reconnect-denied"]');
  await expect(denied.getByTestId('first-seen')).toHaveText(firstOn('reconnect-denied', 'k8s-worker-2'));
  await expect(
    page.locator('article[data-stage="kubelet-mount-failure"]').getByTestId('count'),
  ).not.toHaveText('0');
});

test('a file dropped onto the page is analysed, and a bad file is reported without stopping the rest', async ({
  page,
}) => {
  await page.goto('./');
  const journal = readFileSync(resolve(sample, 'k8s-worker-3/journal.log'), 'utf8');
  await page.evaluate(
    ([text]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text as string], 'journal.log', { type: 'text/plain' }));
      dt.items.add(new File(['\u0000\u0001\u0002 not a log \u0000'], 'core.bin'));
      for (const type of ['dragenter', 'dragover', 'drop']) {
        window.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      }
    },
    [journal],
  );
  await expect(page.getByTestId('incident-summary')).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('tr[data-path="journal.log"]')).toContainText('k8s-worker-3');
  await expect(page.locator('tr[data-path="core.bin"]')).toHaveAttribute('data-state', 'error');
  await expect(page.locator('tr[data-path="core.bin"]')).toContainText(/Unrecognised format/i);
  await expect(page.locator('article[data-stage="reconnect-denied"]').getByTestId('first-seen')).toHaveText(
    firstOn('reconnect-denied', 'k8s-worker-3'),
  );
});

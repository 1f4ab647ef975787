// Issue 5: whole folders and archives in one drop, in the real browser. A folder is dropped from
// disk through the DevTools protocol (Chromium turns the path into a real directory entry, as for a
// drag from the file manager) or chosen in the folder picker; an archive is dropped as one file and
// expanded by the engine. The stage times must be the sample's, whichever way the files came. Then
// the user gives a file another host and renames hosts, and each change is analysed again.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { STAGE_IDS } from '../../parsers/stages.ts';
import {
  gzipOf,
  ROOT,
  sampleTree,
  sosName,
  sosTree,
  type Tree,
  tarOf,
  truncated,
  writeTree,
  xzOf,
  zipOf,
} from '../support/bundles.ts';
import { dropFromDisk } from './drop.ts';
import { expect, test } from './guard.ts';
import { countRuns } from './runs.ts';

const truth = JSON.parse(readFileSync(resolve(ROOT, 'test/sample/expected.json'), 'utf8')) as {
  stages: Record<string, { first: string; count: number }>;
};
/** `2019-11-12T10:14:03.412318Z` → `2019-11-12 10:14:03`, as the stage cards print UTC. */
const shown = (iso: string) => iso.slice(0, 19).replace('T', ' ');
const digits = (text: string | null) => Number((text ?? '').replace(/\D/g, ''));

async function waitForResult(page: Page) {
  await expect(page.getByTestId('incident-summary')).toBeVisible({ timeout: 45_000 });
}

/** The stage cards show the sample's first-seen times and counts (as the sample button gives them). */
async function expectSampleStages(page: Page) {
  for (const id of STAGE_IDS) {
    const card = page.locator(`article[data-stage="${id}"]`);
    await expect(card.getByTestId('first-seen'), id).toHaveText(shown(truth.stages[id]?.first as string));
    expect(digits(await card.getByTestId('count').textContent()), id).toBe(truth.stages[id]?.count);
  }
}

/** Each file of the tree has its source row, under `prefix`. */
async function expectSourceRows(page: Page, tree: Tree, prefix = '') {
  for (const path of tree.keys()) {
    await expect(page.locator(`.sources-table tr[data-path="${prefix}${path}"]`), path).toHaveCount(1);
  }
}

/** Counts the analysis workers the page starts: one per run. */
test.beforeEach(async ({ page }) => {
  await page.goto('./');
});

test('a folder dropped from disk is walked, and its files keep their folder paths', async ({
  page,
}, testInfo) => {
  const dir = testInfo.outputPath('drop');
  const tree = sampleTree();
  writeTree(dir, tree);
  await dropFromDisk(page, [resolve(dir, 'sample')]);
  await waitForResult(page);
  await expectSourceRows(page, tree);
  await expect(page.locator('.sources-table tr[data-path]')).toHaveCount(tree.size);
  await expect(page.locator('tr[data-path="sample/k8s-worker-1/dmesg.log"]').getByTestId('host')).toHaveText(
    'k8s-worker-1',
  );
  await expectSampleStages(page);
  await expect(page.getByRole('alert')).toHaveText('');
});

test('a folder chosen in the folder picker is analysed like a dropped one', async ({ page }, testInfo) => {
  const dir = testInfo.outputPath('pick');
  const tree = sampleTree();
  writeTree(dir, tree);
  // React sets the non-standard attribute only from a string; without it the picker takes files.
  await expect(page.getByLabel('Choose a folder of logs')).toHaveAttribute('webkitdirectory', '');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Choose a folder…' }).click();
  await (await chooser).setFiles(resolve(dir, 'sample'));
  await waitForResult(page);
  await expectSourceRows(page, tree);
  await expectSampleStages(page);
});

test('a subfolder the browser cannot read is named in a notice, and the rest is analysed', async ({
  page,
}, testInfo) => {
  const dir = testInfo.outputPath('locked');
  writeTree(dir, sampleTree());
  // The tests run as root, for whom no folder is unreadable: the one folder's reader fails the way
  // the browser fails a folder it may not list. Every other entry is the browser's own.
  // Chromium does not expose the directory entry's class, so its prototype is taken from the first
  // entry the drop handler asks for.
  await page.evaluate(() => {
    const getEntry = DataTransferItem.prototype.webkitGetAsEntry;
    DataTransferItem.prototype.webkitGetAsEntry = function (this: DataTransferItem) {
      const entry = getEntry.call(this);
      if (entry?.isDirectory) {
        const proto = Object.getPrototypeOf(entry) as FileSystemDirectoryEntry;
        const createReader = proto.createReader;
        proto.createReader = function (this: FileSystemDirectoryEntry) {
          if (this.name !== 'k8s-worker-3') return createReader.call(this);
          return {
            readEntries(_ok: unknown, fail?: (error: DOMException) => void) {
              const error = new DOMException('The requested file could not be read', 'NotReadableError');
              setTimeout(() => fail?.(error));
            },
          } as FileSystemDirectoryReader;
        };
      }
      return entry;
    };
  });
  await dropFromDisk(page, [resolve(dir, 'sample')]);
  await waitForResult(page);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Could not read 1 item of the drop');
  await expect(alert).toContainText('sample/k8s-worker-3/: not readable (permission denied?)');
  await expect(page.locator('tr[data-path="sample/k8s-worker-1/dmesg.log"]')).toHaveCount(1);
  await expect(page.locator('tr[data-path^="sample/k8s-worker-3/"]')).toHaveCount(0);
});

test('a tar.gz dropped from disk is expanded, and reads exactly like the folder', async ({
  page,
}, testInfo) => {
  const dir = testInfo.outputPath('archive');
  const tree = sampleTree();
  writeTree(dir, new Map([['sample.tar.gz', gzipOf(await tarOf(tree))]]));
  await dropFromDisk(page, [resolve(dir, 'sample.tar.gz')]);
  await waitForResult(page);

  const bundle = page.locator('.bundles-table tr[data-path="sample.tar.gz"]');
  await expect(bundle).toContainText('tar.gz');
  await expect(bundle.getByTestId('bundle-entries')).toContainText(
    `${tree.size} entries: ${tree.size} analysed`,
  );
  await expect(bundle).toHaveAttribute('data-state', 'ok');
  await expectSourceRows(page, tree, 'sample.tar.gz/');
  const dmesg = page.locator('tr[data-path="sample.tar.gz/sample/k8s-worker-1/dmesg.log"]');
  await expect(dmesg.getByTestId('host')).toHaveText('k8s-worker-1');
  await expect(page.locator('tbody[data-container="sample.tar.gz"] th[scope="rowgroup"]')).toContainText(
    'From sample.tar.gz',
  );
  await expectSampleStages(page);
});

test('a zip holding a tar.gz, beside a truncated tar.gz: the nested archive reads like the folder, the cut one says so', async ({
  page,
}, testInfo) => {
  const dir = testInfo.outputPath('nested');
  const tree = sampleTree();
  const tar = await tarOf(tree);
  writeTree(
    dir,
    new Map([
      ['case-0042.zip', zipOf(new Map([['attachments/sample.tar.gz', gzipOf(tar)]]))],
      ['cut.tar.gz', truncated(gzipOf(tar))],
    ]),
  );
  await dropFromDisk(page, [resolve(dir, 'case-0042.zip'), resolve(dir, 'cut.tar.gz')]);
  await waitForResult(page);
  const inner = 'case-0042.zip/attachments/sample.tar.gz';
  await expect(page.locator('.bundles-table tr[data-path="case-0042.zip"]')).toHaveAttribute(
    'data-state',
    'ok',
  );
  await expect(page.locator(`.bundles-table tr[data-path="${inner}"]`)).toContainText('tar.gz');
  await expectSourceRows(page, tree, `${inner}/`);
  const cut = page.locator('.bundles-table tr[data-path="cut.tar.gz"]');
  await expect(cut).toHaveAttribute('data-state', 'error');
  await expect(cut).toContainText(
    /The tar\.gz data ends early: the file is truncated; reading stopped after sample\//,
  );
  // The cut archive's whole entries are analysed too, so the counts are the sample's and more; the
  // first-seen times (the sample's) cannot move.
  for (const id of STAGE_IDS) {
    const card = page.locator(`article[data-stage="${id}"]`);
    await expect(card.getByTestId('first-seen'), id).toHaveText(shown(truth.stages[id]?.first as string));
  }
});

test('the entries of an archive appear under it while it is read, and Cancel stops it', async ({
  page,
}, testInfo) => {
  // Twenty copies of the sample: several seconds of reading (one copy takes a fraction of one), so
  // there is time to look at the rows and press Cancel before the result.
  const tree: Tree = new Map();
  for (let i = 1; i <= 20; i++) for (const [p, b] of sampleTree(`copy-${i}/sample`)) tree.set(p, b);
  const dir = testInfo.outputPath('big');
  writeTree(dir, new Map([['big.tar.gz', gzipOf(await tarOf(tree))]]));
  await dropFromDisk(page, [resolve(dir, 'big.tar.gz')]);

  const progress = page.locator('.progress-table');
  const entry = progress.locator('tr[data-container="big.tar.gz"]').first();
  await expect(entry).toBeVisible({ timeout: 30_000 });
  await expect(entry).toHaveClass(/entry-row/);
  // The archive's row comes first, with what it held so far.
  await expect(progress.locator('tbody tr').first()).toHaveAttribute('data-path', 'big.tar.gz');
  await expect(progress.locator('tr[data-path="big.tar.gz"]').getByTestId('archive-facts')).toHaveText(
    /^tar\.gz · [\d,]+ entr(y|ies): [\d,]+ analysed, [\d,]+ skipped$/,
  );
  // The stages light up as their lines are found, long before the analysis ends.
  const found = page.getByTestId('stages-so-far').locator('li.found');
  await expect(found.first()).toBeVisible();
  expect(Number(await found.first().getAttribute('data-count'))).toBeGreaterThan(0);
  await expect(page.getByTestId('incident-summary')).toHaveCount(0);
  const cancel = page.getByRole('button', { name: 'Cancel' });
  await expect(cancel).toBeInViewport();
  await cancel.click();
  await expect(page.getByRole('status')).toHaveText('Analysis cancelled');
  await expect(page.getByTestId('drop-zone')).toBeVisible();
});

test('the user gives a file another host, renames a host and merges two, then resets both', async ({
  page,
}) => {
  const runs = countRuns(page);
  await page.getByRole('button', { name: 'Try the sample incident' }).click();
  await waitForResult(page);
  expect(runs()).toBe(1);

  const DMESG = 'sample/k8s-worker-3/dmesg.log';
  const dmesg = page.locator(`tr[data-path="${DMESG}"]`);
  await expect(dmesg.getByTestId('host')).toHaveText('k8s-worker-3');
  const fileHost = page.getByRole('combobox', { name: `Host of ${DMESG}`, exact: true });
  await fileHost.fill('k8s-worker-9');
  await fileHost.press('Enter');
  await expect.poll(runs).toBe(2);
  await waitForResult(page);
  await expect(dmesg.getByTestId('host')).toHaveText('k8s-worker-9');
  await expect(dmesg).toContainText('set by you');
  await expect(fileHost).toHaveValue('k8s-worker-9');
  await expect(page.locator('tr[data-host="k8s-worker-9"]')).toHaveCount(1);
  // The other files of the node keep the host the analysis found.
  await expect(
    page.locator('tr[data-path="sample/k8s-worker-3/journal.log"]').getByTestId('host'),
  ).toHaveText('k8s-worker-3');

  const rename = page.getByRole('combobox', { name: 'New name of k8s-worker-2', exact: true });
  await rename.fill('node-b');
  await rename.press('Enter');
  await expect.poll(runs).toBe(3);
  await waitForResult(page);
  const nodeB = page.locator('tr[data-host="node-b"]');
  await expect(nodeB).toHaveCount(1);
  await expect(nodeB.getByTestId('found-as')).toHaveText('found as k8s-worker-2');
  await expect(page.locator('tr[data-host="k8s-worker-2"]')).toHaveCount(0);
  await expect(
    page.locator('tr[data-path="sample/k8s-worker-2/journal.log"]').getByTestId('host'),
  ).toHaveText('node-b');
  // The file host chosen before is sent again with the rename.
  await expect(dmesg.getByTestId('host')).toHaveText('k8s-worker-9');

  // The name of another host merges the two; the field says so before anything runs.
  const renameB = page.getByRole('combobox', { name: 'New name of node-b', exact: true });
  await renameB.fill('k8s-worker-1');
  await expect(page.locator('tr[data-host="node-b"]').getByTestId('field-note')).toHaveText(
    'k8s-worker-1 is another host of the bundle: the two will be merged into one',
  );
  expect(runs()).toBe(3);
  await renameB.press('Enter');
  await expect.poll(runs).toBe(4);
  await waitForResult(page);
  await expect(page.locator('tr[data-host="node-b"]')).toHaveCount(0);
  await expect(page.locator('tr[data-host="k8s-worker-1"]').getByTestId('found-as')).toHaveText(
    'merged with k8s-worker-2',
  );
  await expect(page.locator('tr[data-path="sample/k8s-worker-2/dmesg.log"]').getByTestId('host')).toHaveText(
    'k8s-worker-1',
  );

  await page.getByRole('button', { name: 'Reset host names' }).click();
  await expect.poll(runs).toBe(5);
  await waitForResult(page);
  await expect(page.locator('tr[data-host="k8s-worker-2"]')).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Reset host names' })).toHaveCount(0);
  await expect(dmesg.getByTestId('host')).toHaveText('k8s-worker-9');

  await page.getByRole('button', { name: 'Reset file hosts' }).click();
  await expect.poll(runs).toBe(6);
  await waitForResult(page);
  await expect(dmesg.getByTestId('host')).toHaveText('k8s-worker-3');
  await expect(dmesg).not.toContainText('set by you');
  await expect(page.getByRole('button', { name: 'Reset file hosts' })).toHaveCount(0);
});

test('a sosreport tar.xz is read by its layout, and says what it passed over', async ({ page }, testInfo) => {
  const dir = testInfo.outputPath('sos');
  const tree = sosTree('k8s-worker-1');
  const name = `${sosName('k8s-worker-1')}.tar.xz`;
  writeTree(dir, new Map([[name, xzOf(await tarOf(tree))]]));
  await dropFromDisk(page, [resolve(dir, name)]);
  await waitForResult(page);

  const bundle = page.locator(`.bundles-table tr[data-path="${name}"]`);
  await expect(bundle).toContainText('tar.xz');
  await expect(bundle).toContainText('sosreport');
  await expect(bundle.getByTestId('bundle-entries')).toContainText(`${tree.size} entries:`);
  const skipped = bundle.getByText('Skipped, for example');
  await skipped.click();
  await expect(bundle.locator('details li').first()).toBeVisible();
  // Its dmesg has no host field: the sosreport says whose it is.
  const dmesg = page.locator(`tr[data-path="${name}/${sosName('k8s-worker-1')}/sos_commands/kernel/dmesg"]`);
  await expect(dmesg.getByTestId('host')).toHaveText('k8s-worker-1');
  await expect(dmesg.getByTestId('host-evidence')).not.toBeEmpty();
});

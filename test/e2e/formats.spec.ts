// Files of the newer formats, dropped together, take the same worker path as everything else: each
// is detected as its own format and its stage lines reach the incident.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from './guard.ts';

const fixtures = resolve(import.meta.dirname, '../fixtures');

const FILES: [fixture: string, name: string, format: string][] = [
  ['dmesg-ctime/ceph-doc-dmesgT-2025.log', 'dmesg-T.txt', 'dmesg-ctime'],
  ['journal-json/constructed-cascade-json.log', 'journal.json', 'journal-json'],
  ['journal-export/constructed-cascade-export.log', 'journal.export', 'journal-export'],
  ['ceph-mds-log/ceph-csi-5265-rook-mds-evict.log', 'ceph-mds.a.log', 'ceph-mds-log'],
  ['ceph-config-json/handwritten-json-pretty-mds-blocklist.log', 'config-dump.json', 'ceph-config-json'],
  ['host-mounts/k8s-worker-1-proc-mounts.log', 'mounts', 'host-mounts'],
  ['syslog-rfc3164/kern.log-teuthology.log', 'kern.log', 'syslog-rfc3164'],
];

test('every format is detected in the browser and its stage lines are counted', async ({ page }) => {
  await page.goto('./');
  const files = FILES.map(([fixture, name]) => ({
    name,
    text: readFileSync(resolve(fixtures, fixture), 'utf8'),
  }));
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.text], f.name, { type: 'text/plain' }));
    for (const type of ['dragenter', 'dragover', 'drop']) {
      window.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, files);
  await expect(page.getByTestId('incident-summary')).toBeVisible({ timeout: 30_000 });
  for (const [, name, format] of FILES) {
    await expect(page.getByLabel(`Format of ${name}`), name).toHaveValue(format);
  }
  // The MDS log's eight evictions, the dmesg -T and kern.log denials, and the journal entries.
  const denied = page.locator('article[data-stage="reconnect-denied"]').getByTestId('count');
  expect(Number((await denied.textContent())?.replace(/\D/g, ''))).toBeGreaterThanOrEqual(8 + 3 + 3);
  await expect(page.locator('article[data-stage="caps-stale"]').getByTestId('count')).not.toHaveText('0');
});

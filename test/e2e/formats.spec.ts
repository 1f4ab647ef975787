// Every format the engine knows, dropped in the real browser at once: each file is detected as its
// own format (the fixture's folder name) and goes through the same worker path as any other.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FORMAT_IDS } from '../../parsers/types.ts';
import { expect, test } from './guard.ts';

const fixtures = resolve(import.meta.dirname, '../fixtures');

/** The first fixture of each format folder (its file name matters: names break detection ties). */
const FILES = FORMAT_IDS.map((format) => {
  const name = readdirSync(resolve(fixtures, format))
    .filter((f) => f.endsWith('.log'))
    .sort()[0] as string;
  return { format, name, text: readFileSync(resolve(fixtures, format, name), 'latin1') };
});

test('each format is detected in the browser, and stage lines of all of them are counted', async ({
  page,
}) => {
  expect(new Set(FILES.map((f) => f.name)).size).toBe(FILES.length);
  await page.goto('./');
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      // Bytes as read (latin1 keeps each byte), so binary fields and NULs arrive unchanged.
      const bytes = Uint8Array.from(f.text, (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name));
    }
    for (const type of ['dragenter', 'dragover', 'drop']) {
      window.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, FILES);
  await expect(page.getByTestId('incident-summary')).toBeVisible({ timeout: 30_000 });
  for (const { name, format } of FILES) {
    const row = page.locator(`tr[data-path="${name}"]`);
    if (format === 'unrecognised') await expect(row, name).toHaveAttribute('data-state', 'error');
    else await expect(page.getByLabel(`Format of ${name}`), name).toHaveValue(format);
  }
  const denied = page.locator('article[data-stage="reconnect-denied"]').getByTestId('count');
  expect(Number((await denied.textContent())?.replace(/\D/g, ''))).toBeGreaterThan(10);
});

// A file the detector cannot name is read as the format the user chooses, and the same files are
// analysed again.
import { expect, test } from './guard.ts';

const prose = Array.from(
  { length: 10 },
  (_, i) => `Note ${i + 1}: the client was evicted, see the kernel log below.`,
);
// Both lines belong to the reconnect-denied stage.
const dmesg = ['[ 5645.168000] ceph: mds0 closed our session', '[ 5645.196569] ceph: mds0 reconnect denied'];

test('the user overrides an unrecognised format and the bundle is analysed again', async ({ page }) => {
  await page.goto('./');
  await page.evaluate(
    ([text]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text as string], 'notes.txt', { type: 'text/plain' }));
      for (const type of ['dragenter', 'dragover', 'drop']) {
        window.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      }
    },
    [`${[...prose, ...dmesg].join('\n')}\n`],
  );
  await expect(page.getByTestId('incident-summary')).toBeVisible({ timeout: 30_000 });

  const row = page.locator('tr[data-path="notes.txt"]');
  const select = page.getByRole('combobox', { name: 'Format of notes.txt' });
  await expect(row).toHaveAttribute('data-state', 'error');
  await expect(row).toContainText(/Unrecognised format/i);
  await expect(select).toHaveValue('');
  await expect(select.locator('option:checked')).toHaveText('— choose —');
  await expect(select).toHaveAccessibleDescription(/^no known format/);
  await expect(row).not.toContainText('set by you');
  await expect(page.locator('article[data-stage="reconnect-denied"]')).toHaveCount(0);

  await select.selectOption('dmesg');
  await expect(page.getByTestId('incident-summary')).toBeVisible({ timeout: 30_000 });

  await expect(select).toHaveValue('dmesg');
  await expect(row).toHaveAttribute('data-state', 'ok');
  await expect(row).toContainText('set by you');
  await expect(select).toHaveAccessibleDescription('format set by the user (dmesg)');
  await expect(page.locator('article[data-stage="reconnect-denied"]').getByTestId('count')).toHaveText('2');

  await page.getByRole('button', { name: 'Reset formats' }).click();
  await expect(page.getByTestId('incident-summary')).toBeVisible({ timeout: 30_000 });
  await expect(select).toHaveValue('');
  await expect(row).not.toContainText('set by you');
  await expect(page.getByRole('button', { name: 'Reset formats' })).toHaveCount(0);
});

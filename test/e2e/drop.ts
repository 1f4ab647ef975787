// Dropping from disk in end-to-end tests.
import type { Page } from '@playwright/test';

/** Drops files or folders from disk where a user would: a real drag carrying real paths. */
export async function dropFromDisk(page: Page, paths: string[]) {
  const cdp = await page.context().newCDPSession(page);
  const data = { items: [], files: paths, dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop'] as const) {
    await cdp.send('Input.dispatchDragEvent', { type, x: 200, y: 200, data });
  }
  await cdp.detach();
}

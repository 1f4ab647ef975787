import type { Page } from '@playwright/test';
import { expect, test } from './guard.ts';

test('the app loads, runs the sample and renders without any request outside its origin', async ({
  page,
  offOrigin,
}) => {
  await page.goto('./');
  await page.getByRole('button', { name: 'Try the sample incident' }).click();
  await expect(page.getByTestId('incident-summary')).toBeVisible();
  await expect(page.getByRole('img').first()).toBeVisible();
  expect(offOrigin).toEqual([]);
});

test("the page's Content-Security-Policy refuses to load anything from another origin", async ({ page }) => {
  await page.goto('./');
  const violation = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), {
          once: true,
        });
        const img = document.createElement('img');
        img.src = 'https://cdn.example.invalid/pixel.png';
        document.body.append(img);
      }),
  );
  expect(violation).toBe('img-src');
});

test('the workers the analysis worker starts request nothing outside the origin either', async ({
  page,
  browser,
  baseURL,
}) => {
  // Context routes (the guard) do not see the requests of a worker's own workers, the scan workers;
  // the browser's CDP Fetch domain does. Every request is paused here, noted, and let through only
  // inside the origin.
  const origin = new URL(baseURL ?? '').origin;
  const seen: string[] = [];
  const cdp = await browser.newBrowserCDPSession();
  cdp.on('Fetch.requestPaused', ({ requestId, request }) => {
    seen.push(request.url);
    const inside =
      request.url.startsWith('data:') ||
      request.url.startsWith('blob:') ||
      new URL(request.url).origin === origin;
    void (
      inside
        ? cdp.send('Fetch.continueRequest', { requestId })
        : cdp.send('Fetch.failRequest', { requestId, errorReason: 'BlockedByClient' })
    ).catch(() => {});
  });
  await cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*' }] });
  await page.goto('./');
  await page.getByRole('button', { name: 'Try the sample incident' }).click();
  await expect(page.getByTestId('incident-summary')).toBeVisible({ timeout: 30_000 });
  await cdp.send('Fetch.disable');
  await cdp.detach();
  const paths = seen.map((u) => new URL(u).pathname);
  // The observer saw the analysis worker start its scan workers, and them load the sample's files.
  expect(paths.some((p) => /\/assets\/scan\.worker-[\w-]+\.js$/.test(p))).toBe(true);
  expect(paths.some((p) => /\/assets\/analyze\.worker-[\w-]+\.js$/.test(p))).toBe(true);
  expect(
    seen.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin),
  ).toEqual([]);
});

test.describe('with the page CSP bypassed', () => {
  test.use({ bypassCSP: true });

  test('the guard catches a request outside the origin', async ({ page, offOrigin }, testInfo) => {
    testInfo.annotations.push({ type: 'expects-off-origin-request' });
    await page.goto('./');
    // `.invalid` never resolves, and the guard aborts the request before any lookup.
    await page.evaluate(() => {
      const img = document.createElement('img');
      img.src = 'https://cdn.example.invalid/pixel.png';
      document.body.append(img);
    });
    await expect.poll(() => offOrigin.length).toBeGreaterThan(0);
    expect(offOrigin[0]).toContain('cdn.example.invalid');
  });
});

test.describe('with the service worker allowed', () => {
  test.use({ serviceWorkers: 'allow' });

  /** Waits until the service worker has precached everything and controls the page. */
  async function controlled(page: Page) {
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((done) =>
          navigator.serviceWorker.addEventListener('controllerchange', done, { once: true }),
        );
      }
    });
  }

  test('the page, its workers and the service worker request nothing outside the origin, online or cached', async ({
    page,
    context,
    baseURL,
  }) => {
    const origin = new URL(baseURL ?? '').origin;
    const seen: { url: string; byServiceWorker: boolean }[] = [];
    context.on('request', (request) =>
      seen.push({ url: request.url(), byServiceWorker: request.serviceWorker() !== null }),
    );
    await page.goto('./');
    await controlled(page);
    for (let run = 0; run < 2; run++) {
      await page.getByRole('button', { name: 'Try the sample incident' }).click();
      await expect(page.getByTestId('incident-summary')).toBeVisible({ timeout: 30_000 });
      await expect(page.getByRole('img', { name: /timeline/i })).toBeVisible();
      // The second run is served by the service worker's cache.
      if (run === 0) expect((await page.reload())?.fromServiceWorker()).toBe(true);
    }
    const offOrigin = seen.filter(({ url }) => !url.startsWith('data:') && new URL(url).origin !== origin);
    expect(offOrigin).toEqual([]);
    // The observer sees the service worker's own requests (its precache of the sample among them),
    // so an empty list above is not an observer that is blind to it.
    expect(seen.filter((r) => r.byServiceWorker).map((r) => new URL(r.url).pathname)).toContain(
      '/sample/k8s-worker-1/dmesg.log',
    );
  });

  test('the guard catches a request the service worker itself makes', async ({
    page,
    context,
    offOrigin,
  }, testInfo) => {
    testInfo.annotations.push({ type: 'expects-off-origin-request' });
    await page.goto('./');
    await controlled(page);
    const [worker] = context.serviceWorkers();
    if (!worker) throw new Error('no service worker is running');
    const outcome = await worker.evaluate(() =>
      fetch('https://cdn.example.invalid/sw-probe.js').then(
        () => 'answered',
        () => 'failed',
      ),
    );
    expect(outcome).toBe('failed');
    expect(offOrigin).toEqual(['https://cdn.example.invalid/sw-probe.js']);
  });
});

// Every end-to-end test runs behind this guard: a request that leaves the page's own origin is
// aborted before it reaches any network and fails the test. Context routes see the requests of the
// page, of its workers and, in Chromium, of its service worker too (network.spec.ts proves it), but
// not those of a worker's own workers: the scan workers the analysis worker starts, which load only
// their own script (cancel.spec.ts watches those through CDP's Fetch domain instead);
// what a service worker answers from its cache never reaches the network, and it caches only
// same-origin files (test/unit/build-output.test.ts).
import { test as base, expect } from '@playwright/test';

export const test = base.extend<{ offOrigin: string[] }>({
  offOrigin: [
    async ({ context, baseURL }, use) => {
      const origin = new URL(baseURL ?? 'http://127.0.0.1/').origin;
      const seen: string[] = [];
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === origin) {
          return route.continue();
        }
        seen.push(url);
        return route.abort('blockedbyclient');
      });
      await use(seen);
    },
    { auto: true },
  ],
});

test.afterEach(({ offOrigin }, testInfo) => {
  // A test that provokes an off-origin request on purpose marks itself with this annotation.
  if (testInfo.annotations.some((a) => a.type === 'expects-off-origin-request')) return;
  expect(offOrigin, 'requests outside the page origin').toEqual([]);
});

export { expect };

// Issue 7: the production build on a plain static host, from a sub-path. The host here is a few
// lines of node:http that know nothing of the app: files of the build under /some/sub/path/, a
// redirect for the folder without its slash, and the headers a careful host sends (the page's
// Content-Security-Policy as a header, which unlike the meta tag also governs the workers, and
// nosniff, so every file must carry its right type). Every request the host answers is logged.
import { readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import type { Page } from '@playwright/test';
import { ROOT, sampleTree, tarOf, xzOf } from '../support/bundles.ts';
import { expect, test as guarded } from './guard.ts';

const PREFIX = '/some/sub/path/';
const DIST = resolve(ROOT, process.env.E2E_DIST ?? 'dist');

/** The CSP of index.html, plus what only a header can say and what the xz reader's WebAssembly needs. */
function headerPolicy(): string {
  const html = readFileSync(resolve(DIST, 'index.html'), 'utf8');
  const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
  if (!meta) throw new Error(`${DIST}/index.html has no Content-Security-Policy meta tag`);
  return `${meta.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'")}; frame-ancestors 'none'`;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

interface StaticHost {
  /** `http://127.0.0.1:<port>/some/sub/path/` */
  url: string;
  /** Paths of the requests answered since the test began. */
  requests: string[];
  /** Publishes a new build: sw.js changes by one comment, as it does when any precached file changes. */
  deploy(): void;
}

function startHost(policy: string): Promise<{ server: Server; host: StaticHost }> {
  let deploys = 0;
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://host.invalid').pathname;
    requests.push(path);
    if (path === PREFIX.slice(0, -1)) {
      res.writeHead(301, { Location: PREFIX }).end();
      return;
    }
    let file: string | null = null;
    try {
      const relative = decodeURIComponent(path.slice(PREFIX.length));
      const candidate = resolve(
        DIST,
        relative.endsWith('/') || relative === '' ? `${relative}index.html` : relative,
      );
      if (path.startsWith(PREFIX) && candidate.startsWith(DIST + sep) && statSync(candidate).isFile()) {
        file = candidate;
      }
    } catch {
      // A malformed escape or a missing file: both are simply not found.
    }
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    let body: Buffer | string = readFileSync(file);
    if (file === resolve(DIST, 'sw.js') && deploys > 0) body = `${body}\n// deploy ${deploys}\n`;
    res
      .writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'text/plain; charset=utf-8',
        'Content-Security-Policy': policy,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      })
      .end(body);
  });
  return new Promise((done) => {
    // Port 0: the system picks a free port, so nothing else running on this machine is in the way.
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      done({
        server,
        host: {
          url: `http://127.0.0.1:${port}${PREFIX}`,
          requests,
          deploy: () => {
            deploys++;
          },
        },
      });
    });
  });
}

const test = guarded.extend<{ host: StaticHost }, { hostServer: { server: Server; host: StaticHost } }>({
  hostServer: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern, and this one has none.
    async ({}, use) => {
      const started = await startHost(headerPolicy());
      await use(started);
      await new Promise((done) => started.server.close(done));
    },
    { scope: 'worker' },
  ],
  host: async ({ hostServer }, use) => {
    hostServer.host.requests.length = 0;
    await use(hostServer.host);
  },
  // The guard, `page.goto('./')` and everything else take the sub-path host as the page's origin.
  baseURL: async ({ hostServer }, use) => use(hostServer.host.url),
});

test.use({ serviceWorkers: 'allow' });

/** Waits until the service worker is active and controls the page; its registration's scope and script. */
async function controlled(page: Page): Promise<{ scope: string; script: string }> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((done) =>
        navigator.serviceWorker.addEventListener('controllerchange', done, { once: true }),
      );
    }
    return { scope: registration.scope, script: navigator.serviceWorker.controller?.scriptURL ?? '' };
  });
}

test('from a sub-path the app loads, analyses the sample and keeps every request inside the sub-path', async ({
  page,
  host,
}) => {
  // The folder without its slash, as people type it: the host's redirect leads to the app.
  await page.goto(host.url.slice(0, -1));
  expect(page.url()).toBe(host.url);
  expect(await controlled(page)).toEqual({ scope: host.url, script: `${host.url}sw.js` });

  await page.getByRole('button', { name: 'Try the sample incident' }).click();
  await expect(page.getByTestId('incident-summary')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('img', { name: /timeline/i })).toBeVisible();

  const outside = host.requests.filter((p) => !p.startsWith(PREFIX) && p !== PREFIX.slice(0, -1));
  expect(outside, 'requests outside the sub-path').toEqual([]);
  // The worker, the lazily loaded chart and the sample all came from under the sub-path.
  for (const wanted of [
    /^\/some\/sub\/path\/assets\/analyze\.worker-[\w-]+\.js$/,
    /^\/some\/sub\/path\/assets\/timeline-chart-[\w-]+\.js$/,
    /^\/some\/sub\/path\/sample\.json$/,
    /^\/some\/sub\/path\/sample\/k8s-worker-1\/dmesg\.log$/,
    /^\/some\/sub\/path\/sw\.js$/,
  ]) {
    expect(
      host.requests.some((p) => wanted.test(p)),
      String(wanted),
    ).toBe(true);
  }
});

test("under the host's CSP header (which also binds the workers) a tar.xz is still read", async ({
  page,
}) => {
  const name = 'sample-bundle.tar.xz';
  await page.goto('./');
  await page.getByLabel('Choose log files').setInputFiles({
    name,
    mimeType: 'application/x-xz',
    buffer: Buffer.from(xzOf(await tarOf(sampleTree()))),
  });
  await expect(page.getByTestId('incident-summary')).toBeVisible({ timeout: 45_000 });
  await expect(page.locator(`.bundles-table tr[data-path="${name}"]`)).toContainText('tar.xz');
});

const FIND_UPDATE: [string, (page: Page) => Promise<unknown>][] = [
  ['on the next visit', (page) => page.reload()],
  [
    'while the first visit is still open',
    (page) => page.evaluate(async () => (await navigator.serviceWorker.ready).update()),
  ],
];

for (const [when, findUpdate] of FIND_UPDATE) {
  test(`a new deploy found ${when} is offered as a reload, which hands the page to it`, async ({
    page,
    host,
  }) => {
    await page.goto('./');
    await controlled(page);
    host.deploy();
    await findUpdate(page);
    const notice = page.getByTestId('offline-notice');
    await expect(notice).toContainText('A new version of Cascade is available');

    await page.evaluate(() => {
      (window as { beforeUpdate?: boolean }).beforeUpdate = true;
    });
    await Promise.all([page.waitForEvent('load'), notice.getByRole('button', { name: 'Reload' }).click()]);
    expect(await page.evaluate(() => (window as { beforeUpdate?: boolean }).beforeUpdate)).toBeUndefined();
    const waiting = await page.evaluate(async () => (await navigator.serviceWorker.ready).waiting !== null);
    expect(waiting, 'no build left waiting').toBe(false);
    await expect(notice).toBeEmpty();
  });
}

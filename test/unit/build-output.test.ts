// Issue 7: what the production build gives the service worker, and what it could ask of other origins.
// The build is made once, into a temporary folder, with the project's own vite.config.ts.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

interface PrecacheEntry {
  url: string;
  revision: string | null;
}

let out = '';
/** Every file of the build, `/`-separated, relative to its folder. */
let files: string[] = [];
let precache: PrecacheEntry[] = [];

const read = (path: string) => readFileSync(join(out, path), 'utf8');
const only = (pattern: RegExp) => precache.filter((e) => pattern.test(e.url)).map((e) => e.url);

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'cascade-build-'));
  // As `vite build` from the command line: vitest's NODE_ENV=test would give React's development
  // build and workbox's debugging service worker.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root,
      configFile: resolve(root, 'vite.config.ts'),
      logLevel: 'silent',
      build: { outDir: out, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  files = readdirSync(out, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(out, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
  // The manifest is an array literal in sw.js: `{url:"…",revision:"…"|null}`.
  const entry = /\{\s*"?url"?:\s*"([^"]+)",\s*"?revision"?:\s*(?:null|"([0-9a-f]+)")\s*\}/g;
  precache = [...read('sw.js').matchAll(entry)].map((m) => ({
    url: m[1] as string,
    revision: m[2] ?? null,
  }));
}, 120_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('the service worker precache', () => {
  it('holds every file of the build except the source maps and the service worker itself', () => {
    expect(files.length).toBeGreaterThan(10);
    expect(precache.map((e) => e.url).sort()).toEqual(
      files.filter((f) => !f.endsWith('.map') && f !== 'sw.js'),
    );
  });

  it.each([
    ['the page', /^index\.html$/],
    ['the favicon', /^favicon\.svg$/],
    ['the app chunk', /^assets\/index-[\w-]+\.js$/],
    ['the styles', /^assets\/index-[\w-]+\.css$/],
    ['the analysis worker', /^assets\/analyze\.worker-[\w-]+\.js$/],
    ['the lazily loaded chart', /^assets\/timeline-chart-[\w-]+\.js$/],
    ['the sample manifest', /^sample\.json$/],
  ])('holds %s', (_, pattern) => {
    expect(only(pattern)).toHaveLength(1);
  });

  it('holds every file the sample manifest lists', () => {
    const manifest = JSON.parse(readFileSync(resolve(root, 'public/sample.json'), 'utf8')) as {
      files: string[];
    };
    expect(manifest.files.length).toBeGreaterThan(0);
    expect(only(/^sample\//).sort()).toEqual(manifest.files.map((f) => `sample/${f}`).sort());
  });

  it("holds the xz reader's WebAssembly, inside the analysis worker chunk", () => {
    const [worker] = only(/^assets\/analyze\.worker-[\w-]+\.js$/);
    expect(read(worker as string)).toContain('data:application/wasm;base64,AGFzbQ');
  });

  it('versions hashed chunks by their name and every other file by its content', () => {
    for (const { url, revision } of precache) {
      const expected = url.startsWith('assets/')
        ? null
        : createHash('md5')
            .update(readFileSync(join(out, url)))
            .digest('hex');
      expect(revision, url).toBe(expected);
    }
  });

  it('is addressed relative to the service worker, so it works from any sub-path', () => {
    for (const { url } of precache) expect(url, url).not.toMatch(/^(?:[a-z][\w+.-]*:|\/)/i);
  });

  it('carries the workbox runtime inside sw.js: it imports no script from anywhere', () => {
    expect(files.filter((f) => /(?:^|\/)workbox-(?!window)[\w.-]*\.js$/.test(f))).toEqual([]);
    expect(read('sw.js')).not.toMatch(/importScripts\s*\(/);
  });
});

describe('index.html', () => {
  it('loads scripts only from files (the CSP refuses inline ones) and registers no extra script', () => {
    const html = read('index.html');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="\.\/assets\/[\w.-]+\.js"/);
      expect(body?.trim()).toBe('');
    }
    expect(html).not.toContain('registerSW');
    expect(html).not.toContain('rel="manifest"');
  });

  it("keeps the Content-Security-Policy that allows only the page's origin", () => {
    const policy =
      /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(read('index.html'))?.[1] ?? '';
    const directives = new Map(
      policy.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values.join(' ')] as const;
      }),
    );
    expect(directives.get('default-src')).toBe("'self'");
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('connect-src')).toBe("'self'");
  });
});

/**
 * Absolute URLs that libraries carry as text and never request: XML namespace names the DOM
 * compares, links printed in error messages, licence notes.
 */
const LIBRARY_TEXT = [
  'http://www.w3.org/', // SVG, XLink, MathML, XHTML and XML namespace names
  'https://react.dev/errors/', // React's production error messages
  'https://redux.js.org/Errors', // Redux (recharts' store) error messages
  'https://redux-toolkit.js.org/Errors',
  'https://bit.ly/3cXEKWf', // Immer's error messages
  'https://bit.ly/wb-precache', // a workbox warning's text
  'https://github.com/SteveSanderson/xzwasm', // xz-decompress's licence note
  'https://tukaani.org/xz/embedded.html',
  'https://github.com/wingo/walloc',
];

const URL_TEXT = /https?:\/\/[^\s"'`)<>\\]+/g;

/** URLs our own code holds as text: rule references shown as links, namespace constants. */
function ownSourceUrls(): Set<string> {
  const urls = new Set<string>();
  for (const dir of ['app', 'workers', 'parsers']) {
    for (const entry of readdirSync(resolve(root, dir), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/\.tsx?$/.test(entry.name) || /\.test\.tsx?$/.test(entry.name)) continue;
      for (const [url] of readFileSync(join(entry.parentPath, entry.name), 'utf8').matchAll(URL_TEXT)) {
        urls.add(url);
      }
    }
  }
  return urls;
}

describe('nothing in the build points at another origin', () => {
  it('the page and the styles refer to files of the build only', () => {
    const external = /^(?:[a-z][\w+.-]*:|\/\/)/i;
    for (const [, ref] of read('index.html').matchAll(/\b(?:src|href)="([^"]+)"/g)) {
      expect(ref, 'index.html').not.toMatch(external);
    }
    for (const css of files.filter((f) => f.endsWith('.css'))) {
      const text = read(css);
      expect(text, css).not.toMatch(/@import\b/);
      for (const [, ref] of text.matchAll(/url\(\s*['"]?([^'")\s]+)/g)) {
        if (!ref?.startsWith('data:')) expect(ref, css).not.toMatch(external);
      }
    }
  });

  it('every absolute URL in the scripts is text of our own or a known library string', () => {
    const own = ownSourceUrls();
    const unexplained = files
      .filter((f) => /\.(?:m?js|html)$/.test(f))
      .flatMap((f) => [...read(f).matchAll(URL_TEXT)].map(([url]) => `${f}: ${url}`))
      .filter((hit) => {
        const url = hit.slice(hit.indexOf(': ') + 2);
        return !own.has(url) && !LIBRARY_TEXT.some((prefix) => url.startsWith(prefix));
      });
    expect(unexplained).toEqual([]);
  });
});

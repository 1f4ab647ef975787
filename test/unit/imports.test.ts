// Enforces the one-way imports of docs/architecture.md: parsers ← workers ← app / cli.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const LAYERS = ['parsers', 'workers', 'app', 'cli'] as const;
type Layer = (typeof LAYERS)[number];

/** Which layers each layer may import from (besides itself). */
const ALLOWED: Record<Layer, readonly Layer[]> = {
  parsers: [],
  workers: ['parsers'],
  app: ['workers', 'parsers'],
  cli: ['workers', 'parsers'],
};

/** app/ may use the stage table and record types, never a parser. */
const APP_PARSER_MODULES = new Set(['parsers/stages.ts', 'parsers/types.ts']);

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

function importsOf(source: string): string[] {
  const specs: string[] = [];
  const re =
    /(?:^|\s)(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|new URL\(\s*['"]([^'"]+)['"]/g;
  for (const m of source.matchAll(re)) specs.push((m[1] ?? m[2] ?? m[3]) as string);
  return specs;
}

function layerOf(path: string): Layer | null {
  const top = path.split('/')[0];
  return (LAYERS as readonly string[]).includes(top ?? '') ? (top as Layer) : null;
}

function violations(): string[] {
  const out: string[] = [];
  for (const layer of LAYERS) {
    for (const file of sourceFiles(layer)) {
      const text = readFileSync(join(root, file), 'utf8');
      for (const spec of importsOf(text)) {
        if (spec.startsWith('node:') && layer !== 'cli' && !file.endsWith('.test.ts')) {
          out.push(`${file}: ${layer}/ must run in a browser, but imports ${spec}`);
          continue;
        }
        if (!spec.startsWith('.')) continue;
        const target = relative(root, resolve(root, dirname(file), spec));
        const targetLayer = layerOf(target);
        if (targetLayer === null || targetLayer === layer) continue;
        if (!ALLOWED[layer].includes(targetLayer)) out.push(`${file}: ${layer}/ may not import ${target}`);
        else if (layer === 'app' && targetLayer === 'parsers' && !APP_PARSER_MODULES.has(target)) {
          out.push(`${file}: app/ never parses; it may not import ${target}`);
        }
      }
    }
  }
  return out;
}

describe('one-way imports', () => {
  it('no module imports against the direction parsers ← workers ← app/cli', () => {
    expect(violations()).toEqual([]);
  });

  it('the checker sees static, dynamic and worker-URL imports', () => {
    const src = `import { a } from '../workers/x.ts';\nconst m = import('../app/y.tsx');\nnew Worker(new URL('../workers/w.ts', import.meta.url));\nexport { b } from './z.ts';`;
    expect(importsOf(src)).toEqual(['../workers/x.ts', '../app/y.tsx', '../workers/w.ts', './z.ts']);
  });

  it('only the worker client in app/ creates a worker', () => {
    const creators = sourceFiles('app').filter((f) =>
      /new Worker\(/.test(readFileSync(join(root, f), 'utf8')),
    );
    expect(creators).toEqual(['app/analysis/worker-client.ts']);
  });
});

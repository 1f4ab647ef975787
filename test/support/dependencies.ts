// The packages the app ships: package.json's dependencies and everything they depend on, as
// package-lock.json installs them (test/unit/dependencies.test.ts checks the README lists them).
//
//   npx tsx test/support/dependencies.ts   prints the README's table rows
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface Locked {
  version: string;
  license?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

export interface Shipped {
  name: string;
  version: string;
  license: string;
}

/**
 * The packages installed for `npm ci --omit=dev`: the lock's entries reached from the
 * dependencies of package.json, each dependency resolved as Node does (the nearest
 * `node_modules` up from the package that needs it). Optional dependencies count when the lock
 * has them (a platform's binary the lock does not hold is not installed anywhere).
 */
export function shipped(
  pkg: { dependencies?: Record<string, string> },
  lock: { packages: Record<string, Locked> },
): Shipped[] {
  const found = new Map<string, Shipped>();
  const resolveFrom = (from: string, name: string): string | undefined => {
    for (let dir = from; ; ) {
      const at = `${dir ? `${dir}/` : ''}node_modules/${name}`;
      if (lock.packages[at]) return at;
      if (!dir) return undefined;
      const up = dir.lastIndexOf('/node_modules/');
      dir = up === -1 ? '' : dir.slice(0, up);
    }
  };
  const visit = (from: string, name: string, optional: boolean) => {
    const at = resolveFrom(from, name);
    if (!at) {
      if (optional) return;
      throw new Error(`package-lock.json has no ${name} for ${from || 'the project'}`);
    }
    if (found.has(at)) return;
    const entry = lock.packages[at] as Locked;
    found.set(at, { name, version: entry.version, license: entry.license ?? 'UNKNOWN' });
    for (const dep of Object.keys(entry.dependencies ?? {})) visit(at, dep, false);
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) visit(at, dep, true);
  };
  for (const dep of Object.keys(pkg.dependencies ?? {})) visit('', dep, false);
  return [...found.values()].sort(
    (a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version),
  );
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const root = resolve(import.meta.dirname, '../..');
  const json = (path: string) => JSON.parse(readFileSync(resolve(root, path), 'utf8'));
  for (const d of shipped(json('package.json'), json('package-lock.json')))
    process.stdout.write(`| \`${d.name}\` | ${d.version} | ${d.license} |\n`);
}

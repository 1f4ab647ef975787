// Issue 9: "no request leaves the page's origin through all the main flows" holds because every
// end-to-end spec runs behind test/e2e/guard.ts, whose fixture fails a test on any off-origin
// request. A spec that took `test` from Playwright itself would run unguarded: this finds one.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const E2E = resolve(import.meta.dirname, '../e2e');

/** What a spec's source says about where its `test` comes from. */
function guardOf(source: string): 'guarded' | 'unguarded' {
  const fromGuard = /import\s*\{[^}]*\btest\b[^}]*\}\s*from\s*'\.\/guard\.ts'/.test(source);
  const fromPlaywright = /import\s*\{[^}]*(?<!type\s)\btest\b[^}]*\}\s*from\s*'@playwright\/test'/.test(
    source,
  );
  return fromGuard && !fromPlaywright ? 'guarded' : 'unguarded';
}

describe('every end-to-end spec runs behind the off-origin guard', () => {
  it('tells a guarded spec from one that is not', () => {
    expect(guardOf("import { expect, test } from './guard.ts';")).toBe('guarded');
    expect(guardOf("import type { Page } from '@playwright/test';\nimport { test } from './guard.ts';")).toBe(
      'guarded',
    );
    expect(guardOf("import { expect, test } from '@playwright/test';")).toBe('unguarded');
    expect(
      guardOf("import { test } from './guard.ts';\nimport { test as t2 } from '@playwright/test';"),
    ).toBe('unguarded');
    expect(guardOf("import { expect } from './guard.ts';")).toBe('unguarded');
  });

  const specs = readdirSync(E2E).filter((f) => f.endsWith('.spec.ts'));
  it('finds the specs', () => expect(specs.length).toBeGreaterThan(10));
  it.each(specs)('%s', (spec) => {
    expect(guardOf(readFileSync(resolve(E2E, spec), 'utf8'))).toBe('guarded');
  });
});

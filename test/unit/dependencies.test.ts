// Issue 9: what the app ships of other people's code. The runtime dependencies (package.json
// `dependencies` and everything they depend on, from package-lock.json) are listed with their
// licences in the README, every licence is one the project may ship, and `npm audit --omit=dev`
// finds no high or critical advisory in them.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Shipped, shipped } from '../support/dependencies.ts';

const root = resolve(import.meta.dirname, '../..');
const json = (path: string) => JSON.parse(readFileSync(resolve(root, path), 'utf8'));

interface AuditReport {
  message?: string;
  statusCode?: number;
  metadata?: { vulnerabilities?: Record<string, number> };
  vulnerabilities?: Record<string, { severity: string }>;
}

/** The high and critical advisories of `npm audit --json`, or why there is no report to read. */
function auditVerdict(report: AuditReport): { serious: string[] } | { unreachable: string } {
  if (!report.metadata) return { unreachable: report.message ?? 'no report' };
  const serious = Object.entries(report.vulnerabilities ?? {})
    .filter(([, v]) => v.severity === 'high' || v.severity === 'critical')
    .map(([name, v]) => `${name} (${v.severity})`);
  const counts = report.metadata.vulnerabilities ?? {};
  for (const level of ['high', 'critical']) {
    const unlisted = (counts[level] ?? 0) - serious.filter((s) => s.endsWith(`(${level})`)).length;
    if (unlisted > 0)
      serious.push(`${unlisted} ${level} advisor${unlisted === 1 ? 'y' : 'ies'} not listed by package`);
  }
  return { serious };
}

/** Licences the project may ship: permissive ones whose only duty is keeping the notice. */
const ALLOWED = new Set(['MIT', 'ISC', 'BSD-2-Clause', 'BSD-3-Clause', 'Apache-2.0', '0BSD']);

/** The rows of the README's table of runtime dependencies: `| name | version | licence |`. */
function readmeRows(): Shipped[] {
  const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
  const section = /^### Runtime dependencies and their licences\n([\s\S]*?)(?=^#{2,3} )/m.exec(readme)?.[1];
  if (!section) throw new Error('README.md has no "### Runtime dependencies and their licences" section');
  return [...section.matchAll(/^\| `([^`]+)` \| ([^ |]+) \| ([^|]+?) \|$/gm)].map((m) => ({
    name: m[1] as string,
    version: m[2] as string,
    license: m[3] as string,
  }));
}

describe('runtime dependencies', () => {
  const list = shipped(json('package.json'), json('package-lock.json'));

  it('are found through package-lock.json, nested copies included', () => {
    const pkg = { dependencies: { a: '1' } };
    const lock = {
      packages: {
        '': { version: '0' },
        'node_modules/a': { version: '1.0.0', license: 'MIT', dependencies: { b: '2', c: '1' } },
        'node_modules/a/node_modules/b': { version: '2.0.0', license: 'ISC' },
        'node_modules/b': { version: '1.0.0', license: 'MIT' },
        'node_modules/c': {
          version: '1.0.0',
          license: 'BSD-3-Clause',
          optionalDependencies: { missing: '1' },
        },
        'node_modules/dev-only': { version: '9.0.0', license: 'GPL-3.0' },
      },
    };
    expect(shipped(pkg, lock)).toEqual([
      { name: 'a', version: '1.0.0', license: 'MIT' },
      { name: 'b', version: '2.0.0', license: 'ISC' },
      { name: 'c', version: '1.0.0', license: 'BSD-3-Clause' },
    ]);
    expect(() => shipped({ dependencies: { nowhere: '1' } }, lock)).toThrow(/no nowhere/);
  });

  it('include every direct dependency, and no development tool', () => {
    const names = new Set(list.map((d) => d.name));
    for (const dep of Object.keys(json('package.json').dependencies)) expect(names).toContain(dep);
    for (const tool of ['vite', 'vitest', 'typescript', '@playwright/test', 'fast-check'])
      expect(names).not.toContain(tool);
  });

  it('carry only licences the project may ship (each part of an AND, one part of an OR)', () => {
    const refused = list.filter(({ license }) => {
      const terms = license.replace(/[()]/g, '').split(/ (AND|OR) /);
      const parts = terms.filter((_, i) => i % 2 === 0);
      return license.includes(' OR ')
        ? !parts.some((p) => ALLOWED.has(p))
        : !parts.every((p) => ALLOWED.has(p));
    });
    expect(refused).toEqual([]);
  });

  it('are listed in the README with their versions and licences, exactly', () => {
    expect(readmeRows()).toEqual(list);
  });

  it('an audit report is read for its high and critical advisories, and one without a report is no pass', () => {
    expect(
      auditVerdict({
        metadata: { vulnerabilities: { low: 1, moderate: 2, high: 1, critical: 0 } },
        vulnerabilities: {
          fflate: { severity: 'high' },
          tar: { severity: 'moderate' },
        },
      }),
    ).toEqual({ serious: ['fflate (high)'] });
    expect(auditVerdict({ metadata: { vulnerabilities: { critical: 1 } }, vulnerabilities: {} })).toEqual({
      serious: ['1 critical advisory not listed by package'],
    });
    expect(auditVerdict({ metadata: { vulnerabilities: { low: 3 } }, vulnerabilities: {} })).toEqual({
      serious: [],
    });
    expect(auditVerdict({ message: '405 Method Not Allowed', statusCode: 405 })).toEqual({
      unreachable: '405 Method Not Allowed',
    });
  });

  it('have no high or critical advisory (npm audit --omit=dev)', { timeout: 120_000 }, (ctx) => {
    const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 110_000,
    });
    let report: AuditReport;
    try {
      report = JSON.parse(run.stdout);
    } catch {
      throw new Error(`npm audit printed no JSON (exit ${run.status}): ${run.stderr.slice(0, 500)}`);
    }
    const verdict = auditVerdict(report);
    // The audit service is a POST to the registry; a registry (or mirror) that refuses it, or no
    // network, leaves nothing to check. Said as a skip with the reason, never as a pass.
    if ('unreachable' in verdict) {
      ctx.skip(`npm audit could not reach the advisory service: ${verdict.unreachable}`);
      return;
    }
    expect(verdict.serious).toEqual([]);
  });
});

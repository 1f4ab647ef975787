// The built-in sample against the generator's ground truth (test/sample/expected.json): every stage
// count, recovery count and first/last time per host and for the bundle, and every line counted.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { STAGE_IDS, type StageId } from '../../parsers/stages.ts';
import { analyzeFiles } from '../../workers/engine.ts';
import type { Incident, IncidentEvent } from '../../workers/incident.ts';
import { sampleInputs } from '../support/folder-inputs.ts';

interface Truth {
  first: string | null;
  last: string | null;
  count: number;
  recoveryCount: number;
}
interface Expected {
  stages: Record<StageId, Truth & { hosts: Record<string, Truth> }>;
  files: Record<string, { lines: number }>;
}

const root = resolve(import.meta.dirname, '../..');
const sampleDir = join(root, 'public/sample');
const expected = JSON.parse(readFileSync(join(root, 'test/sample/expected.json'), 'utf8')) as Expected;

/** Kernel times are fitted from one-second journal stamps; the fit must land within 50 ms. */
const TOLERANCE_MS = 50;
/** A line found only in a journal carries its one-second receive stamp: truncated, up to 1 s early. */
const JOURNAL_ONLY_MS = 1000;

let incident: Incident;
beforeAll(async () => {
  incident = await analyzeFiles(await sampleInputs());
});

function expectNear(actual: string | null, truth: string | null, what: string, fromJournal = false) {
  if (truth === null) {
    expect(actual, what).toBeNull();
    return;
  }
  expect(actual, what).not.toBeNull();
  const diff = Date.parse(actual as string) - Date.parse(truth);
  const early = fromJournal ? JOURNAL_ONLY_MS : TOLERANCE_MS;
  expect(diff, `${what}: ${actual} vs truth ${truth}`).toBeGreaterThan(-early);
  expect(diff, `${what}: ${actual} vs truth ${truth}`).toBeLessThanOrEqual(TOLERANCE_MS);
}

function spanOf(events: IncidentEvent[]) {
  const failures = events
    .filter((e) => !e.recovery)
    .sort((a, b) => ((a.ts as string) < (b.ts as string) ? -1 : 1));
  return { first: failures[0] ?? null, last: failures[failures.length - 1] ?? null };
}

const journalOnly = (e: IncidentEvent | null) => e !== null && /journal\.log$/.test(e.source);

describe('sample incident against the generator ground truth', () => {
  it('reads every file whole and understands every line', () => {
    for (const [path, truth] of Object.entries(expected.files)) {
      const src = incident.sources.find((s) => s.path === `sample/${path}`);
      expect(src, path).toBeDefined();
      expect(src?.lines, path).toBe(truth.lines);
      expect(src?.unparsed, path).toBe(0);
      expect(src?.error, path).toBeUndefined();
    }
    expect(incident.sources).toHaveLength(Object.keys(expected.files).length);
  });

  it('aligns every dmesg with its journal', () => {
    const dmesg = incident.sources.filter((s) => s.format === 'dmesg');
    expect(dmesg).toHaveLength(3);
    for (const s of dmesg) {
      expect(s.clock.aligned, s.path).toBe(true);
      expect(s.clock.anchors ?? 0, s.path).toBeGreaterThan(10);
    }
  });

  it.each(STAGE_IDS)('%s: bundle count, recoveries, first and last', (id) => {
    const stage = incident.stages.find((s) => s.id === id);
    const truth = expected.stages[id];
    expect(stage?.count).toBe(truth.count);
    expect(stage?.recoveries).toBe(truth.recoveryCount);
    const at = (ts: string | null | undefined) =>
      incident.events.find((e) => e.stage === id && !e.recovery && e.ts === ts) ?? null;
    expectNear(stage?.first ?? null, truth.first, `${id} first`, journalOnly(at(stage?.first)));
    expectNear(stage?.last ?? null, truth.last, `${id} last`, journalOnly(at(stage?.last)));
    expect(stage?.hosts).toEqual(Object.keys(truth.hosts).sort());
  });

  it.each(STAGE_IDS)('%s: per host', (id) => {
    for (const [host, truth] of Object.entries(expected.stages[id].hosts)) {
      const events = incident.events.filter((e) => e.stage === id && e.host === host);
      expect(events.length, `${id} on ${host}`).toBe(truth.count);
      expect(events.filter((e) => e.recovery).length, `${id} recoveries on ${host}`).toBe(
        truth.recoveryCount,
      );
      const span = spanOf(events);
      expectNear(span.first?.ts ?? null, truth.first, `${id} first on ${host}`, journalOnly(span.first));
      expectNear(span.last?.ts ?? null, truth.last, `${id} last on ${host}`, journalOnly(span.last));
      expect(incident.hosts.find((h) => h.name === host)?.stages[id]?.count).toBe(truth.count);
    }
  });

  it('keeps each kernel line once, listing its journal copy', () => {
    const denied = incident.events.filter((e) => e.kind === 'ceph-mds-reconnect-denied');
    expect(denied).toHaveLength(3);
    for (const e of denied) {
      expect(e.source).toMatch(/dmesg\.log$/);
      expect(e.alsoIn).toHaveLength(1);
      expect(e.alsoIn[0]?.source).toMatch(/journal\.log$/);
    }
  });

  it('diagnoses the eviction, the data loss, the old kernel, the blocklist option, fscache, the pods and the plan', () => {
    const ids = incident.findings.map((f) => f.id).sort();
    expect(ids).toEqual(
      [
        'blocklist-on-timeout',
        'client-evicted',
        'dirty-data-dropped',
        'fscache-mounts',
        'pods-cannot-use-volume',
        'quota-realm-loop',
        'remediation-plan',
      ].sort(),
    );
    const blocklist = incident.findings.find((f) => f.id === 'blocklist-on-timeout');
    expect(blocklist?.remediation).toEqual([
      'ceph config set mds mds_session_blacklist_on_timeout false',
      'ceph config set mds mds_session_blacklist_on_evict false',
    ]);
    for (const f of incident.findings) {
      expect(f.evidence.length, f.id).toBeGreaterThan(0);
      for (const e of f.evidence) {
        const lines = readFileSync(join(sampleDir, e.source.replace(/^sample\//, '')), 'utf8').split('\n');
        // Evidence cites real lines: config rows are quoted column by column, log lines verbatim.
        const cited = lines[e.line - 1] ?? '';
        if (f.id === 'blocklist-on-timeout')
          expect(cited.replace(/\s+/g, ' ').trim()).toContain(e.text.split(' ').pop());
        // Kernel context lines (boot banner, fscache registration) are cited by their message.
        else if (cited !== e.text)
          expect(cited, `${e.source}:${e.line}`).toMatch(
            new RegExp(`^\\[ *\\d+\\.\\d+\\] ${escapeRegExp(e.text)}$`),
          );
      }
    }
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

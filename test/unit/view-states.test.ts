// What the result states say: which files and archives failed (the partial-failure notice) and what
// was read when no stage of the cascade was found.
import { describe, expect, it } from 'vitest';
import { failuresOf, failureTitle } from '../../app/notices/source-failures.tsx';
import { readText } from '../../app/summary/incident-summary.tsx';
import { summarize } from '../../app/summary/summary-facts.ts';
import type { Incident, IncidentBundle, IncidentSource } from '../../workers/incident.ts';

const source = (path: string, more: Partial<IncidentSource> = {}): IncidentSource => ({
  path,
  format: 'journal-short',
  host: 'node-a',
  bytes: 10,
  lines: 10,
  parsed: 10,
  unparsed: 0,
  events: 0,
  first: null,
  last: null,
  clock: { kind: 'wall', aligned: true, method: 'stamps', offsetSeconds: 0 },
  warnings: [],
  ...more,
});

const bundle = (path: string, error?: string): IncidentBundle => ({
  path,
  kind: 'tar.gz',
  layout: 'plain',
  entries: 3,
  analysed: 2,
  skipped: 1,
  skippedExamples: [],
  bytes: 100,
  expandedBytes: 300,
  warnings: [],
  ...(error ? { error } : {}),
});

const incident = (sources: IncidentSource[], bundles: IncidentBundle[] = []): Incident =>
  ({
    schema: 'cascade/incident@1',
    generatedBy: 't',
    sources,
    hosts: [],
    stages: [],
    findings: [],
    events: [],
    bundles,
  }) as Incident;

describe('failures', () => {
  it('lists broken archives first, then the files that could not be read, with their reasons', () => {
    const i = incident(
      [source('a.log'), source('core.bin', { format: 'unrecognised', error: 'Unrecognised format: binary' })],
      [bundle('ok.tar.gz'), bundle('cut.tar.gz', 'truncated')],
    );
    expect(failuresOf(i)).toEqual([
      { path: 'cut.tar.gz', kind: 'archive', reason: 'truncated' },
      { path: 'core.bin', kind: 'file', reason: 'Unrecognised format: binary' },
    ]);
    expect(failureTitle(failuresOf(i), 2)).toBe(
      '1 archive could not be read to the end and 1 of 2 files could not be read',
    );
  });

  it('says nothing when everything was read', () => {
    expect(failuresOf(incident([source('a.log')], [bundle('ok.tar.gz')]))).toEqual([]);
  });

  it('counts the files of a title', () => {
    const failures = [
      { path: 'a', kind: 'file', reason: 'x' },
      { path: 'b', kind: 'file', reason: 'y' },
    ] as const;
    expect(failureTitle(failures, 9)).toBe('2 of 9 files could not be read');
  });
});

describe('what was read', () => {
  it('adds up the lines of every file, and the formats of the readable ones', () => {
    const facts = summarize(
      incident([
        source('a/journal.log', { lines: 1200, parsed: 1190, unparsed: 10 }),
        source('b/journal.log', { lines: 30, parsed: 30 }),
        source('dmesg.log', { format: 'dmesg', lines: 5, parsed: 5 }),
        source('core.bin', { format: 'unrecognised', lines: 1, parsed: 0, unparsed: 1, error: 'binary' }),
      ]),
    );
    expect(facts.lines).toBe(1236);
    expect(facts.parsed).toBe(1225);
    expect(facts.unparsed).toBe(11);
    expect(facts.failedSources).toBe(1);
    expect(facts.withUnparsed).toBe(1);
    expect(facts.formats).toEqual([
      { format: 'journal-short', files: 2 },
      { format: 'dmesg', files: 1 },
    ]);
    expect(readText(4, facts)).toBe('4 files (1,236 lines: 1,225 parsed, 11 unparsed)');
  });
});

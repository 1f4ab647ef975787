// Golden test of the exports on the built-in sample: the Markdown postmortem (UTC, fixed export time)
// and the CSV of all events are compared byte for byte with test/golden/exports/; the HTML report is
// checked for its structure. Goldens are written only with UPDATE_GOLDEN=1, and must be read before
// committing.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { STAGE_BY_ID } from '../../parsers/stages.ts';
import { analyzeFiles } from '../../workers/engine.ts';
import type { Incident } from '../../workers/incident.ts';
import { csvColumns, eventsCsv } from '../../workers/report/csv.ts';
import { incidentHtml } from '../../workers/report/html-report.ts';
import { incidentMarkdown } from '../../workers/report/markdown.ts';
import { keyEvents } from '../../workers/report/report-model.ts';
import { formatIn } from '../../workers/report/time.ts';
import { parseCsv } from '../support/csv.ts';
import { sampleInputs } from '../support/folder-inputs.ts';

const root = resolve(import.meta.dirname, '../..');
const _sampleDir = join(root, 'public/sample');
const goldenDir = join(root, 'test/golden/exports');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const UTC = { mode: 'utc' } as const;
const GENERATED_AT = '2025-01-01T00:00:00Z';

let incident: Incident;
beforeAll(async () => {
  incident = await analyzeFiles(await sampleInputs());
});

function expectGolden(name: string, actual: string) {
  const path = join(goldenDir, name);
  if (UPDATE) {
    mkdirSync(goldenDir, { recursive: true });
    writeFileSync(path, actual);
  }
  if (!existsSync(path)) {
    throw new Error(
      `missing golden ${path}: run UPDATE_GOLDEN=1 npx vitest run test/golden/exports.test.ts, then read it`,
    );
  }
  // Compared as one string so a difference shows as a diff of lines, CRs included.
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

/** Cells of a Markdown table row whose cells hold no pipe (true of the sample). */
const cells = (row: string) =>
  row
    .slice(2, -2)
    .split(' | ')
    .map((c) => c.trim());
const unCode = (cell: string) => cell.replace(/^`+ ?|`+$/g, '').replace(/ $/, '');

describe('exports of the sample incident', () => {
  it('Markdown postmortem matches its golden', () => {
    expectGolden('sample.md', incidentMarkdown(incident, { display: UTC, generatedAt: GENERATED_AT }));
  });

  it('the Markdown timeline table is the events that matter, each row true to its event', () => {
    const md = incidentMarkdown(incident, { display: UTC, generatedAt: GENERATED_AT });
    const keys = keyEvents(incident);
    const rows = md.split('\n').filter((l) => /^\| \d{4}-/.test(l));
    expect(rows).toHaveLength(keys.length);
    expect(md).toContain(
      `This table shows ${keys.length} of the 7,982 events: for each host and stage its first event, its first recovery and its last event`,
    );
    rows.forEach((row, i) => {
      const e = keys[i]?.event;
      if (!e) throw new Error(`row ${i} has no event`);
      const [time, host, stage, ref, text] = cells(row);
      expect(time).toBe(formatIn(e.ts, UTC, true));
      expect(host).toBe(e.host);
      expect(stage?.replace(/\\_/g, '_')).toBe(
        `${STAGE_BY_ID[e.stage].title}${e.recovery ? ' (recovery)' : ''}`,
      );
      expect(unCode(ref ?? '')).toBe(`${e.source}:${e.line}`);
      expect(unCode(text ?? '')).toBe(e.text);
    });
    // Every host's stages begin and end in the table, and every cited line that is an event is in it.
    const shown = new Set(keys.map((k) => k.event));
    for (const host of incident.hosts) {
      for (const [stage, span] of Object.entries(host.stages)) {
        const events = incident.events.filter((e) => e.host === host.name && e.stage === stage);
        expect(events.length, `${host.name} ${stage}`).toBe(span?.count);
        expect(shown.has(events[0] as never), `${host.name} ${stage} first`).toBe(true);
      }
    }
    for (const f of incident.findings) {
      for (const ref of f.evidence) {
        const event = incident.events.find(
          (e) =>
            (e.source === ref.source && e.line === ref.line) ||
            e.alsoIn.some((c) => c.source === ref.source && c.line === ref.line),
        );
        if (event) expect(shown.has(event), `${ref.source}:${ref.line}`).toBe(true);
      }
    }
  });

  it('CSV of all events matches its golden', () => {
    expectGolden('sample-events.csv', eventsCsv(incident.events, { display: UTC }));
  });

  it('CSV reads back: header, one record per event, every field as the event has it', () => {
    const csv = eventsCsv(incident.events, { display: UTC });
    expect(csv.split('\r\n')).toHaveLength(incident.events.length + 2);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual(csvColumns(UTC));
    expect(rows).toHaveLength(7983);
    const col = (name: string) => csvColumns(UTC).indexOf(name);
    incident.events.forEach((e, i) => {
      const row = rows[i + 1] as string[];
      expect(row).toHaveLength(13);
      expect(row[col('time_utc')]).toBe(e.ts ?? '');
      expect(row[col('text')]).toBe(e.text);
      expect(row[col('line')]).toBe(String(e.line));
      expect(row[col('also_in')]).toBe(e.alsoIn.map((c) => `${c.source}:${c.line}`).join('; '));
    });
    // The kubelet lines quote their pod ids and carry commas: those records must be quoted.
    const quotedLines = csv.split('\r\n').filter((l) => l.includes('""'));
    expect(quotedLines.length).toBeGreaterThan(1000);
  });

  it('HTML report has every section, the CSP, no script, and the same timeline rows', () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="20"><rect width="100" height="20"/></svg>';
    const html = incidentHtml(incident, { display: UTC, generatedAt: GENERATED_AT, timelineSvg: svg });
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    );
    expect(html).not.toMatch(/<script/i);
    expect([...html.matchAll(/<section id="([a-z]+)">/g)].map((m) => m[1])).toEqual([
      'summary',
      'timeline',
      'stages',
      'findings',
      'remediation',
      'clocks',
      'sources',
    ]);
    const timeline = html.slice(
      html.indexOf('<section id="timeline">'),
      html.indexOf('<section id="stages">'),
    );
    expect(timeline.match(/<tr[ >]/g)).toHaveLength(keyEvents(incident).length + 1);
    expect(html.match(/<h3><span class="sev /g)).toHaveLength(incident.findings.length);
    expect(html.match(/<tr><td><code>sample\//g)).toHaveLength(incident.sources.length);
    expect(html).toContain(`<figure class="timeline">${svg}`);
    expect(html).toContain('<title>CephFS eviction cascade of 2019-11-12 10:14 UTC</title>');
  });
});

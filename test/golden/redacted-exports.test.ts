import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeFiles } from '../../workers/engine.ts';
import { CLUSTER_HOST, type Incident } from '../../workers/incident.ts';
import { eventsCsv } from '../../workers/report/csv.ts';
import { incidentHtml } from '../../workers/report/html-report.ts';
import { incidentMarkdown } from '../../workers/report/markdown.ts';
import { redactIncident } from '../../workers/report/redact.ts';
import { buildView, prepareTimeline } from '../../workers/report/timeline-model.ts';
import { timelineSvg } from '../../workers/report/timeline-svg.ts';
import { buildShareLink, readShareFragment } from '../../workers/share/share-link.ts';
import { sampleInputs } from '../support/folder-inputs.ts';

const _SAMPLE = resolve(import.meta.dirname, '../../public/sample');
const UTC = { mode: 'utc' } as const;
const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/g;

let original: Incident;
let outputs: Record<string, string>;

beforeAll(async () => {
  original = await analyzeFiles(await sampleInputs());
  const { incident } = redactIncident(original);
  const prepared = prepareTimeline(incident);
  if (!prepared) throw new Error('the sample has timed events');
  const svg = timelineSvg(buildView(prepared, { mode: 'host', zoom: null, display: UTC }), {
    display: UTC,
    title: incident.episodes?.[0]?.summary ?? '',
  }).svg;
  const options = { display: UTC, generatedAt: '2026-01-01T00:00:00Z', redacted: true };
  const link = buildShareLink(
    incident,
    {
      laneMode: 'host',
      zoom: null,
      episode: null,
      timeDisplay: UTC,
      logFilter: { hosts: [], stages: [], sources: [], severities: [], query: '', regex: false },
      focus: null,
    },
    { baseUrl: 'https://cascade.example/', created: '2026-01-01T00:00:00Z', redacted: true },
  );
  if (!link.ok) throw new Error(link.error);
  const read = readShareFragment(link.fragment);
  if (!read.ok) throw new Error(read.error);
  outputs = {
    markdown: incidentMarkdown(incident, options),
    csv: eventsCsv(incident.events, { display: UTC }),
    html: incidentHtml(incident, { ...options, timelineSvg: svg }),
    json: JSON.stringify(incident),
    svg,
    'share link, decoded': JSON.stringify(read.payload),
  };
}, 60_000);

describe('redacted exports and links of the sample', () => {
  it('scans for the original addresses and hosts the sample really has', () => {
    const ips = new Set(JSON.stringify(original).match(IPV4));
    expect(ips.size).toBeGreaterThanOrEqual(5);
    const hosts = original.hosts.map((h) => h.name);
    expect(hosts).toEqual(['k8s-worker-1', 'k8s-worker-2', 'k8s-worker-3']);
  });

  it.each(['markdown', 'csv', 'html', 'json', 'svg', 'share link, decoded'])(
    'the %s holds no original IP address or host name',
    (kind) => {
      const text = outputs[kind] as string;
      expect(text.length).toBeGreaterThan(100);
      const originals = new Set(JSON.stringify(original).match(IPV4));
      const left = [...new Set(text.match(IPV4))].filter((ip) => originals.has(ip));
      expect(left).toEqual([]);
      for (const host of original.hosts.map((h) => h.name)) expect(text).not.toContain(host);
      for (const source of original.sources)
        if (source.host && source.host !== CLUSTER_HOST) expect(text).not.toContain(source.host);
    },
  );

  it('still tells the story with pseudonyms', () => {
    expect(outputs.markdown).toContain('node-1');
    expect(outputs.svg).toContain('>node-1</text>');
    expect(outputs['share link, decoded']).toContain('node-3');
  });
});

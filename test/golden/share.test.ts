import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeFiles } from '../../workers/engine.ts';
import type { Incident, IncidentEvent } from '../../workers/incident.ts';
import {
  buildShareLink,
  readShareFragment,
  SHARE_URL_LIMIT,
  type ShareBuild,
  type ShareView,
} from '../../workers/share/share-link.ts';
import { sampleInputs } from '../support/folder-inputs.ts';

const root = resolve(import.meta.dirname, '../..');
const _sampleDir = join(root, 'public/sample');
const BASE = 'http://127.0.0.1:4173/';

const view: ShareView = {
  laneMode: 'host',
  zoom: null,
  episode: 'episode-1',
  timeDisplay: { mode: 'utc' },
  logFilter: { hosts: [], stages: [], sources: [], severities: [], query: '', regex: false },
  focus: { source: 'sample/k8s-worker-1/dmesg.log', line: 875 },
};

let incident: Incident;
let link: ShareBuild;
let encodeMs: number;
beforeAll(async () => {
  incident = await analyzeFiles(await sampleInputs());
  const started = performance.now();
  link = buildShareLink(incident, view, {
    baseUrl: BASE,
    created: '2025-06-01T12:00:00.000Z',
    redacted: false,
  });
  encodeMs = performance.now() - started;
});

const at = (e: { source: string; line: number }) => `${e.source}:${e.line}`;

describe('the sample incident as a share link', () => {
  it('fits within SHARE_URL_LIMIT and reads back exactly', () => {
    expect(link.ok).toBe(true);
    if (!link.ok) return;
    expect(link.length).toBeLessThanOrEqual(SHARE_URL_LIMIT);
    expect(link.url.length).toBe(link.length);
    const started = performance.now();
    const read = readShareFragment(link.fragment);
    const decodeMs = performance.now() - started;
    expect(read).toStrictEqual({ ok: true, payload: link.payload });
    console.info(
      `sample share link: ${link.length} characters (limit ${SHARE_URL_LIMIT}), ` +
        `${link.payload.incident.events.length} of ${link.payload.totalEvents} events, ` +
        `encode ${encodeMs.toFixed(0)} ms, decode ${decodeMs.toFixed(1)} ms`,
    );
  });

  it('says how many events it left out of how many', () => {
    if (!link.ok) throw new Error(link.error);
    expect(incident.events.length).toBe(7982);
    expect(link.payload.totalEvents).toBe(7982);
    expect(link.payload.omittedEvents).toBe(7982 - link.payload.incident.events.length);
    expect(link.payload.omittedEvents).toBeGreaterThan(7000);
  });

  it('keeps every event a finding cites, with the cited text', () => {
    if (!link.ok) throw new Error(link.error);
    const kept = link.payload.incident.events;
    const keptAt = new Set(kept.flatMap((e) => [at(e), ...e.alsoIn.map(at)]));
    const cited = incident.findings.flatMap((f) => f.evidence);
    const citedEvents = incident.events.filter(
      (e) => cited.some((c) => at(c) === at(e)) || e.alsoIn.some((a) => cited.some((c) => at(c) === at(a))),
    );
    expect(citedEvents.length).toBeGreaterThan(20);
    for (const e of citedEvents) expect(keptAt.has(at(e)), at(e)).toBe(true);
    expect(link.payload.incident.findings).toStrictEqual(incident.findings);
  });

  it('keeps the first and last event and the first recovery of every host and stage', () => {
    if (!link.ok) throw new Error(link.error);
    const kept = new Set(link.payload.incident.events.map(at));
    const lanes = new Map<string, IncidentEvent[]>();
    for (const e of incident.events) {
      const key = `${e.host} ${e.stage}`;
      lanes.set(key, [...(lanes.get(key) ?? []), e]);
    }
    expect(lanes.size).toBe(21);
    for (const [lane, events] of lanes) {
      const recovery = events.find((e) => e.recovery);
      for (const e of [events[0], events[events.length - 1], recovery]) {
        if (e) expect(kept.has(at(e)), `${lane}: ${at(e)}`).toBe(true);
      }
    }
  });

  it('keeps the counts of the whole incident', () => {
    if (!link.ok) throw new Error(link.error);
    const shared = link.payload.incident;
    expect(shared.stages.map((s) => [s.id, s.count, s.recoveries])).toEqual(
      incident.stages.map((s) => [s.id, s.count, s.recoveries]),
    );
    expect(shared.hosts.map((h) => h.stages)).toEqual(incident.hosts.map((h) => h.stages));
    expect(shared.episodes).toStrictEqual(incident.episodes);
    expect(shared.sources.map((s) => [s.path, s.lines, s.events])).toEqual(
      incident.sources.map((s) => [s.path, s.lines, s.events]),
    );
  });

  it('leaves the log volume out: the link is the one of the incident without it', () => {
    if (!link.ok) throw new Error(link.error);
    expect(incident.volume?.sources.length).toBeGreaterThan(0);
    expect(link.payload.incident.volume).toBeUndefined();
    const { volume: _volume, ...without } = incident;
    const plain = buildShareLink(without, view, {
      baseUrl: BASE,
      created: '2025-06-01T12:00:00.000Z',
      redacted: false,
    });
    expect(plain.ok && plain.url).toBe(link.url);
  });

  it('carries no whole-log content: its lines are the chosen events, unchanged but for the offset', () => {
    if (!link.ok) throw new Error(link.error);
    const original = new Map(incident.events.map((e) => [at(e), e]));
    for (const e of link.payload.incident.events) {
      const from = original.get(at(e));
      expect(from, at(e)).toBeDefined();
      expect({ ...e, alsoIn: [] }).toStrictEqual({ ...from, offset: 0, alsoIn: [] });
    }
    expect(JSON.stringify(link.payload).length).toBeLessThan(100_000);
  });
});

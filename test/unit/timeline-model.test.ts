// The timeline's model without recharts: lanes both ways, count bins that follow the zoom, zoom
// arithmetic, stage-start annotations and their callouts, ticks in the chosen zone, and its speed.
import { describe, expect, it } from 'vitest';
import { STAGE_IDS, type StageId } from '../../parsers/stages.ts';
import type { Incident, IncidentEvent } from '../../workers/incident.ts';
import {
  brushToZoom,
  buildView,
  clampZoom,
  type Mark,
  MIN_SPAN,
  type PreparedTimeline,
  panBy,
  prepareTimeline,
  staggerLabels,
  type TimelineView,
  timeTicks,
  zoneOffsetMs,
  zoomAround,
  zoomToBrush,
} from '../../workers/report/timeline-model.ts';

import { incidentOf, timelineEvent } from '../support/incidents.ts';

const T0 = Date.parse('2019-11-12T10:14:03.000Z');
const SECOND = 1000;
const UTC = { mode: 'utc' } as const;

/** A small cascade on node-1 and node-2, and a dense loop: 1000 lines, one a second, on node-1. */
function sample(): Incident {
  let line = 1;
  const events = [
    timelineEvent('node-1', 'connection-reset', T0, line++),
    timelineEvent('node-2', 'connection-reset', T0 + 37 * SECOND, line++),
    timelineEvent('node-1', 'mon-session-lost', T0 + 1, line++, true),
    timelineEvent('node-1', 'mon-session-lost', T0 + 2 * SECOND, line++),
    timelineEvent('node-1', 'reconnect-denied', T0 + 311 * SECOND, line++),
  ];
  for (let i = 0; i < 1000; i++)
    events.push(timelineEvent('node-1', 'quota-realm-loop', T0 + 333 * SECOND + i * SECOND, line++));
  return incidentOf(events);
}

const marks = (view: TimelineView): Mark[] => view.series.flatMap((s) => s.marks);
const counted = (list: Mark[]) => list.reduce((n, m) => n + (m.kind === 'bin' ? m.count : 1), 0);

function prepared(incident = sample()): PreparedTimeline {
  const p = prepareTimeline(incident);
  if (!p) throw new Error('no timed events');
  return p;
}

describe('prepareTimeline', () => {
  it('keeps timed events in time order, counts the untimed, pads the whole range', () => {
    const inc = sample();
    inc.events.push({ ...timelineEvent('node-3', 'caps-stale', T0, 9999), ts: null });
    const p = prepared(inc);
    expect(p.events).toHaveLength(1005);
    expect(p.untimed).toBe(1);
    expect(p.events.map((e) => e.x)).toEqual([...p.events.map((e) => e.x)].sort((a, b) => a - b));
    expect(p.full[0]).toBeLessThan(p.first);
    expect(p.full[1]).toBeGreaterThan(p.last);
  });

  it('is null when no event has a time', () => {
    expect(
      prepareTimeline(incidentOf([{ ...timelineEvent('node-1', 'caps-stale', T0, 1), ts: null }])),
    ).toBeNull();
  });
});

describe('lanes', () => {
  it('by stage: all seven stages in cascade order, numbered, hosts as series', () => {
    const view = buildView(prepared(), { mode: 'stage', zoom: null, display: UTC });
    expect(view.lanes.map((l) => l.key)).toEqual([...STAGE_IDS]);
    expect(view.lanes[0]?.title).toBe('① Connection reset');
    expect(view.lanes[5]?.count).toBe(1000);
    expect(view.series.map((s) => s.key)).toEqual(['node-1', 'node-2']);
    expect(new Set(view.series.map((s) => s.color)).size).toBe(2);
    expect(new Set(view.series.map((s) => s.shape)).size).toBe(2);
  });

  it('by host: one lane per host with events, stages as series, each mark in its lane', () => {
    const view = buildView(prepared(), { mode: 'host', zoom: null, display: UTC });
    expect(view.lanes.map((l) => l.title)).toEqual(['node-1', 'node-2']);
    expect(view.series.map((s) => s.key)).toEqual([
      'connection-reset',
      'mon-session-lost',
      'reconnect-denied',
      'quota-realm-loop',
    ]);
    for (const m of marks(view)) {
      expect(m.lane).toBe(m.host);
      expect(Math.round(m.y) + 0).toBe(view.lanes.findIndex((l) => l.key === m.host));
    }
  });

  it('gives each series of a lane its own row, the same at every zoom', () => {
    const p = prepared();
    const whole = buildView(p, { mode: 'stage', zoom: null, display: UTC });
    const zoomed = buildView(p, { mode: 'stage', zoom: [T0 - SECOND, T0 + 60 * SECOND], display: UTC });
    const resetRows = (v: TimelineView) =>
      Object.fromEntries(
        marks(v)
          .filter((m) => m.stage === 'connection-reset')
          .map((m) => [m.host, m.y]),
      );
    expect(resetRows(whole)['node-1']).not.toBe(resetRows(whole)['node-2']);
    expect(resetRows(zoomed)).toEqual(resetRows(whole));
  });
});

describe('binning by zoom', () => {
  it('draws the dense loop as count bins over the whole incident, sparse events as markers', () => {
    const view = buildView(prepared(), { mode: 'stage', zoom: null, display: UTC });
    const loop = marks(view).filter((m) => m.stage === 'quota-realm-loop');
    expect(loop.every((m) => m.kind === 'bin')).toBe(true);
    expect(counted(loop)).toBe(1000);
    expect(loop.length).toBeLessThanOrEqual(64);
    const reset = marks(view).filter((m) => m.stage === 'connection-reset');
    expect(reset.map((m) => m.kind)).toEqual(['event', 'event']);
    expect(view.visible).toBe(1005);
    expect(view.markers + view.bins).toBe(marks(view).length);
  });

  it('narrows the bins as one zooms in, down to single markers', () => {
    const p = prepared();
    const whole = buildView(p, { mode: 'stage', zoom: null, display: UTC });
    const minute = buildView(p, {
      mode: 'stage',
      zoom: [T0 + 400 * SECOND, T0 + 460 * SECOND],
      display: UTC,
    });
    const close = buildView(p, { mode: 'stage', zoom: [T0 + 400 * SECOND, T0 + 420 * SECOND], display: UTC });
    expect(minute.binWidth).toBeLessThan(whole.binWidth);
    expect(close.binWidth).toBeLessThan(minute.binWidth);
    const loop = marks(close).filter((m) => m.stage === 'quota-realm-loop');
    expect(loop.every((m) => m.kind === 'event')).toBe(true);
    // Whole bins around the view are counted, so a marker may sit just outside it.
    expect(loop.length).toBeGreaterThanOrEqual(20);
    expect(loop.length).toBeLessThanOrEqual(22);
  });

  it('bins on round times, says the first event of each, and counts recoveries', () => {
    const events = [];
    for (let i = 0; i < 50; i++)
      events.push(timelineEvent('node-1', 'caps-stale', T0 + i * 100, i + 1, i % 10 === 0));
    const view = buildView(prepared(incidentOf(events)), { mode: 'stage', zoom: null, display: UTC });
    const bins = marks(view).filter((m) => m.kind === 'bin');
    expect(bins.length).toBeGreaterThan(0);
    for (const b of bins) {
      if (b.kind !== 'bin') continue;
      expect(b.x0 % view.binWidth).toBe(0);
      expect(b.x1 - b.x0).toBe(view.binWidth);
    }
    const first = bins[0];
    expect(first?.line).toBe(1);
    expect(bins.reduce((n, b) => n + (b.kind === 'bin' ? b.recoveries : 0), 0)).toBe(5);
  });

  it('aligns bins and ticks to the clock of the chosen zone', () => {
    const kolkata = { mode: 'zone', zone: 'Asia/Kolkata' } as const;
    expect(zoneOffsetMs(T0, kolkata)).toBe(5.5 * 3600 * SECOND);
    expect(zoneOffsetMs(T0, { mode: 'zone', zone: 'Asia/Shanghai' })).toBe(8 * 3600 * SECOND);
    expect(zoneOffsetMs(T0, UTC)).toBe(0);
    const events = [];
    for (let i = 0; i < 400; i++)
      events.push(timelineEvent('node-1', 'quota-realm-loop', T0 + i * 60 * SECOND, i + 1));
    const view = buildView(prepared(incidentOf(events)), { mode: 'stage', zoom: null, display: kolkata });
    const offset = 5.5 * 3600 * SECOND;
    expect(view.binWidth).toBe(10 * 60 * SECOND);
    for (const m of marks(view)) if (m.kind === 'bin') expect((m.x0 + offset) % view.binWidth).toBe(0);
    const hourly = timeTicks(T0, T0 + 6 * 3600 * SECOND, 8, offset);
    for (const t of hourly) expect((t + offset) % 3600_000).toBe(0);
    expect(view.axisLabel).toBe('Time (Asia/Kolkata) · 2019-11-12');
  });
});

describe('zoom', () => {
  const full: [number, number] = [0, 100_000];

  it('clamps a stored zoom to the incident', () => {
    expect(clampZoom(null, full)).toEqual(full);
    expect(clampZoom([-5000, 20_000], full)).toEqual([0, 20_000]);
    expect(clampZoom([200_000, 300_000], full)).toEqual(full);
    const tiny = clampZoom([99_990, 99_995], full);
    expect(tiny[1] - tiny[0]).toBe(MIN_SPAN);
    expect(tiny[1]).toBe(100_000);
  });

  it('zooms around the pointer: the time under it stays where it was on screen', () => {
    const next = zoomAround([0, 100_000], full, 25_000, 0.5);
    expect(next).toEqual([12_500, 62_500]);
    const back = zoomAround(next ?? full, full, 25_000, 4);
    expect(back).toBeNull();
    const deep = zoomAround([10_000, 12_000], full, 11_000, 0.01);
    expect(deep).toEqual([10_500, 11_500]);
  });

  it('pans by a share of the view and stops at the ends', () => {
    expect(panBy([10_000, 30_000], full, 0.5)).toEqual([20_000, 40_000]);
    expect(panBy([10_000, 30_000], full, -1)).toEqual([0, 20_000]);
    expect(panBy([80_000, 100_000], full, 1)).toEqual([80_000, 100_000]);
  });

  it('maps the brush to whole overview bins and back', () => {
    expect(zoomToBrush(full, full, 100)).toEqual({ startIndex: 0, endIndex: 99 });
    expect(brushToZoom({ startIndex: 0, endIndex: 99 }, full, 100)).toBeNull();
    const zoom = brushToZoom({ startIndex: 10, endIndex: 19 }, full, 100);
    expect(zoom).toEqual([10_000, 20_000]);
    expect(zoomToBrush(zoom ?? full, full, 100)).toEqual({ startIndex: 10, endIndex: 19 });
    expect(zoomToBrush([10_500, 19_500], full, 100)).toEqual({ startIndex: 10, endIndex: 19 });
  });

  it('keeps the lanes and the zoom apart: a lane toggle shows the same range', () => {
    const p = prepared();
    const zoom: [number, number] = [T0 + 300 * SECOND, T0 + 500 * SECOND];
    const byStage = buildView(p, { mode: 'stage', zoom, display: UTC });
    const byHost = buildView(p, { mode: 'host', zoom, display: UTC });
    expect(byHost.domain).toEqual(byStage.domain);
    expect(byStage.zoomed).toBe(true);
    expect(counted(marks(byHost))).toBe(counted(marks(byStage)));
  });
});

describe('stage-start annotations', () => {
  it('marks the first non-recovery event of each stage, numbered in cascade order, in the chosen zone', () => {
    const p = prepared();
    const utc = buildView(p, { mode: 'stage', zoom: null, display: UTC }).annotations;
    expect(utc.map((a) => a.label)).toEqual([
      '① reset 10:14:03',
      '② mon lost 10:14:05',
      '③ denied 10:19:14',
      '⑥ quota loop 10:19:36',
    ]);
    expect(utc[1]?.line).toBe(4);
    const shanghai = buildView(p, {
      mode: 'stage',
      zoom: null,
      display: { mode: 'zone', zone: 'Asia/Shanghai' },
    }).annotations;
    expect(shanghai[0]?.label).toBe('① reset 18:14:03');
    expect(shanghai[0]?.x).toBe(utc[0]?.x);
  });

  it('staggers callouts that would touch into rows, and turns those at the right edge', () => {
    const rows = staggerLabels(
      [
        { px: 100, width: 120 },
        { px: 110, width: 80 },
        { px: 400, width: 100 },
        { px: 150, width: 50 },
        { px: 950, width: 100 },
      ],
      1000,
    );
    expect(rows.map((r) => r.row)).toEqual([0, 1, 0, 2, 0]);
    expect(rows[4]?.anchor).toBe('end');
    expect(rows[0]?.anchor).toBe('start');
  });
});

describe('speed', () => {
  it('builds the model of 10,000 events well under 50 ms', () => {
    const hosts = Array.from({ length: 8 }, (_, i) => `node-${i + 1}`);
    const events: IncidentEvent[] = [];
    for (let i = 0; i < 10_000; i++) {
      const stage = STAGE_IDS[i % 7] as StageId;
      events.push(
        timelineEvent(hosts[i % 8] as string, stage, T0 + Math.floor(i * 317.3), i + 1, i % 97 === 0),
      );
    }
    const inc = incidentOf(events, hosts);
    const timings: number[] = [];
    // The first runs pay for the JIT and for loading the zone data of Intl; what counts is the
    // build once those are warm (each new incident, lane mode, zoom or display).
    for (let run = 0; run < 11; run++) {
      const start = performance.now();
      const p = prepared(inc);
      buildView(p, {
        mode: run % 2 ? 'host' : 'stage',
        zoom: null,
        display: { mode: 'zone', zone: 'Asia/Shanghai' },
      });
      buildView(p, { mode: 'stage', zoom: [T0 + 600_000, T0 + 900_000], display: UTC });
      timings.push(performance.now() - start);
    }
    const warm = timings.slice(2).sort((a, b) => a - b);
    const median = warm[Math.floor(warm.length / 2)] as number;
    console.log(
      `timeline model, 10,000 events, prepare + 2 views: first ${timings[0]?.toFixed(1)} ms, ` +
        `warm median ${median.toFixed(1)} ms`,
    );
    expect(median).toBeLessThan(50);
  });
});

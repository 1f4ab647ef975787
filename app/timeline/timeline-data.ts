// Turns the incident's events into the chart's lanes, host series and time ticks. No recharts here,
// so the section can show lane counts before the chart chunk has loaded.
import { STAGE_BY_ID, STAGE_IDS, type StageId } from '../../parsers/stages.ts';
import type { Incident } from '../../workers/incident.ts';
import { toEpochMs } from '../lib/time.ts';

export interface Lane {
  id: StageId;
  title: string;
  count: number;
  recoveries: number;
  hosts: number;
}

/** All seven stages in cascade order, whether or not the bundle has events for them. */
export function buildLanes(incident: Incident): Lane[] {
  return STAGE_IDS.map((id) => {
    const stage = incident.stages.find((s) => s.id === id);
    const events = incident.events.filter((e) => e.stage === id);
    return {
      id,
      title: STAGE_BY_ID[id].title,
      count: stage?.count ?? events.length,
      recoveries: stage?.recoveries ?? events.filter((e) => e.recovery).length,
      hosts: stage?.hosts.length ?? new Set(events.map((e) => e.host)).size,
    };
  });
}

/** Shapes recharts draws for a Scatter series (also valid legend icons). */
export const SHAPES = ['circle', 'triangle', 'square', 'diamond', 'star', 'cross', 'wye'] as const;
export type Shape = (typeof SHAPES)[number];

/** Readable on the light and the dark background alike. */
export const COLORS = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#59a14f',
  '#b07aa1',
  '#76b7b2',
  '#edc948',
  '#ff9da7',
  '#9c755f',
  '#8c8c8c',
] as const;

export interface TimelinePoint {
  /** Epoch ms. */
  x: number;
  /** Lane (stage title): the category on the Y axis. */
  y: string;
  stage: StageId;
  host: string;
  source: string;
  line: number;
  text: string;
  recovery: boolean;
  /** Further events of the same host, stage and kind folded into this point when thinning. */
  folded: number;
}

export interface HostSeries {
  host: string;
  color: string;
  shape: Shape;
  points: TimelinePoint[];
}

export interface TimelineModel {
  laneTitles: string[];
  series: HostSeries[];
  domain: [number, number];
  ticks: number[];
  multiDay: boolean;
  timed: number;
  untimed: number;
  plotted: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TICK_STEPS = [
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
];

/** Ticks on round UTC times, at most about eight of them. */
export function timeTicks(from: number, to: number, maxTicks = 8): number[] {
  const span = Math.max(to - from, 1);
  const step = TICK_STEPS.find((s) => span / s <= maxTicks) ?? Math.ceil(span / maxTicks / DAY) * DAY;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  return ticks;
}

/**
 * Above `maxPoints`, events of one host, stage and recovery flag that fall into the same slice of
 * the time axis are folded into one point: an SVG with tens of thousands of marks freezes the page.
 */
export function buildTimeline(incident: Incident, maxPoints = 4000): TimelineModel | null {
  const hostOrder = [
    ...new Set([...incident.hosts.map((h) => h.name), ...incident.events.map((e) => e.host)]),
  ];
  const points: TimelinePoint[] = [];
  let untimed = 0;
  for (const e of incident.events) {
    const x = toEpochMs(e.ts);
    if (x === null) {
      untimed++;
      continue;
    }
    const title = STAGE_BY_ID[e.stage]?.title;
    if (!title) continue;
    points.push({
      x,
      y: title,
      stage: e.stage,
      host: e.host,
      source: e.source,
      line: e.line,
      text: e.text,
      recovery: e.recovery,
      folded: 0,
    });
  }
  if (points.length === 0) return null;

  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const p of points) {
    first = Math.min(first, p.x);
    last = Math.max(last, p.x);
  }

  let plottedPoints = points;
  if (points.length > maxPoints) {
    const slice = Math.max((last - first) / 600, 1);
    const kept = new Map<string, TimelinePoint>();
    for (const p of [...points].sort((a, b) => a.x - b.x)) {
      const key = `${p.host}\u0000${p.stage}\u0000${p.recovery}\u0000${Math.floor((p.x - first) / slice)}`;
      const existing = kept.get(key);
      if (existing) existing.folded++;
      else kept.set(key, { ...p });
    }
    plottedPoints = [...kept.values()];
  }

  const byHost = new Map<string, TimelinePoint[]>();
  for (const p of plottedPoints) {
    const list = byHost.get(p.host);
    if (list) list.push(p);
    else byHost.set(p.host, [p]);
  }
  const series = hostOrder
    .filter((host) => byHost.has(host))
    .map((host, i) => ({
      host,
      color: COLORS[i % COLORS.length] ?? '#888888',
      shape: SHAPES[i % SHAPES.length] ?? 'circle',
      points: byHost.get(host) ?? [],
    }));

  const pad = Math.max((last - first) * 0.03, 2 * SECOND);
  const domain: [number, number] = [first - pad, last + pad];
  return {
    laneTitles: STAGE_IDS.map((id) => STAGE_BY_ID[id].title),
    series,
    domain,
    ticks: timeTicks(domain[0], domain[1]),
    multiDay: last - first >= DAY,
    timed: points.length,
    untimed,
    plotted: plottedPoints.length,
  };
}

// Turns the incident's events into the timeline's model: lanes (by stage or by host), series, count
// bins for dense stretches, stage-start annotations, zoom arithmetic and time ticks in the chosen
// zone. Pure, so the screen's chart, the exported picture (SVG, PNG, HTML report) and the command
// line draw from one model; no recharts here, so the section can show lane counts before the chart
// chunk has loaded, and all of it is tested on its own.
import { STAGE_BY_ID, STAGE_IDS, type StageId } from '../../parsers/stages.ts';
import type { Incident, IncidentEvent } from '../incident.ts';
import { formatAxisIn, formatIn, type TimeZoneChoice, toEpochMs, zoneLabel, zoneOf } from './time.ts';

/** Timeline lanes: one per stage (hosts as colours and markers) or one per host (stages as colours). */
export type LaneMode = 'stage' | 'host';

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

export interface HostLane {
  host: string;
  count: number;
  stages: number;
}

/** One lane per host that has events, in the incident's host order. */
export function buildHostLanes(incident: Incident): HostLane[] {
  const byHost = new Map<string, { count: number; stages: Set<StageId> }>();
  for (const host of hostOrder(incident)) byHost.set(host, { count: 0, stages: new Set() });
  for (const e of incident.events) {
    const lane = byHost.get(e.host);
    if (!lane) continue;
    lane.count++;
    lane.stages.add(e.stage);
  }
  return [...byHost]
    .filter(([, lane]) => lane.count > 0)
    .map(([host, lane]) => ({ host, count: lane.count, stages: lane.stages.size }));
}

function hostOrder(incident: Incident): string[] {
  return [...new Set([...incident.hosts.map((h) => h.name), ...incident.events.map((e) => e.host)])];
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

/** The stage order numbers the annotations, lane titles and legend share. */
export const STAGE_NUMBERS = ['①', '②', '③', '④', '⑤', '⑥', '⑦'] as const;

/** A word or two per stage, for callouts that must stay short. */
export const STAGE_SHORT: Readonly<Record<StageId, string>> = {
  'connection-reset': 'reset',
  'mon-session-lost': 'mon lost',
  'reconnect-denied': 'denied',
  'mds-hung': 'hung',
  'caps-stale': 'caps stale',
  'quota-realm-loop': 'quota loop',
  'kubelet-mount-failure': 'pods fail',
};

const stageNumber = (index: number) => STAGE_NUMBERS[index] ?? String(index + 1);

/** `① Connection reset` */
export function stageLabel(id: StageId): string {
  return `${stageNumber(STAGE_IDS.indexOf(id))} ${STAGE_BY_ID[id].title}`;
}

// ---------------------------------------------------------------------------------------------
// Time arithmetic

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The narrowest range one can zoom to: below it the stamps' own resolution is all one sees. */
export const MIN_SPAN = SECOND;

const TICK_STEPS = [
  100,
  200,
  500,
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

/** Bin widths: round numbers of the clock, so a bin reads `10:19:30–10:20:00`. */
const BIN_STEPS = [10, 20, 50, ...TICK_STEPS];

/**
 * Milliseconds the chosen zone is ahead of UTC at `ms`: ticks and bins fall on round times of the
 * zone the user reads (a +05:30 zone gets its hours on the hour, not at half past).
 */
export function zoneOffsetMs(ms: number, display: TimeZoneChoice): number {
  if (zoneOf(display) === 'UTC') return 0;
  const shown = Date.parse(`${formatIn(ms, display).replace(' ', 'T')}Z`);
  return Number.isFinite(shown) ? shown - Math.floor(ms / SECOND) * SECOND : 0;
}

/** Ticks on round times of the zone (`offset` ms ahead of UTC), at most about `maxTicks` of them. */
export function timeTicks(from: number, to: number, maxTicks = 8, offset = 0): number[] {
  const span = Math.max(to - from, 1);
  const step = TICK_STEPS.find((s) => span / s <= maxTicks) ?? Math.ceil(span / maxTicks / DAY) * DAY;
  const ticks: number[] = [];
  for (let t = Math.ceil((from + offset) / step) * step - offset; t <= to; t += step) ticks.push(t);
  return ticks;
}

/** The narrowest round bin width that cuts `span` into at most `targetBins` bins. */
export function binWidth(span: number, targetBins: number): number {
  const wanted = span / Math.max(targetBins, 1);
  return BIN_STEPS.find((s) => s >= wanted) ?? Math.ceil(wanted / DAY) * DAY;
}

/**
 * The range the chart shows for a zoom kept in the store: the whole incident for null, else the
 * zoom cut to the incident and widened to at least `MIN_SPAN`. A zoom that misses the incident
 * altogether (kept from other events) shows the whole incident.
 */
export function clampZoom(
  zoom: readonly [number, number] | null,
  full: readonly [number, number],
): [number, number] {
  if (zoom === null) return [full[0], full[1]];
  const from = Math.max(zoom[0], full[0]);
  const to = Math.min(zoom[1], full[1]);
  if (!(to >= from)) return [full[0], full[1]];
  if (to - from >= MIN_SPAN) return [from, to];
  return fitInto((from + to) / 2, MIN_SPAN, full);
}

/** A range of `span` centred on `center`, moved (not shrunk) to lie inside `full`. */
function fitInto(center: number, span: number, full: readonly [number, number]): [number, number] {
  const width = Math.min(span, full[1] - full[0]);
  let from = center - width / 2;
  from = Math.min(Math.max(from, full[0]), full[1] - width);
  return [from, from + width];
}

/** What the store keeps for a range: null when it covers the whole incident. */
function asZoom(range: [number, number], full: readonly [number, number]): [number, number] | null {
  return range[0] <= full[0] && range[1] >= full[1] ? null : range;
}

/**
 * Zoom by `factor` (below 1 zooms in) keeping `center` where it is on screen: the time under the
 * pointer stays under the pointer. Null when the result is the whole incident.
 */
export function zoomAround(
  view: readonly [number, number],
  full: readonly [number, number],
  center: number,
  factor: number,
): [number, number] | null {
  const span = view[1] - view[0];
  const fullSpan = full[1] - full[0];
  const next = Math.min(Math.max(span * factor, Math.min(MIN_SPAN, fullSpan)), fullSpan);
  const pivot = Math.min(Math.max(center, view[0]), view[1]);
  const from = pivot - (pivot - view[0]) * (next / span);
  return asZoom(fitInto(from + next / 2, next, full), full);
}

/** Move the view by `fraction` of its width (negative: earlier), stopping at the incident's ends. */
export function panBy(
  view: readonly [number, number],
  full: readonly [number, number],
  fraction: number,
): [number, number] | null {
  const span = view[1] - view[0];
  return asZoom(fitInto((view[0] + view[1]) / 2 + span * fraction, span, full), full);
}

// ---------------------------------------------------------------------------------------------
// The incident's timed events, parsed once per incident

export interface TimedEvent {
  /** Epoch ms. */
  x: number;
  stage: number;
  host: number;
  event: IncidentEvent;
}

export interface PreparedTimeline {
  /** In time order (ties in the incident's order). */
  events: TimedEvent[];
  hosts: string[];
  first: number;
  last: number;
  /** The whole incident with a little room at both ends: the unzoomed view. */
  full: [number, number];
  untimed: number;
  /** Timed events per stage and host: `counts[stage * hosts.length + host]`. */
  counts: number[];
}

export function prepareTimeline(incident: Incident): PreparedTimeline | null {
  const hosts = hostOrder(incident);
  const hostIndex = new Map(hosts.map((h, i) => [h, i]));
  const stageIndex = new Map<string, number>(STAGE_IDS.map((id, i) => [id, i]));
  const events: TimedEvent[] = [];
  let untimed = 0;
  for (const event of incident.events) {
    const stage = stageIndex.get(event.stage);
    const host = hostIndex.get(event.host);
    if (stage === undefined || host === undefined) continue;
    const x = toEpochMs(event.ts);
    if (x === null) {
      untimed++;
      continue;
    }
    events.push({ x, stage, host, event });
  }
  if (events.length === 0) return null;
  // The engine hands events over mostly in time order; sorting is stable, so events of one instant
  // keep the incident's order.
  if (events.some((e, i) => i > 0 && e.x < (events[i - 1] as TimedEvent).x)) events.sort((a, b) => a.x - b.x);
  const counts = new Array<number>(STAGE_IDS.length * hosts.length).fill(0);
  for (const e of events)
    counts[e.stage * hosts.length + e.host] = (counts[e.stage * hosts.length + e.host] ?? 0) + 1;
  const first = (events[0] as TimedEvent).x;
  const last = (events[events.length - 1] as TimedEvent).x;
  const pad = Math.max((last - first) * 0.02, 2 * SECOND);
  return { events, hosts, first, last, full: [first - pad, last + pad], untimed, counts };
}

/** Index of the first event at or after `x`. */
function lowerBound(events: readonly TimedEvent[], x: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((events[mid] as TimedEvent).x < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---------------------------------------------------------------------------------------------
// The view: what the chart draws for one lane mode, zoom and time display

interface MarkBase {
  /** Epoch ms (a bin's middle). */
  x: number;
  /** Lane index plus the series' offset inside the lane (lane 0 is drawn on top). */
  y: number;
  /** Height of the series' row inside the lane, in lanes. */
  h: number;
  lane: string;
  series: string;
  stage: StageId;
  host: string;
  /** The (first) event's line: what a click shows in the log view. */
  source: string;
  line: number;
  text: string;
}

export interface EventMark extends MarkBase {
  kind: 'event';
  recovery: boolean;
}

export interface BinMark extends MarkBase {
  kind: 'bin';
  x0: number;
  x1: number;
  count: number;
  recoveries: number;
}

export type Mark = EventMark | BinMark;

export interface SeriesModel {
  key: string;
  name: string;
  color: string;
  shape: Shape;
  marks: Mark[];
}

export interface LaneModel {
  key: string;
  title: string;
  /** Timed events of the lane in the whole incident shown. */
  count: number;
}

export interface Annotation {
  stage: StageId;
  /** `①` */
  number: string;
  /** `① reset 10:14:03` in the chosen zone. */
  label: string;
  /** Epoch ms of the stage's first (non-recovery) event. */
  x: number;
  host: string;
  source: string;
  line: number;
}

export interface TimelineView {
  mode: LaneMode;
  lanes: LaneModel[];
  series: SeriesModel[];
  /** The range shown (epoch ms) and the whole incident's. */
  domain: [number, number];
  full: [number, number];
  zoomed: boolean;
  ticks: number[];
  /** Whether axis ticks carry the date (views longer than half a day). */
  withDay: boolean;
  /** `Time (UTC) · 2019-11-12` */
  axisLabel: string;
  /** Width of one count bin at this zoom, ms. */
  binWidth: number;
  /** Every stage start of the incident shown, in cascade order; the chart draws those in view. */
  annotations: Annotation[];
  /** Events inside the range shown, and how they are drawn. */
  visible: number;
  markers: number;
  bins: number;
  /** Most events in one bin, for the bins' shading. */
  maxBin: number;
  timed: number;
  untimed: number;
  /** Most series sharing one lane: the lane height follows it. */
  rowsPerLane: number;
}

export interface ViewOptions {
  mode: LaneMode;
  zoom: readonly [number, number] | null;
  display: TimeZoneChoice;
  /** About how many bins fit across the chart. */
  targetBins?: number;
  /** A bin holding at least this many events of one lane and series is drawn as one count bin. */
  minBinCount?: number;
}

/** Share of a lane's height its series' rows take; the rest keeps lanes apart. */
const LANE_FILL = 0.76;

/** `UTC`, `Asia/Shanghai`, `Europe/Berlin, browser time`: the zone as the axis names it. */
export function axisZone(display: TimeZoneChoice): string {
  return display.mode === 'local' ? `${zoneOf(display)}, browser time` : zoneLabel(display);
}

/** The first non-recovery event of each stage, labelled with its order number and time. */
export function stageStarts(prepared: PreparedTimeline, display: TimeZoneChoice): Annotation[] {
  const firsts = new Map<number, TimedEvent>();
  for (const e of prepared.events) {
    if (!e.event.recovery && !firsts.has(e.stage)) firsts.set(e.stage, e);
  }
  const withDay = prepared.last - prepared.first >= DAY;
  return [...firsts.values()]
    .sort((a, b) => a.stage - b.stage)
    .map((e) => {
      const stage = STAGE_IDS[e.stage] as StageId;
      const number = stageNumber(e.stage);
      return {
        stage,
        number,
        label: `${number} ${STAGE_SHORT[stage]} ${formatAxisIn(e.x, display, withDay)}`,
        x: e.x,
        host: e.event.host,
        source: e.event.source,
        line: e.event.line,
      };
    });
}

interface Group {
  slot: number;
  count: number;
  recoveries: number;
  /** The first events of the current slot, up to the bin threshold. */
  held: TimedEvent[];
}

/**
 * The chart's model. Events are cut into round-width bins that follow the zoom (about
 * `targetBins` across the view, aligned to the zone's clock); in each bin, a lane and series with
 * `minBinCount` or more events is drawn as one count bin, fewer as individual markers. So the
 * 3871-line quota loop is a row of bins at the whole incident and single lines once zoomed in,
 * and the SVG never holds more than lanes × series × bins marks.
 */
export function buildView(prepared: PreparedTimeline, options: ViewOptions): TimelineView {
  const { mode, display, targetBins = 64, minBinCount = 2 } = options;
  const { full, events } = prepared;
  const domain = clampZoom(options.zoom, full);
  const span = domain[1] - domain[0];
  const byStage = mode === 'stage';

  // Lanes and series: stages × hosts, one way round or the other.
  const laneOf = (e: TimedEvent) => (byStage ? e.stage : e.host);
  const seriesOf = (e: TimedEvent) => (byStage ? e.host : e.stage);
  const seriesCount = byStage ? prepared.hosts.length : STAGE_IDS.length;
  const laneCounts = new Array<number>(byStage ? STAGE_IDS.length : prepared.hosts.length).fill(0);
  const present = new Set<number>();
  prepared.counts.forEach((n, i) => {
    if (n === 0) return;
    const stage = Math.floor(i / prepared.hosts.length);
    const host = i % prepared.hosts.length;
    const lane = byStage ? stage : host;
    laneCounts[lane] = (laneCounts[lane] ?? 0) + n;
    present.add(lane * seriesCount + (byStage ? host : stage));
  });
  // Stage lanes are all seven, always; host lanes are the hosts with timed events.
  const laneIds = laneCounts.map((_, i) => i).filter((i) => byStage || (laneCounts[i] ?? 0) > 0);
  const lanePosition = new Map(laneIds.map((id, pos) => [id, pos]));
  const lanes: LaneModel[] = laneIds.map((id) => ({
    key: byStage ? (STAGE_IDS[id] as StageId) : (prepared.hosts[id] as string),
    title: byStage ? stageLabel(STAGE_IDS[id] as StageId) : (prepared.hosts[id] as string),
    count: laneCounts[id] ?? 0,
  }));

  // Each series present in a lane gets its own row there, the same at every zoom, so the bins and
  // markers of three hosts in one lane sit one above the other instead of on top of each other.
  const rowY = new Map<number, { y: number; h: number }>();
  let rowsPerLane = 1;
  for (const lane of laneIds) {
    const rows: number[] = [];
    for (let s = 0; s < seriesCount; s++) if (present.has(lane * seriesCount + s)) rows.push(s);
    rowsPerLane = Math.max(rowsPerLane, rows.length);
    const h = LANE_FILL / Math.max(rows.length, 1);
    rows.forEach((s, k) => {
      rowY.set(lane * seriesCount + s, {
        y: (lanePosition.get(lane) ?? 0) + (k - (rows.length - 1) / 2) * h,
        h,
      });
    });
  }

  const series: SeriesModel[] = [];
  const seriesPosition = new Map<number, SeriesModel>();
  for (let s = 0; s < seriesCount; s++) {
    let used = false;
    for (const lane of laneIds) used ||= present.has(lane * seriesCount + s);
    if (!used) continue;
    const model: SeriesModel = byStage
      ? {
          key: prepared.hosts[s] as string,
          name: prepared.hosts[s] as string,
          color: COLORS[s % COLORS.length] as string,
          shape: SHAPES[s % SHAPES.length] as Shape,
          marks: [],
        }
      : {
          key: STAGE_IDS[s] as StageId,
          name: stageLabel(STAGE_IDS[s] as StageId),
          color: COLORS[s % COLORS.length] as string,
          shape: SHAPES[s % SHAPES.length] as Shape,
          marks: [],
        };
    seriesPosition.set(s, model);
    series.push(model);
  }

  // Bins on round times of the zone, anchored at the incident (not the view), so panning does not
  // move them; the range covered is widened to whole bins so every bin counts all its events.
  const width = binWidth(span, targetBins);
  const offset = zoneOffsetMs(prepared.first, display);
  const slotOf = (x: number) => Math.floor((x + offset) / width);
  const firstSlot = slotOf(domain[0]);
  const lastSlot = slotOf(domain[1]);
  const lo = lowerBound(events, firstSlot * width - offset);
  const hi = lowerBound(events, (lastSlot + 1) * width - offset);

  let markers = 0;
  let bins = 0;
  let maxBin = 0;
  const base = (e: TimedEvent, key: number) => {
    const row = rowY.get(key) ?? { y: 0, h: LANE_FILL };
    const stage = STAGE_IDS[e.stage] as StageId;
    return {
      y: row.y,
      h: row.h,
      lane: lanes[lanePosition.get(laneOf(e)) ?? 0]?.key ?? '',
      series: seriesPosition.get(seriesOf(e))?.key ?? '',
      stage,
      host: e.event.host,
      source: e.event.source,
      line: e.event.line,
      text: e.event.text,
    };
  };
  const flush = (key: number, g: Group) => {
    const target = seriesPosition.get(key % seriesCount);
    const head = g.held[0];
    if (!target || !head) return;
    if (g.count >= minBinCount) {
      const x0 = g.slot * width - offset;
      target.marks.push({
        kind: 'bin',
        ...base(head, key),
        x: x0 + width / 2,
        x0,
        x1: x0 + width,
        count: g.count,
        recoveries: g.recoveries,
      });
      bins++;
      maxBin = Math.max(maxBin, g.count);
      return;
    }
    for (const e of g.held) {
      target.marks.push({ kind: 'event', ...base(e, key), x: e.x, recovery: e.event.recovery });
      markers++;
    }
  };

  const groups = new Map<number, Group>();
  for (let i = lo; i < hi; i++) {
    const e = events[i] as TimedEvent;
    const key = laneOf(e) * seriesCount + seriesOf(e);
    const slot = slotOf(e.x);
    let g = groups.get(key);
    if (!g) {
      g = { slot, count: 0, recoveries: 0, held: [] };
      groups.set(key, g);
    } else if (g.slot !== slot) {
      flush(key, g);
      g.slot = slot;
      g.count = 0;
      g.recoveries = 0;
      g.held = [];
    }
    g.count++;
    if (e.event.recovery) g.recoveries++;
    if (g.held.length < minBinCount) g.held.push(e);
  }
  for (const [key, g] of groups) flush(key, g);

  const withDay = span >= DAY / 2;
  const tickOffset = zoneOffsetMs(domain[0], display);
  return {
    mode,
    lanes,
    series,
    domain,
    full: [full[0], full[1]],
    zoomed: domain[0] > full[0] || domain[1] < full[1],
    ticks: timeTicks(domain[0], domain[1], 8, tickOffset),
    withDay,
    axisLabel: `Time (${axisZone(display)})${withDay ? '' : ` · ${formatIn(domain[0], display).slice(0, 10)}`}`,
    binWidth: width,
    annotations: stageStarts(prepared, display),
    visible: lowerBound(events, domain[1] + 1e-9) - lowerBound(events, domain[0]),
    markers,
    bins,
    maxBin,
    timed: events.length,
    untimed: prepared.untimed,
    rowsPerLane,
  };
}

// ---------------------------------------------------------------------------------------------
// The overview under the chart: the whole incident's event counts, with the zoom as a brush

export interface OverviewBin {
  t0: number;
  t1: number;
  count: number;
}

export const OVERVIEW_BINS = 120;

/** Event counts across the whole incident in `n` equal bins (the brush selects whole bins). */
export function overviewBins(prepared: PreparedTimeline, n = OVERVIEW_BINS): OverviewBin[] {
  const [from, to] = prepared.full;
  const width = (to - from) / n;
  const bins = Array.from({ length: n }, (_, i) => ({
    t0: from + i * width,
    t1: from + (i + 1) * width,
    count: 0,
  }));
  for (const e of prepared.events) {
    const bin = bins[Math.min(Math.max(Math.floor((e.x - from) / width), 0), n - 1)];
    if (bin) bin.count++;
  }
  return bins;
}

/** The overview bins a view covers (partly covered ones included). */
export function zoomToBrush(
  view: readonly [number, number],
  full: readonly [number, number],
  n = OVERVIEW_BINS,
): { startIndex: number; endIndex: number } {
  const width = (full[1] - full[0]) / n;
  const clamp = (i: number) => Math.min(Math.max(i, 0), n - 1);
  // The small epsilon keeps a range made of whole bins (brushToZoom) on exactly those bins.
  return {
    startIndex: clamp(Math.floor((view[0] - full[0]) / width + 1e-6)),
    endIndex: clamp(Math.ceil((view[1] - full[0]) / width - 1e-6) - 1),
  };
}

/** The zoom for a brush over overview bins `startIndex`..`endIndex`; null for all of them. */
export function brushToZoom(
  brush: { startIndex?: number; endIndex?: number },
  full: readonly [number, number],
  n = OVERVIEW_BINS,
): [number, number] | null {
  const start = Math.min(Math.max(brush.startIndex ?? 0, 0), n - 1);
  const end = Math.min(Math.max(brush.endIndex ?? n - 1, start), n - 1);
  if (start === 0 && end === n - 1) return null;
  const width = (full[1] - full[0]) / n;
  return [full[0] + start * width, full[0] + (end + 1) * width];
}

// ---------------------------------------------------------------------------------------------
// Annotation callouts: staggered so that none covers another

export interface PlacedLabel {
  /** 0 is the row nearest the plot. */
  row: number;
  /** `start`: the label runs right of its line; `end`: left of it (near the right edge). */
  anchor: 'start' | 'end';
}

/** Rough width of a callout in px at the chart's 12 px font: enough to keep labels apart. */
export function labelWidth(text: string): number {
  return text.length * 6.8 + 8;
}

/**
 * Rows for labels drawn beside lines at `px`: each label takes the lowest row where it does not
 * touch a label already placed. A label that would run past `right` is drawn left of its line.
 */
export function staggerLabels(
  boxes: readonly { px: number; width: number }[],
  right: number,
  gap = 6,
): PlacedLabel[] {
  const order = boxes.map((_, i) => i).sort((a, b) => (boxes[a]?.px ?? 0) - (boxes[b]?.px ?? 0));
  const rowEnds: number[] = [];
  const placed: PlacedLabel[] = boxes.map(() => ({ row: 0, anchor: 'start' }));
  for (const i of order) {
    const box = boxes[i] as { px: number; width: number };
    const anchor = box.px + box.width > right ? 'end' : 'start';
    const from = anchor === 'start' ? box.px : box.px - box.width;
    let row = rowEnds.findIndex((end) => end + gap <= from);
    if (row === -1) row = rowEnds.length;
    rowEnds[row] = from + box.width;
    placed[i] = { row, anchor };
  }
  return placed;
}

// ---------------------------------------------------------------------------------------------
// Sizes the screen's chart and the exported picture share

/** Width of the lane titles' axis: the stage titles' width, or as wide as the longest host name needs. */
export function laneAxisWidth(view: TimelineView, charPx: number, stageWidth: number): number {
  if (view.mode === 'stage') return stageWidth;
  const longest = Math.max(...view.lanes.map((l) => l.title.length), 4);
  return Math.min(Math.max(longest * charPx + 16, 80), stageWidth);
}

/** Room for each series' row in a lane, within reason: twenty hosts share a lane more tightly. */
export function laneHeight(view: TimelineView): number {
  return Math.min(Math.max(44, view.rowsPerLane * 16 + 12), 200);
}

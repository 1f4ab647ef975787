// The log-volume histogram's model (pure): the incident's volume grid (cascade/incident@1 `volume`)
// summed per host over the range the timeline shows, with round-time ticks in the display zone and
// the sentences that say what is drawn and what is not.
import type { Incident, IncidentVolume } from '../../workers/incident.ts';
import { formatDuration, formatIn, type TimeZoneChoice } from '../../workers/report/time.ts';
import { COLORS, timeTicks, zoneOffsetMs } from '../../workers/report/timeline-model.ts';
import { formatCount, plural } from '../lib/format.ts';

/** One bar: a bucket of the grid, its lines per host (`h0`, `h1` … as keys of `VolumeView.hosts`). */
export interface VolumeBar {
  /** Index of the bucket in the incident's grid. */
  i: number;
  /** Its range, epoch ms. */
  t0: number;
  t1: number;
  total: number;
  [host: `h${number}`]: number;
}

export interface VolumeHost {
  /** The bar field of the host's lines. */
  key: `h${number}`;
  name: string;
  color: string;
  lines: number;
  sources: number;
}

export interface VolumeView {
  bucketMs: number;
  bars: VolumeBar[];
  hosts: VolumeHost[];
  /** Lines in the bars, and lines placed before or after them. */
  shown: number;
  before: number;
  after: number;
  /** The bar with the most lines (the first of equals), or null when every bar is empty. */
  fullest: VolumeBar | null;
  unplaced: IncidentVolume['unplaced'];
}

/** Sources without one host (the cluster's logs, files that merge several hosts) are drawn as one. */
export const OTHER_HOSTS = 'no single host';
const OTHER_COLOR = 'var(--fg-muted)';

/**
 * The bars of the incident's grid that overlap `range` (epoch ms; null: the whole grid), summed per
 * host in the timeline's host order and colours. Null when the incident carries no volume (a
 * shared snapshot).
 */
export function buildVolumeView(
  incident: Incident,
  range: readonly [number, number] | null,
): VolumeView | null {
  const volume = incident.volume;
  if (!volume) return null;
  const start = volume.start === null ? Number.NaN : Date.parse(volume.start);
  const bucketMs = volume.bucketSeconds * 1000;
  const order = [...new Set([...incident.hosts.map((h) => h.name), ...incident.events.map((e) => e.host)])];
  const hostOf = new Map(incident.sources.map((s) => [s.path, s.host]));
  // Grid bucket range shown.
  let first = 0;
  let last = volume.buckets - 1;
  if (range && Number.isFinite(start) && bucketMs > 0) {
    first = Math.max(first, Math.floor((range[0] - start) / bucketMs));
    last = Math.min(last, Math.ceil((range[1] - start) / bucketMs) - 1);
  }
  const count = Math.max(0, last - first + 1);
  // Lines per host slot and bucket shown; the slots are the hosts that have lines at all.
  const slots = new Map<string, { index: number; lines: number; sources: number; per: Float64Array }>();
  let before = 0;
  let after = 0;
  for (const source of volume.sources) {
    const host = hostOf.get(source.path) ?? null;
    const name = host !== null && order.includes(host) ? host : host === null ? OTHER_HOSTS : host;
    const slot = slots.get(name) ?? {
      index: order.indexOf(name),
      lines: 0,
      sources: 0,
      per: new Float64Array(count),
    };
    slots.set(name, slot);
    slot.sources++;
    before += source.before;
    after += source.after;
    source.counts.forEach((n, i) => {
      if (i < first) before += n;
      else if (i > last) after += n;
      else {
        slot.per[i - first] = (slot.per[i - first] as number) + n;
        slot.lines += n;
      }
    });
  }
  // Hosts in the timeline's order, then hosts it does not show, then the sources of no single host.
  const named = [...slots].sort(([a, x], [b, y]) => rank(a, x.index) - rank(b, y.index) || (a < b ? -1 : 1));
  const hosts: VolumeHost[] = named.map(([name, slot], k) => ({
    key: `h${k}`,
    name,
    color:
      name === OTHER_HOSTS
        ? OTHER_COLOR
        : (COLORS[(slot.index >= 0 ? slot.index : order.length + k) % COLORS.length] as string),
    lines: slot.lines,
    sources: slot.sources,
  }));
  const bars: VolumeBar[] = [];
  let fullest: VolumeBar | null = null;
  let shown = 0;
  for (let j = 0; j < count; j++) {
    const i = first + j;
    const bar: VolumeBar = { i, t0: start + i * bucketMs, t1: start + (i + 1) * bucketMs, total: 0 };
    named.forEach(([, slot], k) => {
      const n = slot.per[j] as number;
      bar[`h${k}`] = n;
      bar.total += n;
    });
    shown += bar.total;
    if (bar.total > 0 && (fullest === null || bar.total > fullest.total)) fullest = bar;
    bars.push(bar);
  }
  return { bucketMs, bars, hosts, shown, before, after, fullest, unplaced: volume.unplaced };
}

/** Hosts the timeline knows first, in its order; others after; the sources of no single host last. */
function rank(name: string, index: number): number {
  if (name === OTHER_HOSTS) return Number.MAX_SAFE_INTEGER;
  return index >= 0 ? index : Number.MAX_SAFE_INTEGER - 1;
}

/** The bars the axis labels: on round times of the display zone, about `maxTicks` of them. */
export function volumeTicks(view: VolumeView, display: TimeZoneChoice, maxTicks = 8): number[] {
  const first = view.bars[0];
  const last = view.bars[view.bars.length - 1];
  if (!first || !last) return [];
  const offset = zoneOffsetMs(first.t0, display);
  const ticks = timeTicks(first.t0, last.t1, maxTicks, offset);
  const out: number[] = [];
  for (const t of ticks) {
    const bar = view.bars[Math.floor((t - first.t0) / view.bucketMs)];
    if (bar && !out.includes(bar.i)) out.push(bar.i);
  }
  return out;
}

/** The bars a time range covers, as the first and last bucket index; null when it covers none. */
export function barsIn(view: VolumeView, range: readonly [number, number]): [number, number] | null {
  const inside = view.bars.filter((b) => b.t1 > range[0] && b.t0 < range[1]);
  const a = inside[0];
  const b = inside[inside.length - 1];
  return a && b ? [a.i, b.i] : null;
}

/** `10:19:20 → 10:19:40`, the date once when both ends share it. */
export function barRange(bar: VolumeBar, display: TimeZoneChoice): string {
  const from = formatIn(bar.t0, display);
  const to = formatIn(bar.t1, display);
  return `${from} → ${to.slice(0, 10) === from.slice(0, 10) ? to.slice(11) : to}`;
}

/** What the chart shows, in a sentence or three: its accessible name. */
export function describeVolume(view: VolumeView, display: TimeZoneChoice, zone: string): string {
  const first = view.bars[0];
  const last = view.bars[view.bars.length - 1];
  if (!first || !last) return 'Log volume: no line could be placed in time.';
  const range = barRange({ ...first, t1: last.t1 }, display);
  const hosts = view.hosts.map((h) => `${h.name} ${formatCount(h.lines)}`).join(', ');
  const fullest = view.fullest
    ? ` The fullest bar holds ${plural(view.fullest.total, 'line')}, ${barRange(view.fullest, display)}.`
    : '';
  return (
    `Log volume: ${plural(view.shown, 'stamped line')} in ${plural(view.bars.length, 'bar')} of ` +
    `${formatDuration(view.bucketMs)}, from ${range} (${zone}), stacked by host (${hosts}).${fullest}`
  );
}

/** The lines not drawn, said once: those placed outside the range shown, and those no clock could place. */
export function volumeNotes(view: VolumeView): string[] {
  const notes: string[] = [];
  if (view.before > 0 || view.after > 0) {
    const before = view.before > 0 ? `${plural(view.before, 'line')} placed before the range shown` : '';
    const after =
      view.after > 0 ? `${before ? formatCount(view.after) : plural(view.after, 'line')} after it` : '';
    notes.push(`Not drawn: ${[before, after].filter(Boolean).join(' and ')}.`);
  }
  // One sentence per reason: a bundle of command outputs has many sources without stamps.
  const byReason = new Map<string, { lines: number; paths: string[] }>();
  for (const u of view.unplaced) {
    const r = byReason.get(u.reason) ?? { lines: 0, paths: [] };
    r.lines += u.lines;
    if (!r.paths.includes(u.path)) r.paths.push(u.path);
    byReason.set(u.reason, r);
  }
  for (const [reason, { lines, paths }] of byReason) {
    const named = paths.slice(0, 3).join(', ');
    const more = paths.length > 3 ? ` and ${plural(paths.length - 3, 'more source')}` : '';
    notes.push(`Not placed in time: ${plural(lines, 'line')} of ${named}${more} (${reason}).`);
  }
  return notes;
}

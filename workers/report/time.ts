// Times on screen and in exports: the incident carries ISO-8601 UTC strings (or null); they are shown in UTC, the
// browser zone or a zone the user chose (`TimeZoneChoice`), always with the zone said next to them.
import type { IsoTime } from '../incident.ts';
import { offsetAt } from '../zones.ts';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Epoch ms of an incident time, or null when the time is unknown or unreadable. */
export function toEpochMs(iso: IsoTime): number | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : null;
}

function parts(ms: number) {
  const d = new Date(ms);
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
    millis: pad(d.getUTCMilliseconds(), 3),
  };
}

/** `2019-11-12 10:14:03`, or an em dash when unknown. */
export function formatUtc(iso: IsoTime): string {
  const ms = toEpochMs(iso);
  if (ms === null) return '—';
  const p = parts(ms);
  return `${p.date} ${p.time}`;
}

/** `2019-11-12 10:14:03.512 UTC` */
export function formatUtcMillis(ms: number): string {
  const p = parts(ms);
  return `${p.date} ${p.time}.${p.millis} UTC`;
}

/** `10:14:03` */
export function formatClock(ms: number): string {
  return parts(ms).time;
}

/** `11-12 10:14` for axes that span more than a day. */
export function formatDayClock(ms: number): string {
  const p = parts(ms);
  return `${p.date.slice(5)} ${p.time.slice(0, 5)}`;
}

/** `17 min 19 s`, `2 h 5 min`, `3 d 4 h`, `0.25 s` */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${(ms / 1000).toFixed(2).replace(/\.?0+$/, '')} s`;
  const s = Math.round(ms / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  if (m > 0) return sec > 0 ? `${m} min ${sec} s` : `${m} min`;
  return `${sec} s`;
}

// ---------------------------------------------------------------------------------------------
// Times in the zone the user chose to read them in (UTC by default). Every formatted time is shown
// next to `zoneLabel` of the same display, so no time on screen is without its zone.

export type TimeZoneChoice = { mode: 'utc' } | { mode: 'local' } | { mode: 'zone'; zone: string };

/** The browser's own zone (IANA name). */
export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The IANA zone of a choice (`UTC` for UTC). */
export function zoneOf(choice: TimeZoneChoice): string {
  if (choice.mode === 'utc') return 'UTC';
  if (choice.mode === 'local') return browserZone();
  return choice.zone;
}

/** `UTC`, `browser time (Europe/Berlin)`, `Asia/Shanghai`: what the times are in, for labels. */
export function zoneLabel(choice: TimeZoneChoice): string {
  if (choice.mode === 'utc') return 'UTC';
  if (choice.mode === 'local') return `browser time (${browserZone()})`;
  return choice.zone;
}

/** Whether `zone` is an IANA zone this browser knows. */
export function isKnownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The wall clock of `zone` at `ms`: UTC's fields of the instant moved by the zone's offset then. */
function partsIn(ms: number, zone: string) {
  if (zone === 'UTC') return parts(ms);
  return parts(ms + offsetAt({ name: zone, iana: zone, offsetMinutes: 0 }, ms) * 60_000);
}

/** `2019-11-12 18:14:03` in the chosen zone (`millis`: `.512`), or an em dash when unknown. */
export function formatIn(iso: IsoTime | number, choice: TimeZoneChoice, millis = false): string {
  const ms = typeof iso === 'number' ? iso : toEpochMs(iso);
  if (ms === null) return '—';
  const p = partsIn(ms, zoneOf(choice));
  return `${p.date} ${p.time}${millis ? `.${p.millis}` : ''}`;
}

/** `18:14:03` (or `11-12 18:14` when `withDay`) in the chosen zone, for chart axes. */
export function formatAxisIn(ms: number, choice: TimeZoneChoice, withDay: boolean): string {
  const p = partsIn(ms, zoneOf(choice));
  return withDay ? `${p.date.slice(5)} ${p.time.slice(0, 5)}` : p.time;
}

/**
 * `First seen (Asia/Shanghai)`, `First seen (UTC)`, `First seen (Europe/Berlin, browser time)`: a
 * heading or label that says which zone the times under it are in.
 */
export function withZone(text: string, choice: TimeZoneChoice): string {
  if (choice.mode === 'local') return `${text} (${browserZone()}, browser time)`;
  return `${text} (${zoneLabel(choice)})`;
}

// Time zones of naive stamps: fixed offsets a bundle prints (`+0800`) and IANA names (`Asia/Shanghai`
// from timedatectl or the user), whose offset depends on the date. IANA rules come from the
// runtime's own zone database through `Intl.DateTimeFormat`, so no zone data ships with the app.
import type { CivilTime } from '../parsers/types.ts';

export interface Zone {
  /** As shown to a person: `UTC`, `UTC+08:00`, `Europe/Berlin`. */
  name: string;
  /** Offset east of UTC. For an IANA zone only a hint (its offset on 2020-01-01): use `offsetAt`. */
  offsetMinutes: number;
  /** Set when the offset follows a zone's rules (DST) rather than being fixed. */
  iana?: string;
}

export const UTC: Zone = { name: 'UTC', offsetMinutes: 0 };

export function formatOffset(offsetMinutes: number): string {
  if (offsetMinutes === 0) return 'UTC';
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * A zone printed beside a stamp: fixed offsets and UTC only. Abbreviations other than UTC/GMT are
 * ambiguous (`CST` is UTC-6 in the US and UTC+8 in China), so they are refused and the caller
 * states an assumption instead.
 */
export function parseZone(text: string): Zone | null {
  const t = text.trim();
  if (/^(?:UTC|GMT|Z|Etc\/UTC|UCT|Universal)$/i.test(t)) return UTC;
  const m = /^(?:UTC|GMT)?(?<sign>[+-])(?<hh>\d{2}):?(?<mm>\d{2})?$/.exec(t);
  if (m?.groups) {
    const hh = Number(m.groups.hh);
    const mm = Number(m.groups.mm ?? '0');
    if (mm > 59 || hh * 60 + mm > 14 * 60) return null;
    const offsetMinutes = (m.groups.sign === '-' ? -1 : 1) * (hh * 60 + mm);
    return { name: formatOffset(offsetMinutes), offsetMinutes };
  }
  return null;
}

/** A two-to-five letter abbreviation: the zone database takes `CST` as Chicago, a person may mean China. */
const ABBREVIATION = /^[A-Za-z]{2,5}$/;

/**
 * A zone a person or `timedatectl` names: a fixed offset (`+08:00`, `UTC-05:00`) or an IANA name the
 * runtime knows (`Asia/Shanghai`). Abbreviations are refused with the reason.
 */
export function zoneSetting(text: string): { zone: Zone } | { error: string } {
  const t = text.trim();
  const fixed = parseZone(t);
  if (fixed) return { zone: fixed };
  if (t === '') return { error: 'an empty time zone' };
  if (ABBREVIATION.test(t)) {
    return {
      error: `"${t}" is an abbreviation, which names several zones: give an offset (+08:00) or an IANA name (Asia/Shanghai)`,
    };
  }
  try {
    const resolved = formatterFor(t).resolvedOptions().timeZone;
    if (/^(?:Etc\/)?(?:UTC|UCT|GMT|Universal|Zulu)$/.test(resolved)) return { zone: UTC };
    return {
      zone: { name: t, iana: t, offsetMinutes: offsetAt({ name: t, iana: t, offsetMinutes: 0 }, HINT_MS) },
    };
  } catch {
    return { error: `"${t}" is not a time zone: give an offset (+08:00) or an IANA name (Asia/Shanghai)` };
  }
}

const HINT_MS = Date.UTC(2020, 0, 1);

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(iana: string): Intl.DateTimeFormat {
  let f = formatters.get(iana);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: iana,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(iana, f);
  }
  return f;
}

/** Offsets change on quarter hours at the finest, so one reading per quarter hour is exact. */
const QUARTER_MS = 900_000;
const offsetCache = new Map<string, number>();

/** Offset east of UTC in minutes that `zone` has at the instant `epochMs`. */
export function offsetAt(zone: Zone, epochMs: number): number {
  if (!zone.iana) return zone.offsetMinutes;
  const quarter = Math.floor(epochMs / QUARTER_MS) * QUARTER_MS;
  const key = `${zone.iana}\u0000${quarter}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const parts: Record<string, number> = {};
  for (const p of formatterFor(zone.iana).formatToParts(quarter)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const local = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  const minutes = Math.round((local - quarter) / 60_000);
  if (offsetCache.size > 100_000) offsetCache.clear();
  offsetCache.set(key, minutes);
  return minutes;
}

/** A naive local time read in a zone. */
export interface LocalInstant {
  /** Epoch ms (fractional for microseconds); for a repeated local time, its first pass. */
  ms: number;
  /** Fall-back DST change: the same local time's second pass (the later offset). */
  later?: number;
  /** The local time never happened (spring-forward gap): read with the offset before the change. */
  gap?: boolean;
}

/** Epoch ms of a naive stamp read in `zone`, with both readings of an hour that repeats. */
export function localToEpoch(t: CivilTime, year: number, zone: Zone): LocalInstant {
  const wall = Date.UTC(year, t.month - 1, t.day, t.hour, t.minute, t.second);
  const micros = t.micros / 1000;
  if (!zone.iana) return { ms: wall - zone.offsetMinutes * 60_000 + micros };
  // One change at most within a day either side: the offsets before and after it are the candidates.
  const before = offsetAt(zone, wall - 86_400_000);
  const after = offsetAt(zone, wall + 86_400_000);
  const valid = [...new Set([before, after])]
    .map((o) => wall - o * 60_000)
    .filter((u) => offsetAt(zone, u) === Math.round((wall - u) / 60_000))
    .sort((a, b) => a - b);
  const [first, second] = valid;
  if (first === undefined) return { ms: wall - before * 60_000 + micros, gap: true };
  return second === undefined ? { ms: first + micros } : { ms: first + micros, later: second + micros };
}

/** Epoch ms of a naive stamp read in `zone` (the first pass of a repeated hour). */
export function civilToEpochMs(t: CivilTime, year: number, zone: Zone): number {
  return localToEpoch(t, year, zone).ms;
}

/** The calendar time that `zone` shows at `epochMs`. */
export function civilInZone(epochMs: number, zone: Zone): CivilTime & { year: number } {
  const d = new Date(epochMs + offsetAt(zone, epochMs) * 60_000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    micros: d.getUTCMilliseconds() * 1000,
  };
}

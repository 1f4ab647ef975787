// `/etc/localtime`: the host's compiled time zone (TZif, tzfile(5)), as a sosreport copies it. Its
// last line is a POSIX TZ string that states the zone's current rule, which is all a bundle of
// recent logs needs.
//
// Sample lines (the footer of /usr/share/zoneinfo/Asia/Shanghai and Europe/Berlin; the lines before
// it are binary transition tables):
//   CST-8
//   CET-1CEST,M3.5.0,M10.5.0/3
//
// Example:
//   const p = createLocaltimeParser();
//   p.parseLine('TZif2\0…', 1, 0);                               // → { t: 'part' } (the magic)
//   p.parseLine('CET-1CEST,M3.5.0,M10.5.0/3', 12, 2260);         // → { t: 'part' }
//   p.finish()
//   // → [{ kind: 'fact', line: 12, offset: 2260, fact: { kind: 'time-zone', name: 'Africa/Ceuta' (a zone
//   //      keeping the same rule), abbreviation: 'CET', offsetMinutes: 60 }, msg: 'CET-1CEST,…' }]

import type { Fact, FactRecord, FormatParser, FormatSpec } from './types.ts';

/** Every TZif file starts with these four bytes. */
export const TZIF_MAGIC = 'TZif';

// std name (letters or <+08>), offset west of UTC ([+-]hh[:mm[:ss]]), optional dst name [offset][,rules].
const POSIX_TZ =
  /^(?<std>[A-Za-z]{3,}|<[+-]?[0-9A-Za-z]+>)(?<off>[+-]?\d{1,2}(?::\d{2}){0,2})(?:(?<dst>[A-Za-z]{3,}|<[+-]?[0-9A-Za-z]+>)(?<dstOff>[+-]?\d{1,2}(?::\d{2}){0,2})?(?<rules>,[^,\s]+,[^,\s]+)?)?$/;

interface PosixZone {
  std: string;
  /** Minutes east of UTC (POSIX offsets count west, so the sign is turned). */
  stdMinutes: number;
  dst?: string;
  dstMinutes?: number;
}

function minutesWest(text: string): number {
  const sign = text.startsWith('-') ? -1 : 1;
  const [h = 0, m = 0] = text.replace(/^[+-]/, '').split(':').map(Number);
  return sign * (h * 60 + m);
}

export function parsePosixTz(text: string): PosixZone | null {
  const g = POSIX_TZ.exec(text.trim())?.groups;
  if (!g?.std || g.off === undefined) return null;
  const stdMinutes = -minutesWest(g.off);
  if (Math.abs(stdMinutes) > 14 * 60) return null;
  const strip = (n: string) => n.replace(/^<|>$/g, '');
  if (!g.dst) return { std: strip(g.std), stdMinutes };
  const dstMinutes = g.dstOff === undefined ? stdMinutes + 60 : -minutesWest(g.dstOff);
  return { std: strip(g.std), stdMinutes, dst: strip(g.dst), dstMinutes };
}

/** Offset of an IANA zone at an instant, in minutes east of UTC, from the platform's zone data. */
function offsetOf(zone: string, epochMs: number): number | null {
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    }).formatToParts(new Date(epochMs));
    const n = (t: string) => Number(parts.find((p) => p.type === t)?.value);
    const local = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'));
    return Math.round((local - Math.floor(epochMs / 60_000) * 60_000) / 60_000);
  } catch {
    return null;
  }
}

/**
 * An IANA zone that keeps the same rule, so that the engine can apply daylight saving time: the
 * zone whose offsets in mid-January and mid-July of recent years are the rule's. Zones that share
 * offsets also share today's rule (the EU's, the US's), which is what recent logs need.
 */
export function ianaFor(p: PosixZone, zones: readonly string[] = supportedZones()): string | undefined {
  const year = 2024;
  const jan = Date.UTC(year, 0, 15, 12);
  const jul = Date.UTC(year, 6, 15, 12);
  const winter = p.dst === undefined ? p.stdMinutes : Math.min(p.stdMinutes, p.dstMinutes ?? p.stdMinutes);
  const summer = p.dst === undefined ? p.stdMinutes : Math.max(p.stdMinutes, p.dstMinutes ?? p.stdMinutes);
  for (const zone of zones) {
    const a = offsetOf(zone, jan);
    const b = offsetOf(zone, jul);
    if (a === null || b === null) continue;
    // Southern-hemisphere zones have their daylight time in January: either order matches.
    const matches =
      p.dst === undefined
        ? a === winter && b === winter
        : (a === winter && b === summer) || (a === summer && b === winter);
    if (matches) {
      return zone;
    }
  }
  return undefined;
}

function supportedZones(): readonly string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? [];
}

/** The footer is the last text line of the file: remember the latest candidate, state it at the end. */
export function createLocaltimeParser(): FormatParser<FactRecord> {
  let footer: { text: string; line: number; offset: number; zone: PosixZone } | null = null;
  let tzif = false;
  return {
    id: 'host-localtime',
    parseLine(text: string, line: number, offset: number) {
      if (line === 1) tzif = text.startsWith(TZIF_MAGIC);
      if (!tzif) return { t: 'unparsed', reason: 'not a compiled time zone file (no TZif magic)' };
      const zone = parsePosixTz(text);
      if (zone) footer = { text: text.trim(), line, offset, zone };
      // The binary transition tables before the footer are part of the one record the file holds.
      return { t: 'part' };
    },
    finish(): FactRecord[] {
      if (!footer) return [];
      const { zone } = footer;
      const fact: Fact = { kind: 'time-zone', abbreviation: zone.std, offsetMinutes: zone.stdMinutes };
      // A fixed zone is exact as an offset; a zone with daylight time needs its IANA rule.
      const name = zone.dst === undefined ? undefined : ianaFor(zone);
      if (name) fact.name = name;
      if (zone.dst !== undefined && !name) delete fact.offsetMinutes;
      return [{ kind: 'fact', line: footer.line, offset: footer.offset, msg: footer.text, fact }];
    },
  };
}

export const HOST_LOCALTIME_FORMATS: readonly FormatSpec[] = [
  {
    id: 'host-localtime',
    title: '/etc/localtime (TZif)',
    create: createLocaltimeParser,
    pathHint: /^localtime$/,
  },
];

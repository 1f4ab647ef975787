// What the user may type as the zone to show times in: an IANA zone name the browser knows. Unlike a
// file's zone (app/sources/time-zone.ts), this only changes how times are printed, never the analysis.

import { browserZone, isKnownZone, type TimeZoneChoice } from '../../workers/report/time.ts';
import type { Parsed } from '../lib/apply-field.tsx';

/** Offered in the zone field's suggestion list; any other zone the browser knows may be typed. */
export const DISPLAY_ZONES = [
  'Europe/London',
  'Europe/Berlin',
  'Europe/Moscow',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Asia/Kolkata',
  'Asia/Shanghai',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
] as const;

const UTC_NAMES = /^(?:UTC|GMT|Z|Etc\/UTC|Etc\/GMT|UCT|Universal|Zulu)$/i;
const OFFSET = /^(?:UTC|GMT)?\s*[+-]\d{1,2}(?::?\d{2})?$/i;
// The zone database reads `CST` as Chicago where a person may mean China, `EST` as Panama: refused.
const ABBREVIATION = /^[A-Za-z]{2,5}$/;

/**
 * The zone to show times in, in the browser's spelling (`asia/shanghai` → `Asia/Shanghai`; `UTC`
 * for its aliases), or why the text is not one. `canonical` spells a zone the way the browser does.
 */
export function parseDisplayZone(
  text: string,
  canonical: (zone: string) => string = canonicalZone,
  known: (zone: string) => boolean = isKnownZone,
): Parsed<string> {
  const value = text.trim();
  if (value === '') return { ok: false, reason: 'Type a zone name like Asia/Shanghai' };
  if (UTC_NAMES.test(value)) return { ok: true, value: 'UTC' };
  if (OFFSET.test(value)) {
    return {
      ok: false,
      reason: `"${value}" is an offset, which no daylight saving follows: type a zone name like Asia/Shanghai (Etc/GMT-8 is a fixed UTC+8)`,
    };
  }
  if (ABBREVIATION.test(value)) {
    return {
      ok: false,
      reason: `"${value}" is an abbreviation, which names several zones: type a name like America/Chicago or Asia/Shanghai`,
    };
  }
  if (!known(value)) {
    return {
      ok: false,
      reason: `"${value}" is not a time zone this browser knows: type a name like Europe/Berlin`,
    };
  }
  return { ok: true, value: canonical(value) };
}

/**
 * The zone as typed, in the browser's capitals (`asia/shanghai` → `Asia/Shanghai`). Only the case is
 * changed: resolving the name would turn `Asia/Kolkata` into the older `Asia/Calcutta` on some engines.
 */
function canonicalZone(zone: string): string {
  const lower = zone.toLowerCase();
  const listed = [...DISPLAY_ZONES, ...Intl.supportedValuesOf('timeZone')].find(
    (z) => z.toLowerCase() === lower,
  );
  if (listed) return listed;
  const resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  return resolved.toLowerCase() === lower ? resolved : zone;
}

/** The display for a zone the user applied: UTC is its own mode, so its radio button shows checked. */
export function displayForZone(zone: string | null): TimeZoneChoice {
  return zone === null || zone === 'UTC' ? { mode: 'utc' } : { mode: 'zone', zone };
}

/** The browser's zone, for the label of its radio button (`Browser time (Europe/Berlin)`). */
export function browserZoneLabel(zone: string = browserZone()): string {
  return `Browser time (${zone})`;
}

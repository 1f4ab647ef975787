// Wall-clock stamps as the parsers read them: month names, a CivilTime from a regex match's named
// groups, and the checks that the numbers can be a calendar time.
//
// Example:
//   const g = /^(?<month>[A-Z][a-z]{2}) +(?<day>\d+) (?<hour>\d\d):(?<minute>\d\d):(?<second>\d\d)$/.exec('Jul 20 08:14:38')?.groups;
//   civilOf(g ?? {})
//   // → { month: 7, day: 20, hour: 8, minute: 14, second: 38, micros: 0 }
//   isValidCivil({ month: 13, day: 1, hour: 0, minute: 0, second: 0, micros: 0 }) // → false

import type { CivilTime } from './types.ts';

/** English month abbreviations as C-locale `%b` prints them → 1-12. */
export const MONTHS: Readonly<Record<string, number>> = {
  Jan: 1,
  Feb: 2,
  Mar: 3,
  Apr: 4,
  May: 5,
  Jun: 6,
  Jul: 7,
  Aug: 8,
  Sep: 9,
  Oct: 10,
  Nov: 11,
  Dec: 12,
};

/**
 * A CivilTime from named groups `month` (a number or a `MONTHS` name), `day`, `hour`, and optional
 * `minute`, `second` (0 when absent), `micros` (six digits; or pass `micros`) and `year` (left out
 * when absent).
 */
export function civilOf(
  g: Readonly<Record<string, string | undefined>>,
  micros = g.micros ? Number(g.micros) : 0,
): CivilTime {
  const t: CivilTime = {
    month: MONTHS[g.month ?? ''] ?? Number(g.month),
    day: Number(g.day),
    hour: Number(g.hour),
    minute: g.minute === undefined ? 0 : Number(g.minute),
    second: g.second === undefined ? 0 : Number(g.second),
    micros,
  };
  if (g.year !== undefined) t.year = Number(g.year);
  return t;
}

/** A fraction of a second as printed (`123`, `123456789`) → whole microseconds; 0 when absent. */
export function fractionMicros(fraction: string | undefined): number {
  return fraction ? Number(fraction.slice(0, 6).padEnd(6, '0')) : 0;
}

/** True when the numbers can be a calendar time (rejects e.g. `E1399 25:61:…`). */
export function isValidCivil(t: CivilTime): boolean {
  return (
    t.month >= 1 &&
    t.month <= 12 &&
    t.day >= 1 &&
    t.day <= 31 &&
    t.hour <= 23 &&
    t.minute <= 59 &&
    t.second <= 60 // leap second
  );
}

/** isValidCivil, and when the year is known, a day that exists in that month (no 30 February). */
export function isValidDate(t: CivilTime): boolean {
  if (!isValidCivil(t)) return false;
  if (t.year === undefined) return true;
  return new Date(Date.UTC(t.year, t.month - 1, t.day)).getUTCDate() === t.day;
}

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

/**
 * The `MONTHS` number of the three-letter name at `at` in `text`, or 0: what a regex
 * `(?<month>Jan|Feb|…|Dec)` followed by `civilOf` reads, without cutting a substring.
 */
export function monthAt(text: string, at: number): number {
  const a = text.charCodeAt(at);
  const b = text.charCodeAt(at + 1);
  const c = text.charCodeAt(at + 2);
  switch (a) {
    case 0x4a: // J
      if (b === 0x61 && c === 0x6e) return 1; // Jan
      if (b === 0x75) return c === 0x6e ? 6 : c === 0x6c ? 7 : 0; // Jun, Jul
      return 0;
    case 0x46: // F
      return b === 0x65 && c === 0x62 ? 2 : 0; // Feb
    case 0x4d: // M
      return b === 0x61 ? (c === 0x72 ? 3 : c === 0x79 ? 5 : 0) : 0; // Mar, May
    case 0x41: // A
      if (b === 0x70 && c === 0x72) return 4; // Apr
      return b === 0x75 && c === 0x67 ? 8 : 0; // Aug
    case 0x53: // S
      return b === 0x65 && c === 0x70 ? 9 : 0; // Sep
    case 0x4f: // O
      return b === 0x63 && c === 0x74 ? 10 : 0; // Oct
    case 0x4e: // N
      return b === 0x6f && c === 0x76 ? 11 : 0; // Nov
    case 0x44: // D
      return b === 0x65 && c === 0x63 ? 12 : 0; // Dec
    default:
      return 0;
  }
}

/** True for an ASCII digit code (what `\d` matches). */
export function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** The value of the two digits at `at` (`\d{2}`), or -1. */
export function twoDigitsAt(text: string, at: number): number {
  const a = text.charCodeAt(at) - 0x30;
  const b = text.charCodeAt(at + 1) - 0x30;
  // NaN (past the end) fails both comparisons.
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** The value of the `count` digits at `at` (`\d{count}`, count ≤ 15), or -1. */
export function digitsAt(text: string, at: number, count: number): number {
  let v = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (!(d >= 0 && d <= 9)) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Where the run of digits starting at `at` ends (`at` itself when there is none). */
export function digitsEnd(text: string, at: number): number {
  let i = at;
  while (isDigit(text.charCodeAt(i))) i++;
  return i;
}

/**
 * `Number()` of the digits `text[from, to)`: exact by hand up to 15 digits (below 2^53), through
 * the string beyond, so hostile runs of digits give what `Number()` gives.
 */
export function integerOf(text: string, from: number, to: number): number {
  if (to - from > 15) return Number(text.slice(from, to));
  let v = 0;
  for (let i = from; i < to; i++) v = v * 10 + (text.charCodeAt(i) - 0x30);
  return v;
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
  const { year, month, day } = t;
  if (year === undefined) return true;
  // The calendar by hand for the whole numbers a stamp prints (a Date per stamp is slow); Date.UTC
  // for the rest, which reads years 0-99 as 1900-1999 and truncates fractions.
  if (
    Number.isInteger(year) &&
    year >= 100 &&
    year <= 9999 &&
    Number.isInteger(month) &&
    Number.isInteger(day)
  ) {
    if (day <= 28) return true;
    if (month === 2) return day === 29 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0);
    return day <= (month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31);
  }
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

/** The fields of a `YYYY-MM-DDTHH:MM:SS` stamp (readIsoDateTime). */
export interface DateTimeFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/**
 * Reads `\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}` at `at` into `out`, or returns false: by hand, since
 * CRI and RFC 3339 syslog lines start with one on every line.
 */
export function readIsoDateTime(text: string, at: number, out: DateTimeFields): boolean {
  out.year = digitsAt(text, at, 4);
  out.month = twoDigitsAt(text, at + 5);
  out.day = twoDigitsAt(text, at + 8);
  out.hour = twoDigitsAt(text, at + 11);
  out.minute = twoDigitsAt(text, at + 14);
  out.second = twoDigitsAt(text, at + 17);
  return (
    out.year >= 0 &&
    out.month >= 0 &&
    out.day >= 0 &&
    out.hour >= 0 &&
    out.minute >= 0 &&
    out.second >= 0 &&
    text.charCodeAt(at + 4) === 0x2d &&
    text.charCodeAt(at + 7) === 0x2d &&
    text.charCodeAt(at + 10) === 0x54 &&
    text.charCodeAt(at + 13) === 0x3a &&
    text.charCodeAt(at + 16) === 0x3a
  );
}

/** The index after a zone `Z` or `[+-]\d{2}:\d{2}` at `at`, or -1. */
export function isoZoneEnd(text: string, at: number): number {
  const sign = text.charCodeAt(at);
  if (sign === 0x5a) return at + 1;
  if (
    (sign === 0x2b || sign === 0x2d) &&
    twoDigitsAt(text, at + 1) >= 0 &&
    text.charCodeAt(at + 3) === 0x3a &&
    twoDigitsAt(text, at + 4) >= 0
  )
    return at + 6;
  return -1;
}

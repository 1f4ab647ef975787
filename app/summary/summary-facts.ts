import type { Incident } from '../../workers/incident.ts';
import { toEpochMs } from '../../workers/report/time.ts';

export interface SummaryFacts {
  /** Hosts with at least one cascade event, in the incident's host order. */
  hostsAffected: string[];
  events: number;
  stagesSeen: number;
  /** Earliest and latest event time (epoch ms), or null when no event has a time. */
  span: { first: number; last: number } | null;
  /** Sources whose zone was assumed rather than read from the bundle. */
  zoneAssumed: string[];
  failedSources: number;
  /** Lines of every source: read, understood by the format, not understood. */
  lines: number;
  parsed: number;
  unparsed: number;
  /** Sources read without error, by format (most files first). */
  formats: { format: string; files: number }[];
  /** Sources read without error that still have lines their format did not understand. */
  withUnparsed: number;
}

export function summarize(incident: Incident): SummaryFacts {
  const withEvents = new Set(incident.events.map((e) => e.host));
  const ordered = incident.hosts.map((h) => h.name).filter((name) => withEvents.has(name));
  const hostsAffected = [...ordered, ...[...withEvents].filter((h) => !ordered.includes(h))];

  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const event of incident.events) {
    const ms = toEpochMs(event.ts);
    if (ms === null) continue;
    if (ms < first) first = ms;
    if (ms > last) last = ms;
  }

  const formats = new Map<string, number>();
  let lines = 0;
  let parsed = 0;
  let unparsed = 0;
  let withUnparsed = 0;
  for (const source of incident.sources) {
    lines += source.lines;
    parsed += source.parsed;
    unparsed += source.unparsed;
    if (source.error) continue;
    formats.set(source.format, (formats.get(source.format) ?? 0) + 1);
    if (source.unparsed > 0) withUnparsed++;
  }

  return {
    hostsAffected,
    events: incident.events.length,
    stagesSeen: new Set(incident.events.map((e) => e.stage)).size,
    span: Number.isFinite(first) ? { first, last } : null,
    zoneAssumed: incident.sources.filter((s) => s.clock.zoneAssumed).map((s) => s.path),
    failedSources: incident.sources.filter((s) => s.error).length,
    lines,
    parsed,
    unparsed,
    formats: [...formats]
      .map(([format, files]) => ({ format, files }))
      .sort((a, b) => b.files - a.files || a.format.localeCompare(b.format)),
    withUnparsed,
  };
}

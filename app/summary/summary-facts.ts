import type { Incident } from '../../workers/incident.ts';
import { toEpochMs } from '../lib/time.ts';

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

  return {
    hostsAffected,
    events: incident.events.length,
    stagesSeen: new Set(incident.events.map((e) => e.stage)).size,
    span: Number.isFinite(first) ? { first, last } : null,
    zoneAssumed: incident.sources.filter((s) => s.clock.zoneAssumed).map((s) => s.path),
    failedSources: incident.sources.filter((s) => s.error).length,
  };
}

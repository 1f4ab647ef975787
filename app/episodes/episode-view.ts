// Narrowing an incident to one of its episodes, for the timeline, stage cards and findings.
import type { Episode, Incident } from '../../workers/incident.ts';

/** `Episode 2`: episodes are numbered in the incident's (time) order. */
export function episodeLabels(episodes: readonly Episode[] | undefined): Record<string, string> {
  return Object.fromEntries((episodes ?? []).map((e, i) => [e.id, `Episode ${i + 1}`]));
}

/**
 * The incident as if it held only episode `id`: its events, its stage spans, and the findings that
 * belong to it or to no episode in particular. An unknown id leaves the incident whole.
 */
export function incidentForEpisode(incident: Incident, id: string | null): Incident {
  const episode = id === null ? undefined : incident.episodes?.find((e) => e.id === id);
  if (!episode) return incident;
  const events = incident.events.filter((e) => e.episode === episode.id);
  const stages = incident.stages.map((stage) => {
    const span = episode.stages.find((s) => s.id === stage.id);
    if (!span) return { ...stage, first: null, last: null, count: 0, hosts: [], recoveries: 0 };
    const recoveries = events.filter((e) => e.stage === stage.id && e.recovery).length;
    return { ...stage, first: span.first, last: span.last, count: span.count, hosts: span.hosts, recoveries };
  });
  const findings = incident.findings.filter((f) => f.episode === undefined || f.episode === episode.id);
  return { ...incident, events, stages, findings };
}

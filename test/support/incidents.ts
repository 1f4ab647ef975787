// Incidents built in memory for the timeline tests (model and exported picture): events of a
// stage on a host at an instant, and an incident of them with bare hosts.
import type { StageId } from '../../parsers/stages.ts';
import type { Incident, IncidentEvent } from '../../workers/incident.ts';

export function timelineEvent(
  host: string,
  stage: StageId,
  ms: number,
  line: number,
  recovery = false,
): IncidentEvent {
  return {
    ts: new Date(ms).toISOString(),
    host,
    stage,
    kind: 'test',
    recovery,
    source: `${host}/dmesg.log`,
    line,
    offset: line * 80,
    text: `line ${line} of ${host}`,
    stamp: '',
    severity: 'warning',
    alsoIn: [],
  };
}

export function incidentOf(events: IncidentEvent[], hosts = ['node-1', 'node-2', 'node-3']): Incident {
  return {
    schema: 'cascade/incident@1',
    generatedBy: 'test',
    sources: [],
    hosts: hosts.map((name) => ({ name, kernel: null, clientIds: [], fsids: [], stages: {} })),
    stages: [],
    findings: [],
    events,
  };
}

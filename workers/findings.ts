// Diagnosis (pure): findings with the lines that prove them and the commands that fix them.
import { kernelAtLeast } from '../parsers/facts.ts';
import {
  CLUSTER_HOST,
  type EvidenceRef,
  type Finding,
  type Incident,
  type IncidentEvent,
} from './incident.ts';
import type { SourceScan } from './scan.ts';

const MAX_EVIDENCE = 6;
const BLOCKLIST_OPTIONS = ['mds_session_blocklist_on_timeout', 'mds_session_blocklist_on_evict'] as const;
const KUBELET_VOLUME_PATH =
  /\/var\/lib\/kubelet\/pods\/[0-9a-f-]{36}\/volumes\/kubernetes\.io~cephfs\/[\w.-]+/g;

function cite(e: IncidentEvent): EvidenceRef {
  return { source: e.source, line: e.line, text: e.text };
}

/** First event of each host, so evidence shows every host rather than many lines of one. */
function firstPerHost(events: readonly IncidentEvent[]): IncidentEvent[] {
  const seen = new Map<string, IncidentEvent>();
  for (const e of events) if (!seen.has(e.host)) seen.set(e.host, e);
  return [...seen.values()];
}

/** The client hosts among the events (the cluster's own logs are not a host to drain). */
function hostList(events: readonly IncidentEvent[]): string[] {
  return [...new Set(events.map((e) => e.host))].filter((h) => h !== CLUSTER_HOST).sort();
}

function when(ts: string | null): string {
  return ts ? `${ts.slice(0, 19).replace('T', ' ')} UTC` : 'an unknown time';
}

export function diagnose(incident: Incident, scans: readonly SourceScan[]): Finding[] {
  const findings: Finding[] = [];
  const ev = incident.events;
  const denied = ev.filter((e) => e.stage === 'reconnect-denied' && !e.recovery);
  const dirty = ev.filter((e) => /dropping dirty/.test(e.text));
  const loop = ev.filter((e) => e.stage === 'quota-realm-loop');
  const kubelet = ev.filter((e) => e.stage === 'kubelet-mount-failure');
  const affected = hostList([...denied, ...kubelet]);

  const mounts = [...new Set(kubelet.flatMap((e) => e.text.match(KUBELET_VOLUME_PATH) ?? []))].sort();
  const drain = affected.map((h) => `kubectl drain ${h} --ignore-daemonsets --delete-emptydir-data`);
  const umount = mounts.length > 0 ? mounts.slice(0, 20).map((m) => `umount -l ${m}`) : [];

  if (denied.length > 0) {
    const hosts = hostList(denied);
    const deniedLines = denied.filter((e) => /denied|rejected/.test(e.text));
    const mdsSide = denied.filter((e) => e.host === CLUSTER_HOST);
    const onClients = hosts.length > 0;
    findings.push({
      id: 'client-evicted',
      severity: 'critical',
      title: onClients
        ? `The MDS evicted the CephFS kernel client on ${hosts.length} host(s) and refused its reconnect`
        : `The MDS evicted ${mdsSide.length} client session(s)`,
      detail:
        (onClients
          ? `${hosts.join(', ')}: the session was closed by the MDS and the reconnect was denied, first at ` +
            `${when(deniedLines[0]?.ts ?? denied[0]?.ts ?? null)}. `
          : `The MDS log shows the evictions, first at ${when(mdsSide[0]?.ts ?? null)}; the clients' own logs are not in the bundle. `) +
        'A client that is evicted and blocklisted cannot recover on its own; every request on its mounts fails ' +
        'with "permission denied" until the mount is replaced.',
      evidence: withFirstPerHost(deniedLines.length > 0 ? [...deniedLines, ...mdsSide] : denied).map(cite),
      remediation: onClients
        ? [...drain, ...(umount.length > 0 ? umount : ['umount -l <each cephfs mount of the node>'])]
        : [
            'Find the hosts of the evicted client ids (ceph tell mds.<id> client ls) and drain their CephFS pods',
          ],
    });
  }

  if (dirty.length > 0) {
    findings.push({
      id: 'dirty-data-dropped',
      severity: 'critical',
      title: `Unflushed writes were discarded on ${dirty.length} inode(s)`,
      detail:
        `The kernel dropped dirty capability state after the eviction on ${hostList(dirty).join(', ')}, ` +
        `first at ${when(dirty[0]?.ts ?? null)}. Data written by applications but not yet flushed to the ` +
        'cluster is lost; the inode numbers are at the end of each line.',
      evidence: dirty.slice(0, MAX_EVIDENCE).map(cite),
      remediation: [
        'Tell the owners of the workloads on these mounts that writes made shortly before the eviction were lost',
      ],
    });
  }

  if (loop.length > 0) {
    const hosts = hostList(loop);
    const kernels = incident.hosts.filter((h) => hosts.includes(h.name) && h.kernel);
    const old = kernels.filter((h) => kernelAtLeast(h.kernel as string, 5, 3) === false);
    findings.push({
      id: 'quota-realm-loop',
      severity: 'critical',
      title: `get_quota_realm() loops endlessly on ${hosts.length} host(s)`,
      detail:
        `${loop.length} "null i_snap_realm" lines since ${when(loop[0]?.ts ?? null)}. ` +
        (old.length > 0
          ? `${old.map((h) => `${h.name} runs ${h.kernel}`).join(', ')}: older than 5.3, which carries ` +
            '"ceph: fix infinite loop in get_quota_realm()". Vendor kernels may have it backported; this one evidently does not.'
          : 'The fix "ceph: fix infinite loop in get_quota_realm()" is in Linux 5.3.'),
      evidence: firstPerHost(loop).slice(0, MAX_EVIDENCE).map(cite),
      remediation: [
        'Run a kernel with "ceph: fix infinite loop in get_quota_realm()" (Linux 5.3 or later) on the CephFS clients',
      ],
    });
  }

  // Options come from `ceph config dump` (table or JSON) and ceph.conf alike.
  const configScans = scans.filter((s) => s.config.length > 0);
  if (configScans.length > 0 && denied.length > 0) {
    const evidence: EvidenceRef[] = [];
    const enabled: string[] = [];
    const commands: string[] = [];
    for (const opt of BLOCKLIST_OPTIONS) {
      const legacy = opt.replace('blocklist', 'blacklist');
      const rows = configScans.flatMap((s) =>
        s.config.filter((r) => r.option === opt || r.option === legacy).map((r) => ({ r, s })),
      );
      // Before Pacific the options are spelled "blacklist"; Pacific+ rejects the old name.
      commands.push(`ceph config set mds ${rows.some(({ r }) => r.option === legacy) ? legacy : opt} false`);
      if (rows.length === 0) enabled.push(`${opt} (not set: default true)`);
      for (const { r, s } of rows) {
        if (r.value.trim().toLowerCase() !== 'false') {
          enabled.push(`${r.option}=${r.value.trim()}`);
          evidence.push({
            source: s.path,
            line: r.line,
            text: `${r.who} ${r.level} ${r.option} ${r.value}`.trim(),
          });
        }
      }
    }
    if (enabled.length > 0) {
      findings.push({
        id: 'blocklist-on-timeout',
        severity: 'warning',
        title: 'The MDS blocklists clients it evicts',
        detail:
          `${enabled.join(', ')}. With blocklisting on, an evicted kernel client cannot reconnect and its ` +
          'mounts stay dead; with it off, the client may reconnect after a network blip (at some risk to data consistency).',
        evidence,
        remediation: commands,
      });
    }
  }

  const fscMounts = scans.flatMap((s) =>
    s.facts.flatMap(({ line, fact }) =>
      fact.kind === 'mount' &&
      fact.fsType === 'ceph' &&
      fact.options.some((o) => o === 'fsc' || o.startsWith('fsc='))
        ? [
            {
              source: s.path,
              line,
              text: `${fact.device} ${fact.mountPoint} ${fact.fsType} ${fact.options.join(',')}`,
            },
          ]
        : [],
    ),
  );
  if (fscMounts.length > 0 && (denied.length > 0 || kubelet.length > 0)) {
    findings.push({
      id: 'fscache-mounts',
      severity: 'warning',
      title: `${fscMounts.length} CephFS mount(s) use fscache (fsc)`,
      detail:
        'With fscache the dead session of an evicted client is never released: the mount stays, kubelet keeps ' +
        'failing on it, and only a lazy unmount (or a reboot) clears it.',
      evidence: fscMounts.slice(0, MAX_EVIDENCE),
      remediation: [...new Set(fscMounts.map((m) => `umount -l ${m.text.split(' ')[1]}`))].slice(0, 20),
    });
  }

  if (kubelet.length > 0) {
    const hosts = hostList(kubelet);
    findings.push({
      id: 'pods-cannot-use-volume',
      severity: 'critical',
      title: `Pods on ${hosts.length} host(s) cannot use their CephFS volumes`,
      detail:
        `${kubelet.length} kubelet/runtime errors on ${hosts.join(', ')} since ${when(kubelet[0]?.ts ?? null)}` +
        (mounts.length > 0 ? `, on ${mounts.length} volume path(s)` : '') +
        '. The dead mounts stay in place, so kubelet cannot stat, clean up or re-create them and new containers cannot start.',
      evidence: withFirstPerHost(kubelet).map(cite),
      remediation: [
        ...drain,
        ...(umount.length > 0 ? umount : ['umount -l <each cephfs mount of the node>']),
        ...hosts.map((h) => `kubectl uncordon ${h}`),
      ],
    });
  }
  return findings;
}

/** Up to MAX_EVIDENCE lines: the first of each host, then the next ones in time order. */
function withFirstPerHost(events: readonly IncidentEvent[]): IncidentEvent[] {
  const picked = new Set(firstPerHost(events).slice(0, MAX_EVIDENCE));
  for (const e of events) {
    if (picked.size >= MAX_EVIDENCE) break;
    picked.add(e);
  }
  return [...picked];
}

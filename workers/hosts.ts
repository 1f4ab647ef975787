// Which host each source belongs to, strongest evidence first (docs/input-formats §7.5): the user's
// word, the file's own content, the bundle's metadata (a sosreport's hostname file, a must-gather
// node folder, the sosreport's name), a sibling file, the only host of the bundle, the folder name.
import type { FormatId } from '../parsers/types.ts';
import type { AnalyzeOptions } from './api.ts';
import type { SourceScan } from './scan.ts';

/** Outputs of the Ceph cluster itself: they belong to no client host. */
export const CLUSTER_FORMATS: ReadonlySet<FormatId> = new Set<FormatId>([
  'ceph-config-dump',
  'ceph-config-json',
  'ceph-conf',
  'ceph-mds-log',
  'ceph-cluster-log',
  'ceph-client-ls',
  'ceph-health-detail',
  'ceph-versions',
]);

export function shortHost(name: string): string {
  const h = name.toLowerCase();
  return /^\d+\.\d+\.\d+\.\d+$/.test(h) ? h : (h.split('.')[0] ?? h);
}

export interface HostAssignment {
  /** Host of each source; null for cluster outputs, multi-host files and files no evidence places. */
  hosts: Map<SourceScan, string | null>;
  /** How each host was told, in words (shown next to the host in the sources panel). */
  evidence: Map<SourceScan, string>;
}

const isLocalhost = (h: string) => h === 'localhost' || h === 'localhost.localdomain';

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The host most lines name (early-boot `localhost` does not count), and how many did. */
function contentHost(scan: SourceScan): { host: string; votes: number } | null {
  let best: string | null = null;
  let bestVotes = 0;
  for (const [h, n] of scan.hostVotes) {
    if (n > bestVotes && !isLocalhost(h)) {
      best = h;
      bestVotes = n;
    }
  }
  return best === null ? null : { host: shortHost(best), votes: bestVotes };
}

function contentEvidence(scan: SourceScan, votes: number): string {
  if (scan.format === 'host-hostname') return 'the host name the file prints';
  if (scan.format === 'host-uname') return 'the node name `uname -a` prints';
  if (scan.format === 'klog') return 'its `Running on machine:` header';
  return `the host field of its lines (${plural(votes, 'line')})`;
}

/** Hosts of a file that merges several hosts' lines, for its evidence text. */
function multiHostEvidence(scan: SourceScan): string {
  const named = [...scan.hostVotes].filter(([h]) => !isLocalhost(h)).sort((a, b) => b[1] - a[1]);
  const list = named.map(([h, n]) => `${shortHost(h)} ${n}`).join(', ');
  return `several hosts: each line goes to the host its host field names (${list || 'none named'})`;
}

export function assignHosts(scans: readonly SourceScan[], opts: AnalyzeOptions = {}): HostAssignment {
  const hosts = new Map<SourceScan, string | null>();
  const evidence = new Map<SourceScan, string>();
  const set = (scan: SourceScan, host: string | null, why: string) => {
    hosts.set(scan, host);
    evidence.set(scan, why);
  };

  // 1. the user's word, the content, and files whose lines belong to several hosts
  for (const scan of scans) {
    const given = opts.fileHosts?.[scan.path]?.trim();
    if (given) {
      set(scan, shortHost(given), 'set by the user');
      continue;
    }
    if (scan.plan?.multiHost) {
      set(scan, null, multiHostEvidence(scan));
      continue;
    }
    if (CLUSTER_FORMATS.has(scan.format)) {
      set(scan, null, 'output of the Ceph cluster, not of one host');
      continue;
    }
    const own = contentHost(scan);
    if (own) set(scan, own.host, contentEvidence(scan, own.votes));
  }

  // What the structure of the bundle says: per sosreport, the host its hostname file (or its logs) name.
  const byRoot = new Map<string, { host: string; why: string }>();
  for (const scan of scans) {
    const root = scan.plan?.layout === 'sosreport' ? scan.plan.root : undefined;
    const host = hosts.get(scan);
    if (root === undefined || !host) continue;
    const current = byRoot.get(root);
    const fromHostname = scan.format === 'host-hostname';
    if (!current || (fromHostname && !current.why.startsWith('the sosreport hostname'))) {
      byRoot.set(root, {
        host,
        why: fromHostname
          ? `the sosreport hostname file (${scan.path})`
          : `another file of the same sosreport (${scan.path})`,
      });
    }
  }
  const byDir = new Map<string, { host: string; path: string }>();
  for (const scan of scans) {
    const host = hosts.get(scan);
    if (host && !byDir.has(dirOf(scan.path))) byDir.set(dirOf(scan.path), { host, path: scan.path });
  }
  // 2. bundle metadata: the sosreport's host, a must-gather node folder, the sosreport's name
  for (const scan of scans) {
    if (hosts.has(scan)) continue;
    if (scan.format === 'unrecognised') {
      set(scan, null, 'no host: the format was not recognised');
      continue;
    }
    const root = scan.plan?.root !== undefined ? byRoot.get(scan.plan.root) : undefined;
    if (root) set(scan, root.host, root.why);
    else if (scan.plan?.host) set(scan, scan.plan.host.name, scan.plan.host.evidence);
  }

  // 3. a sibling file that names its host, the only host of the bundle, the folder name
  const known = new Set([...hosts.values()].filter((h): h is string => h !== null));
  for (const scan of scans) {
    if (hosts.has(scan)) continue;
    const sibling = byDir.get(dirOf(scan.path));
    if (sibling) {
      set(scan, sibling.host, `a file in the same folder names it (${sibling.path})`);
      continue;
    }
    if (known.size === 1) {
      set(scan, [...known][0] as string, 'the only host of the bundle');
      continue;
    }
    const folder = dirOf(scan.path).split('/').pop();
    if (folder) {
      set(scan, shortHost(folder), `its folder name (${folder}/)`);
      continue;
    }
    set(scan, null, 'no evidence');
    scan.warnings.push(
      'No host could be told for this file (no host field, no folder, several hosts in the bundle); ' +
        'its events are listed under "unknown host". Set its host in the sources panel.',
    );
  }

  // 4. the user's renames (two hosts renamed to one name become one host)
  const renames = opts.hostRenames ?? {};
  if (Object.keys(renames).length > 0) {
    for (const [scan, host] of hosts) {
      const to = host !== null ? renames[host]?.trim() : undefined;
      if (host !== null && to && to !== host) {
        set(scan, to, `${evidence.get(scan) ?? ''}; ${host} renamed to ${to} by the user`);
      }
    }
  }
  return { hosts, evidence };
}

/** The host of a multi-host file's line after the user's renames. */
export function renamedHost(host: string, opts: AnalyzeOptions): string {
  const short = shortHost(host);
  return opts.hostRenames?.[short]?.trim() || short;
}

// Root cause per episode (pure): one sentence naming the chain of the cascade, worded by the evidence
// the bundle holds, and how sure it is. The lead puts each on `Episode.summary` / `confidence`.
//
//   summarise(incident, scans)
//     → [{ summary: 'Network blip → MDS evicted and blocklisted the kernel clients of k8s-worker-1..3 → '
//          + 'reconnect denied → … → pods failing on the dead mounts (eviction inferred from the clients\' '
//          + '`reconnect denied`: no MDS log).', confidence: 'high' }]
import {
  type Analysis,
  analyse,
  bundleFacts,
  describeFaults,
  type Eviction,
  episodeViews,
  hostRange,
  REPEATED_MON_LOSS,
} from './findings.ts';
import type { Incident } from './incident.ts';
import type { SourceScan } from './scan.ts';

export type Confidence = 'high' | 'medium' | 'low';

export interface EpisodeSummary {
  summary: string;
  confidence: Confidence;
}

/** One summary per episode, in episode order; one for the whole bundle when episodes are not set. */
export function summarise(incident: Incident, scans: readonly SourceScan[]): EpisodeSummary[] {
  if (incident.episodes !== undefined && incident.episodes.length === 0) return [];
  const bundle = bundleFacts(incident, scans);
  return episodeViews(incident).map((v) => summariseAnalysis(analyse(incident, scans, v.events, bundle)));
}

export function summariseAnalysis(a: Analysis): EpisodeSummary {
  if (a.evictions.length > 0) return evictionSummary(a);
  if (a.pods.length > 0) return podsOnly(a);
  if (a.loops.length > 0) return loopOnly(a);
  if (a.faults.length > 0) return faultsOnly(a);
  if (a.events.length > 0) {
    const kinds = [...new Set(a.events.map((e) => e.kind))].slice(0, 4).join(', ');
    return {
      summary: `Only stray lines of the cascade (${a.events.length}: ${kinds}); no eviction, quota loop or pod failure.`,
      confidence: 'medium',
    };
  }
  return { summary: 'No line of the CephFS eviction cascade is in the bundle.', confidence: 'high' };
}

function evictionSummary(a: Analysis): EpisodeSummary {
  const links: string[] = [];
  const caveats: string[] = [];
  const cause = causeWords(a.evictions);
  if (cause) links.push(cause);
  const blocking = blockingWords(a);
  const clients =
    a.evictions.length > 1 || a.evictions.some((e) => e.clientIds.length > 1) ? 'clients' : 'client';
  links.push(
    `MDS evicted${blocking.word} the kernel ${clients} of ${hostRange(a.evictions.map((e) => e.label))}`,
  );
  const kernelSide = a.evictions.some((e) => e.kernelLines.length > 0);
  if (a.evictions.some((e) => e.kernelLines.some((k) => k.kind === 'ceph-mds-reconnect-denied'))) {
    links.push('reconnect denied');
  }
  if (a.dirty.length > 0) links.push('unflushed writes dropped');
  if (a.loops.length > 0) {
    links.push(
      a.loops.some((l) => l.kernel.lacksQuotaFix !== false)
        ? 'pre-5.3 quota loop'
        : 'quota realms without caps',
    );
  }
  if (a.pods.length > 0) links.push('pods failing on the dead mounts');

  if (!a.has.mdsLog && kernelSide)
    caveats.push("eviction inferred from the clients' `reconnect denied`: no MDS log");
  if (a.evictions.every((e) => e.kernelLines.length === 0))
    caveats.push("the clients' own logs are not in the bundle");
  if (blocking.caveat) caveats.push(blocking.caveat);
  const unknown = a.evictions.every((e) => e.mode === 'unknown');
  if (unknown) caveats.push('what triggered the eviction is not shown');
  if (!a.has.kubeletLog) caveats.push('pod impact not shown');
  else if (a.pods.length === 0) caveats.push('no pod failure in the kubelet lines');

  const assumed = (blocking.assumed ? 1 : 0) + (unknown ? 1 : 0);
  return {
    summary: sentence(links.join(' → '), caveats),
    confidence: assumed === 0 ? 'high' : 'medium',
  };
}

const CAUSE: Record<Eviction['mode'], (e: Eviction) => string | null> = {
  timeout: (e) =>
    e.networkFaults > 0
      ? 'network blip'
      : e.mdsLines.length > 0
        ? 'client sessions unresponsive'
        : 'client sessions went quiet',
  manual: () => 'manual eviction (client evict)',
  'cap-revoke': () => 'caps not released',
  features: () => 'missing client features',
  unknown: () => null,
};

function causeWords(evictions: readonly Eviction[]): string | null {
  const words = [...new Set(evictions.map((e) => CAUSE[e.mode](e)).filter((w): w is string => w !== null))];
  return words.length > 0 ? words.join(' / ') : null;
}

/** Whether the lines, the config dump or only the default say the clients were blocklisted. */
function blockingWords(a: Analysis): { word: string; caveat?: string; assumed: boolean } {
  if (a.evictions.some((e) => e.blocklisted === true)) return { word: ' and blocklisted', assumed: false };
  if (a.evictions.every((e) => e.blocklisted === false)) {
    return { word: '', caveat: 'the MDS did not blocklist them', assumed: false };
  }
  if (!a.config.present) {
    return { word: ' and blocklisted', caveat: 'blocklisting assumed from the default', assumed: true };
  }
  const relevant = a.config.options.filter((o) =>
    a.evictions.some((e) =>
      e.mode === 'timeout' ? o.option === 'timeout' : e.mode === 'unknown' || o.option === 'evict',
    ),
  );
  if (relevant.some((o) => o.on)) {
    return a.config.confOnly && relevant.every((o) => o.defaulted)
      ? {
          word: ' and blocklisted',
          caveat: 'blocklisting assumed from the default (only ceph.conf is in the bundle)',
          assumed: true,
        }
      : { word: ' and blocklisted', assumed: false };
  }
  return { word: '', caveat: 'blocklisting is off in the config dump', assumed: false };
}

function podsOnly(a: Analysis): EpisodeSummary {
  const hosts = hostRange(a.pods.map((p) => p.host));
  const denied = a.pods.some((p) => p.events.some((e) => /permission denied/i.test(e.text)));
  const kernelLogs = a.events.some((e) => e.stage !== 'kubelet-mount-failure');
  return {
    summary: sentence(
      `Pods on ${hosts} fail on their CephFS volumes` +
        (denied ? ' with "permission denied", the mark of an evicted kernel client' : ''),
      [
        kernelLogs
          ? 'no eviction in the kernel lines of the bundle'
          : 'the kernel and MDS lines that would show the cause are not in the bundle',
      ],
    ),
    confidence: 'low',
  };
}

function loopOnly(a: Analysis): EpisodeSummary {
  const old = a.loops.some((l) => l.kernel.lacksQuotaFix !== false);
  return {
    summary: sentence(
      `${old ? 'Pre-5.3 get_quota_realm loop' : 'Quota realms without caps'} on ${hostRange(a.loops.map((l) => l.host))}`,
      ['no eviction line is in the bundle, though a lost session is what starts the loop'],
    ),
    confidence: 'low',
  };
}

function faultsOnly(a: Analysis): EpisodeSummary {
  const recovered = a.faults.every((f) => f.recovered);
  const what = describeFaults(a.faults.flatMap((f) => f.faults));
  const hosts = hostRange(a.faults.map((f) => f.host));
  const repeated = a.faults.some(
    (f) => f.faults.filter((e) => e.stage === 'mon-session-lost').length >= REPEATED_MON_LOSS,
  );
  return recovered
    ? {
        summary: sentence(
          `Network faults on ${hosts} (${what}) → the client recovered: no eviction`,
          repeated ? ['repeated: the network to the cluster is unstable'] : [],
        ),
        confidence: 'high',
      }
    : {
        summary: sentence(`Network faults on ${hosts} (${what}) with no recovery in the bundle`, [
          'no eviction is shown',
        ]),
        confidence: 'medium',
      };
}

function sentence(chain: string, caveats: readonly string[]): string {
  const head = chain.charAt(0).toUpperCase() + chain.slice(1);
  return `${head}${caveats.length > 0 ? ` (${caveats.join('; ')})` : ''}.`;
}

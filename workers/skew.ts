// Cross-host clock skew (input-formats §8.4), pure. The MDS logs the eviction of client N before that
// client's kernel can hear of it (`closed our session`, `reconnect denied`), and it logs a denied
// reconnect before the client reads the denial. A client line stamped before the MDS line it
// answers shows the client host's clock running behind the cluster's by at least that gap.
import { CLUSTER_HOST, type IncidentEvent, type IncidentHost } from './incident.ts';

export interface HostSkew {
  /** Seconds to add to the host's times (never negative when estimated: only a lower bound is known). */
  seconds: number;
  method: string;
}

export interface SkewOptions {
  /** Seconds set by hand per host; they replace the estimate. */
  hostSkews?: Record<string, number>;
  /** How far apart an MDS line and the client line answering it may be, seconds (30 min by default). */
  windowSeconds?: number;
}

/** Which client lines answer which MDS lines: each must come after the line it answers. */
const ORDERED_PAIRS: readonly { mds: ReadonlySet<string>; client: ReadonlySet<string> }[] = [
  {
    mds: new Set([
      'mds-evicting-client-session',
      'mds-evicting-unresponsive-client',
      'mds-closing-stale-session',
      'mds-cap-revoke-evicting',
      'mds-evicting-session-missing-features',
    ]),
    client: new Set(['ceph-mds-closed-session', 'ceph-mds-reconnect-denied']),
  },
  // The client's `closed our session` comes before its reconnect, hence before the MDS denies it.
  { mds: new Set(['mds-denied-reconnect']), client: new Set(['ceph-mds-reconnect-denied']) },
];

const DEFAULT_WINDOW_S = 1800;

interface Pair {
  mds: IncidentEvent;
  client: IncidentEvent;
  /** Client time minus MDS time, seconds: negative breaks the order. */
  gap: number;
}

/** Epoch ms of an incident time, keeping its microseconds. */
function epochMs(ts: string): number {
  const micros = /\.\d{3}(\d{1,3})Z$/.exec(ts)?.[1];
  return Date.parse(ts) + (micros ? Number(micros.padEnd(3, '0')) / 1000 : 0);
}

const cite = (e: IncidentEvent) => `${e.source}:${e.line}`;
const round = (s: number) => Math.round(s * 1e3) / 1e3;

/** For each MDS line about one of the host's clients, the nearest client line that answers it. */
function pairsOf(host: IncidentHost, events: readonly IncidentEvent[], windowS: number): Pair[] {
  const ids = new Set(host.clientIds);
  const pairs: Pair[] = [];
  for (const rule of ORDERED_PAIRS) {
    const answers = events.filter((e) => e.host === host.name && e.ts !== null && rule.client.has(e.kind));
    for (const m of events) {
      // MDS lines may already sit on the client's lane (tied by client id): their kind tells them apart.
      if (m.ts === null || m.clientId === undefined || !ids.has(m.clientId) || !rule.mds.has(m.kind))
        continue;
      if (m.host !== CLUSTER_HOST && m.host !== host.name) continue;
      const mt = epochMs(m.ts);
      let best: Pair | null = null;
      for (const c of answers) {
        const gap = (epochMs(c.ts as string) - mt) / 1000;
        if (Math.abs(gap) <= windowS && (best === null || Math.abs(gap) < Math.abs(best.gap))) {
          best = { mds: m, client: c, gap };
        }
      }
      if (best) pairs.push(best);
    }
  }
  return pairs;
}

function estimate(host: IncidentHost, pairs: readonly Pair[]): HostSkew {
  if (pairs.length === 0) {
    const ids = host.clientIds.length > 0 ? `client ${host.clientIds.join(', ')}` : 'no known client id';
    return {
      seconds: 0,
      method: `not estimated: no MDS line about this host's sessions (${ids}) lies near its own lines`,
    };
  }
  const worst = pairs.reduce((a, b) => (b.gap < a.gap ? b : a));
  if (worst.gap >= 0) {
    return {
      seconds: 0,
      method:
        `consistent with the MDS: ${pairs.length} ordered pair(s), each client line after the MDS line it ` +
        `answers (closest: ${cite(worst.client)} ${round(worst.gap)} s after ${cite(worst.mds)})`,
    };
  }
  const seconds = round(-worst.gap);
  return {
    seconds,
    method:
      `estimated from ${pairs.length} MDS/client pair(s): ${cite(worst.client)} is stamped ${seconds} s before ` +
      `${cite(worst.mds)}, which it answers, so this host's clock is at least ${seconds} s behind the cluster's`,
  };
}

/**
 * The smallest correction per host that puts every client line after the MDS line it answers
 * (0 when the order already holds), or the value set by hand. Every host of `hosts` is listed;
 * a host set by hand but absent from `hosts` is listed too.
 */
export function estimateSkews(
  events: readonly IncidentEvent[],
  hosts: readonly IncidentHost[],
  options: SkewOptions = {},
): Map<string, HostSkew> {
  const out = new Map<string, HostSkew>();
  const windowS = options.windowSeconds ?? DEFAULT_WINDOW_S;
  for (const host of hosts) out.set(host.name, estimate(host, pairsOf(host, events, windowS)));
  for (const [name, seconds] of Object.entries(options.hostSkews ?? {})) {
    if (Number.isFinite(seconds)) out.set(name, { seconds, method: 'set by hand' });
  }
  return out;
}

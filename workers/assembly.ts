// Cascade assembly over placed, deduplicated events (pure): does a host's story fit the declared
// cascade (parsers/cascade.ts), which separate incidents does the bundle hold, and which client
// host does an MDS-side line speak of.
import { CASCADE, type CascadeLink } from '../parsers/cascade.ts';
import { STAGE_IDS, type StageId } from '../parsers/stages.ts';
import {
  CLUSTER_HOST,
  type Episode,
  type HostCascade,
  type IncidentEvent,
  type IncidentHost,
  type IsoTime,
  type StageSpanById,
} from './incident.ts';

const ISO = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/;

/** Epoch microseconds of an ISO time. Exact to the microsecond: Date.parse stops at the millisecond. */
export function isoMicros(iso: string | null): number | null {
  if (iso === null) return null;
  const m = ISO.exec(iso);
  if (!m) {
    const ms = Date.parse(iso);
    return Number.isNaN(ms) ? null : ms * 1000;
  }
  const whole = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(whole)) return null;
  return whole * 1000 + Number(`${m[2] ?? ''}000000`.slice(0, 6));
}

interface Timed {
  e: IncidentEvent;
  t: number;
}

function timed(events: readonly IncidentEvent[]): Timed[] {
  const out: Timed[] = [];
  for (const e of events) {
    const t = isoMicros(e.ts);
    if (t !== null) out.push({ e, t });
  }
  return out.sort((a, b) => a.t - b.t);
}

const seconds = (micros: number): number => Math.round(micros) / 1e6;

// ---------------------------------------------------------------------------------------------
// Per-host fit

/** Failure-line times per stage; anchor-stage lines count only when they prove the eviction. */
function stageTimes(lines: readonly Timed[]): Map<StageId, number[]> {
  const proof = new Set(CASCADE.fit.proofKinds);
  const out = new Map<StageId, number[]>();
  for (const { e, t } of lines) {
    if (e.recovery) continue;
    if (e.stage === CASCADE.fit.anchor && !proof.has(e.kind)) continue;
    const list = out.get(e.stage);
    if (list) list.push(t);
    else out.set(e.stage, [t]);
  }
  return out;
}

/** First index in sorted `xs` whose value is >= `x`. */
function lowerBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface LinkCheck {
  link: CascadeLink;
  held: boolean;
  /** Seconds from the `from` line to the `to` line: the pair that held, else the closest pair. */
  gap: number | null;
}

function checkLink(link: CascadeLink, times: Map<StageId, number[]>): LinkCheck {
  const from = times.get(link.from) ?? [];
  const to = times.get(link.to) ?? [];
  if (from.length === 0 || to.length === 0) return { link, held: false, gap: null };
  for (const t of to) {
    const lo = lowerBound(from, t - link.maxSeconds * 1e6);
    const hi = lowerBound(from, t - link.minSeconds * 1e6 + 1);
    if (lo < hi) return { link, held: true, gap: seconds(t - nearest(from, t, lo, hi)) };
  }
  const first = to[0] as number;
  return { link, held: false, gap: seconds(first - nearest(from, first, 0, from.length)) };
}

/** The value of sorted `xs[lo..hi)` (non-empty) closest to `t`. */
function nearest(xs: readonly number[], t: number, lo: number, hi: number): number {
  const j = Math.min(Math.max(lowerBound(xs, t), lo), hi - 1);
  const after = xs[j] as number;
  const before = j > lo ? (xs[j - 1] as number) : after;
  return Math.abs(t - before) <= Math.abs(after - t) ? before : after;
}

function describeGap(gap: number, what: string, after: string): string {
  return gap >= 0 ? `${what} ${gap} s after ${after}` : `${what} ${-gap} s before ${after}`;
}

function windowText(link: CascadeLink): string {
  return `${link.minSeconds}…${link.maxSeconds} s`;
}

function linkText(c: LinkCheck): string {
  if (c.gap === null)
    return `${c.link.id}: no ${c.link.to === CASCADE.fit.anchor ? 'eviction' : c.link.to} line`;
  const where = describeGap(c.gap, c.link.to, c.link.from);
  return c.held
    ? `${c.link.id} held (${where})`
    : `${c.link.id} broke (${where}, outside ${windowText(c.link)})`;
}

/**
 * Whether a host's lines fit the declared cascade. `order` lists the stages in the order their
 * first failure line begins (recovery lines never start a stage). A host fits when an eviction
 * line follows a connection reset within `CASCADE.fit.anchorLink`'s window and at least
 * `minFurtherStages` other stages begin within their own link's window. Pass one episode's
 * events to judge that episode alone.
 */
export function checkCascade(events: readonly IncidentEvent[], host: string): HostCascade {
  const lines = timed(events.filter((e) => e.host === host));
  const order = firstFailureOrder(lines);
  const fit = CASCADE.fit;
  const times = stageTimes(lines);
  const anchorLink = CASCADE.links.find((l) => l.id === fit.anchorLink) as CascadeLink;
  const anchor = checkLink(anchorLink, times);
  if (!times.has(fit.anchor)) return { fits: false, order, reason: noEviction(lines, order) };
  if (!times.has(fit.trigger)) {
    return {
      fits: false,
      order,
      reason:
        `does not fit: eviction without a connection reset on this host (${anchorLink.id} broke): ` +
        'evicted by hand, or this host’s kernel log is missing',
    };
  }
  if (!anchor.held) return { fits: false, order, reason: `does not fit: ${linkText(anchor)}` };
  const further = CASCADE.links.filter((l) => l.id !== fit.anchorLink).map((l) => checkLink(l, times));
  const held = further.filter((c) => c.held);
  const tally = `${held.length} further stage(s), ${fit.minFurtherStages} needed`;
  if (held.length < fit.minFurtherStages) {
    const tried = further.filter((c) => c.gap !== null);
    const detail = tried.length > 0 ? tried.map(linkText).join('; ') : 'no other stage on this host';
    return { fits: false, order, reason: `does not fit: ${linkText(anchor)}, but ${tally}: ${detail}` };
  }
  return {
    fits: true,
    order,
    reason: `fits: ${linkText(anchor)}; ${tally}: ${held.map(linkText).join('; ')}`,
  };
}

function firstFailureOrder(lines: readonly Timed[]): StageId[] {
  const first = new Map<StageId, number>();
  for (const { e, t } of lines) if (!e.recovery && !first.has(e.stage)) first.set(e.stage, t);
  return [...first.entries()]
    .sort((a, b) => a[1] - b[1] || STAGE_IDS.indexOf(a[0]) - STAGE_IDS.indexOf(b[0]))
    .map(([s]) => s);
}

/** Why a host without an eviction line does not fit: a stray reset, a survived reconnect, or bare consequences. */
function noEviction(lines: readonly Timed[], order: readonly StageId[]): string {
  const fit = CASCADE.fit;
  const proofRule = `no ${fit.anchor} line that proves an eviction (${fit.proofKinds.slice(0, 3).join(', ')}, …)`;
  if (order.length === 0) {
    return lines.length === 0
      ? 'does not fit: no timed stage lines on this host'
      : 'does not fit: only recovery lines on this host';
  }
  const recoveries = [...new Set(lines.filter((l) => l.e.recovery).map((l) => l.e.kind))];
  const attempts = [
    ...new Set(lines.filter((l) => fit.attemptKinds.includes(l.e.kind)).map((l) => l.e.kind)),
  ];
  const parts: string[] = [];
  const others = order.filter((s) => s !== fit.trigger);
  if (order.includes(fit.trigger)) parts.push(`stray reset: ${proofRule}`);
  else parts.push(proofRule);
  if (others.length > 0) parts.push(`other stages: ${others.join(', ')}`);
  if (attempts.length > 0) parts.push(`the ${fit.anchor} stage shows only attempts (${attempts.join(', ')})`);
  if (recoveries.length > 0) parts.push(`followed by recovery (${recoveries.join(', ')})`);
  return `does not fit: ${parts.join('; ')}`;
}

// ---------------------------------------------------------------------------------------------
// Episodes

interface Run {
  lane: string;
  start: number;
  end: number;
  lines: Timed[];
}

/** One lane's lines cut wherever they fall quiet for longer than `gap`. */
function runsOf(lane: string, lines: readonly Timed[], gap: number): Run[] {
  const runs: Run[] = [];
  for (const l of lines) {
    const last = runs[runs.length - 1];
    if (last && l.t - last.end <= gap) {
      last.end = l.t;
      last.lines.push(l);
    } else {
      runs.push({ lane, start: l.t, end: l.t, lines: [l] });
    }
  }
  return runs;
}

function nearestRun(runs: readonly Run[], t: number): Run {
  const distance = (r: Run): number => (t < r.start ? r.start - t : t > r.end ? t - r.end : 0);
  return runs.reduce((a, b) => (distance(b) < distance(a) ? b : a));
}

/**
 * Runs per host lane (failure lines, cut at quiet gaps), so a quota loop or kubelet retries
 * running for days stay one run. Recovery lines join the nearest run of their lane; a lane with
 * recovery lines only makes runs of them.
 */
function laneRuns(events: readonly IncidentEvent[], gap: number): Run[] {
  const byLane = new Map<string, Timed[]>();
  for (const l of timed(events)) {
    const list = byLane.get(l.e.host);
    if (list) list.push(l);
    else byLane.set(l.e.host, [l]);
  }
  const runs: Run[] = [];
  for (const [lane, lines] of byLane) {
    const failures = lines.filter((l) => !l.e.recovery);
    if (failures.length === 0) {
      runs.push(...runsOf(lane, lines, gap));
      continue;
    }
    const mine = runsOf(lane, failures, gap);
    for (const l of lines) if (l.e.recovery) nearestRun(mine, l.t).lines.push(l);
    runs.push(...mine);
  }
  return runs.sort((a, b) => a.start - b.start);
}

/**
 * Splits the bundle into episodes and sets `event.episode` on the events given (mutated in place).
 *
 * Runs are joined across hosts by their START: a run whose first line comes within `gapSeconds`
 * of the previous run's start belongs to the same episode, so hosts falling one after another
 * chain together, while a loop still running on one host does not swallow an incident that
 * begins days later elsewhere. The default gap (CASCADE.episodeGapSeconds) is longer than the
 * cascade's longest window, so one host's cascade is never cut.
 *
 * Untimed events get the episode of their lane when the lane has only one, else none; a bundle
 * with no timed event at all is one episode. `summary` and `confidence` are plain placeholders
 * for the diagnosis to overwrite.
 */
export function splitEpisodes(events: IncidentEvent[], gapSeconds = CASCADE.episodeGapSeconds): Episode[] {
  const gap = gapSeconds * 1e6;
  for (const e of events) delete e.episode;
  const groups: Run[][] = [];
  let previousStart = Number.NEGATIVE_INFINITY;
  for (const run of laneRuns(events, gap)) {
    const current = groups[groups.length - 1];
    if (current && run.start - previousStart <= gap) current.push(run);
    else groups.push([run]);
    previousStart = run.start;
  }
  const ids = groups.map((runs, i) => {
    const id = `episode-${i + 1}`;
    for (const run of runs) for (const l of run.lines) l.e.episode = id;
    return id;
  });
  if (ids.length === 0 && events.length > 0) ids.push('episode-1');
  placeUntimed(events, ids.length === 1 ? ids[0] : undefined);
  return ids.map((id) =>
    toEpisode(
      id,
      events.filter((e) => e.episode === id),
    ),
  );
}

function placeUntimed(events: IncidentEvent[], only: string | undefined): void {
  const laneEpisodes = new Map<string, Set<string>>();
  for (const e of events) {
    if (e.episode === undefined) continue;
    const set = laneEpisodes.get(e.host) ?? new Set<string>();
    set.add(e.episode);
    laneEpisodes.set(e.host, set);
  }
  for (const e of events) {
    if (e.episode !== undefined) continue;
    const mine = laneEpisodes.get(e.host);
    const id = mine === undefined ? only : mine.size === 1 ? [...mine][0] : undefined;
    if (id !== undefined) e.episode = id;
  }
}

/** First and last failure line (any line when there is none) of timed `lines`. */
function bounds(lines: readonly Timed[]): { first: IsoTime; last: IsoTime } {
  const failures = lines.filter((l) => !l.e.recovery);
  const use = failures.length > 0 ? failures : lines;
  return { first: use[0]?.e.ts ?? null, last: use[use.length - 1]?.e.ts ?? null };
}

function toEpisode(id: string, events: readonly IncidentEvent[]): Episode {
  const lines = timed(events);
  const hosts = [...new Set(events.map((e) => e.host))].sort();
  const { first, last } = bounds(lines);
  return {
    id,
    first,
    last,
    hosts,
    hostOrder: hostOrder(lines, hosts),
    spreadSeconds: spread(lines.filter((l) => !l.e.recovery)),
    stages: stageSpans(events),
    summary: `${id}: ${hosts.length} host(s)${first ? ` from ${first}` : ', untimed'}; not yet diagnosed.`,
    confidence: 'low',
  };
}

/** Client hosts by their first failure line (first line if only recoveries; untimed hosts last). */
function hostOrder(lines: readonly Timed[], hosts: readonly string[]): Episode['hostOrder'] {
  const first = new Map<string, Timed>();
  const firstAny = new Map<string, Timed>();
  for (const l of lines) {
    if (!firstAny.has(l.e.host)) firstAny.set(l.e.host, l);
    if (!l.e.recovery && !first.has(l.e.host)) first.set(l.e.host, l);
  }
  const clients = hosts.filter((h) => h !== CLUSTER_HOST);
  const begun = clients
    .filter((h) => firstAny.has(h))
    .map((h) => (first.get(h) ?? firstAny.get(h)) as Timed)
    .sort((a, b) => a.t - b.t || a.e.host.localeCompare(b.e.host))
    .map((l) => ({ host: l.e.host, first: l.e.ts }));
  const untimed = clients.filter((h) => !firstAny.has(h)).map((host) => ({ host, first: null }));
  return [...begun, ...untimed];
}

/** From the earliest connection reset to the last host's first kubelet failure, seconds. */
function spread(failures: readonly Timed[]): number | null {
  const onClient = failures.filter((l) => l.e.host !== CLUSTER_HOST);
  const reset = onClient.find((l) => l.e.stage === 'connection-reset');
  const firstKubelet = new Map<string, number>();
  for (const l of onClient) {
    if (l.e.stage === 'kubelet-mount-failure' && !firstKubelet.has(l.e.host)) firstKubelet.set(l.e.host, l.t);
  }
  if (!reset || firstKubelet.size === 0) return null;
  return seconds(Math.max(...firstKubelet.values()) - reset.t);
}

function stageSpans(events: readonly IncidentEvent[]): StageSpanById[] {
  const out: StageSpanById[] = [];
  for (const id of STAGE_IDS) {
    const mine = events.filter((e) => e.stage === id);
    if (mine.length === 0) continue;
    out.push({
      id,
      ...bounds(timed(mine)),
      count: mine.length,
      hosts: [...new Set(mine.map((e) => e.host))].sort(),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Identity

/**
 * MDS-side lines (host `ceph cluster`) that name a client id owned by exactly one host move to
 * that host's lane; `source`/`line` still cite the MDS log. An id two hosts claim (two clusters
 * can hand out the same global id) stays on the cluster lane. Returns copies; `events` is unchanged.
 */
export function tieClientIds(
  events: readonly IncidentEvent[],
  hosts: readonly Pick<IncidentHost, 'name' | 'clientIds'>[],
): IncidentEvent[] {
  const owner = new Map<number, string | null>();
  for (const h of hosts) {
    for (const id of h.clientIds) {
      const known = owner.get(id);
      owner.set(id, known === undefined || known === h.name ? h.name : null);
    }
  }
  return events.map((e) => {
    if (e.host !== CLUSTER_HOST || e.clientId === undefined) return e;
    const host = owner.get(e.clientId);
    return host ? { ...e, host } : e;
  });
}

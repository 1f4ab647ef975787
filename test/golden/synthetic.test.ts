// Synthetic bundles with known truth (test/synthetic/bundle.ts) through the whole engine: per host
// and stage the first time (to the second), the exact count after deduplication and the rules that
// matched (the kernel dialect), the clock of every source, the client ids, the MDS eviction lines and
// their hosts, the episodes, the cascade fit, the skew, and the blocklist finding with and without
// the mitigation in the config dump.
import { beforeAll, describe, expect, it } from 'vitest';
import type { StageId } from '../../parsers/stages.ts';
import { analyzeFiles } from '../../workers/engine.ts';
import { CLUSTER_HOST, type Incident, type IncidentEvent } from '../../workers/incident.ts';
import {
  type BundleTruth,
  type SourceTruth,
  type SyntheticBundle,
  syntheticBundle,
} from '../synthetic/bundle.ts';

/** Times are compared to the second: kernel lines go through the fitted clock. */
const TOLERANCE_MS = 1000;

function analyze(bundle: SyntheticBundle): Promise<Incident> {
  return analyzeFiles(
    bundle.files.map((f) => ({ path: f.path, blob: new Blob([f.text]), lastModified: f.lastModified })),
  );
}

function expectNear(actual: string | null | undefined, truth: string, what: string): void {
  expect(actual, `${what}: no time`).toBeTypeOf('string');
  const diff = Date.parse(actual as string) - Date.parse(truth);
  expect(Math.abs(diff), `${what}: ${actual} vs truth ${truth}`).toBeLessThan(TOLERANCE_MS);
}

function expectSecondsNear(actual: number | undefined, truth: number, what: string): void {
  expect(actual, `${what}: missing`).toBeTypeOf('number');
  expect(Math.abs((actual as number) - truth), `${what}: ${actual} vs truth ${truth}`).toBeLessThan(
    TOLERANCE_MS / 1000,
  );
}

const copiesOf = (e: IncidentEvent): string[] => [e.source, ...e.alsoIn.map((a) => a.source)].sort();
const byTime = (a: IncidentEvent, b: IncidentEvent): number => ((a.ts ?? '') < (b.ts ?? '') ? -1 : 1);

/**
 * The host's own lines (not the MDS log's): per stage the exact count and recoveries and the first
 * failure, and each `reconnect denied` kept once with its copies in every other file that holds it.
 */
function expectHostTimeline(incident: Incident, truth: BundleTruth, host: string): void {
  const t = truth.hosts[host];
  expect(t, host).toBeDefined();
  if (!t) return;
  const own = incident.events.filter((e) => e.host === host && e.source !== truth.mdsLog);
  expect([...new Set(own.map((e) => e.stage))].sort(), `${host}: stages`).toEqual(
    Object.keys(t.stages).sort(),
  );
  for (const [id, st] of Object.entries(t.stages)) {
    const events = own.filter((e) => e.stage === (id as StageId));
    expect(events.length, `${host} ${id}: count`).toBe(st.count);
    expect(events.filter((e) => e.recovery).length, `${host} ${id}: recoveries`).toBe(st.recoveries);
    const kinds: Record<string, number> = {};
    for (const e of events) kinds[e.kind] = (kinds[e.kind] ?? 0) + 1;
    expect(kinds, `${host} ${id}: rules`).toEqual(st.kinds);
    const firsts = events
      .filter((e) => !e.recovery)
      .map((e) => e.ts)
      .sort();
    expectNear(firsts[0], st.first, `${host} ${id}: first`);
  }
  const denied = own.filter((e) => e.kind === 'ceph-mds-reconnect-denied').sort(byTime);
  expect(denied.map(copiesOf), `${host}: copies of reconnect denied`).toEqual(
    t.deniedCopies.map((c) => [...c].sort()),
  );
}

function expectClock(incident: Incident, src: SourceTruth): void {
  const clock = incident.sources.find((s) => s.path === src.path)?.clock;
  expect(clock?.kind, src.path).toBe(src.clock.kind);
  if (!clock) return;
  if (src.clock.kind === 'wall') {
    expect(clock.aligned, `${src.path}: aligned`).toBe(true);
    expect(clock.offsetSeconds, `${src.path}: zone offset`).toBeCloseTo(src.clock.offsetSeconds, 6);
    expect(clock.zoneAssumed ?? false, `${src.path}: zone assumed`).toBe(src.clock.zoneAssumed);
  } else if (src.clock.kind === 'monotonic') {
    expect(clock.aligned, `${src.path}: aligned`).toBe(true);
    expect(clock.boots?.length, `${src.path}: boots`).toBe(src.clock.boots.length);
    src.clock.boots.forEach((boot, i) => {
      expect(clock.boots?.[i]?.aligned, `${src.path} boot ${i + 1}: aligned`).toBe(true);
      expectSecondsNear(clock.boots?.[i]?.offsetSeconds, boot, `${src.path} boot ${i + 1}: kernel time zero`);
    });
    if (src.clock.boots.length === 1) {
      expectSecondsNear(clock.offsetSeconds, src.clock.boots[0] as number, `${src.path}: kernel time zero`);
    }
  }
}

const BUNDLES = [syntheticBundle({ mitigated: false }), syntheticBundle({ mitigated: true })];

it('builds the same bundle every time (seeded, no clock)', () => {
  const again = syntheticBundle({ mitigated: false });
  expect(again.files).toEqual(BUNDLES[0]?.files);
  expect(again.truth).toEqual(BUNDLES[0]?.truth);
});

describe.each(BUNDLES)('synthetic bundle, $name', (bundle) => {
  const { truth } = bundle;
  let incident: Incident;
  beforeAll(async () => {
    incident = await analyze(bundle);
  });

  it('reads every file whole, as its format, on its host, understanding every line', () => {
    expect(incident.sources.map((s) => s.path)).toEqual(truth.sources.map((s) => s.path));
    for (const src of truth.sources) {
      const s = incident.sources.find((x) => x.path === src.path);
      expect(s?.format, src.path).toBe(src.format);
      expect(s?.host, src.path).toBe(src.host);
      expect(s?.lines, src.path).toBe(src.lines);
      expect(s?.unparsed, src.path).toBe(0);
      expect(s?.error, src.path).toBeUndefined();
    }
  });

  it('knows each host, its kernel and every client id it mounted with', () => {
    expect(incident.hosts.map((h) => h.name).sort()).toEqual(Object.keys(truth.hosts).sort());
    for (const [name, t] of Object.entries(truth.hosts)) {
      const h = incident.hosts.find((x) => x.name === name);
      expect(h?.kernel, name).toBe(t.kernel);
      expect(h?.clientIds, name).toEqual(t.clientIds);
    }
  });

  // Per host and stage: first time to the second, exact count after dedup.
  it('node-a (pre-5.3, rebooted between the episodes, journal short with header): every stage', () => {
    expectHostTimeline(incident, truth, 'node-a');
  });
  it('node-b (5.11+ session reset, journal short-iso at +08:00): every stage', () => {
    expectHostTimeline(incident, truth, 'node-b');
  });
  it('node-c (6.7+ prefix, one line in dmesg, journal JSON and messages): every stage', () => {
    expectHostTimeline(incident, truth, 'node-c');
  });
  it('node-d (5.4, year-less journal across New Year): every stage', () => {
    expectHostTimeline(incident, truth, 'node-d');
  });

  it.each(truth.sources.map((s) => [s.path, s] as const))('clock of %s', (_path, src) => {
    expectClock(incident, src);
  });

  it('reads every MDS eviction line at its time', () => {
    const mds = incident.events.filter((e) => e.source === truth.mdsLog);
    expect(mds.map((e) => e.line).sort((a, b) => a - b)).toEqual(truth.evictions.map((e) => e.line));
    for (const ev of truth.evictions) {
      const e = mds.find((x) => x.line === ev.line);
      expect(e?.kind, `line ${ev.line}`).toBe(ev.rule);
      expect(e?.stage, `line ${ev.line}`).toBe('reconnect-denied');
      expectNear(e?.ts, ev.ts, `${truth.mdsLog}:${ev.line}`);
    }
  });

  it('puts every MDS eviction line on the client host it names', () => {
    for (const ev of truth.evictions) {
      const e = incident.events.find((x) => x.source === truth.mdsLog && x.line === ev.line);
      expect(e?.clientId, `line ${ev.line}`).toBe(ev.clientId);
      expect(e?.host, `line ${ev.line}`).toBe(ev.host);
    }
  });

  it('splits the bundle into its episodes, a day apart, each with its hosts', () => {
    const episodes = incident.episodes ?? [];
    expect(episodes).toHaveLength(truth.episodes.length);
    truth.episodes.forEach((t, i) => {
      const ep = episodes[i];
      expectNear(ep?.first, t.first, `episode ${i + 1}: first`);
      expect(ep?.hosts.filter((h) => h !== CLUSTER_HOST).sort(), `episode ${i + 1}: hosts`).toEqual(t.hosts);
    });
    for (const e of incident.events) {
      const at = Date.parse(e.ts ?? '');
      const i = truth.episodes.filter((t) => Date.parse(t.first) - TOLERANCE_MS <= at).length - 1;
      expect(e.episode, `${e.source}:${e.line}`).toBe(episodes[i]?.id);
    }
  });

  it('marks every host as following the cascade', () => {
    for (const name of Object.keys(truth.hosts)) {
      const h = incident.hosts.find((x) => x.name === name);
      expect(h?.cascade?.fits, `${name}: ${h?.cascade?.reason}`).toBe(true);
    }
  });

  it('estimates no skew between hosts whose clocks are right', () => {
    for (const h of incident.hosts) {
      expect(Math.abs(h.skewSeconds ?? 0), `${h.name}: ${h.skewMethod}`).toBeLessThan(TOLERANCE_MS / 1000);
    }
  });

  if (truth.mitigated) {
    it('has no blocklist finding: the config dump turns blocklisting off', () => {
      expect(incident.findings.map((f) => f.id)).not.toContain('blocklist-on-timeout');
      expect(incident.findings.map((f) => f.id)).toContain('client-evicted');
    });
  } else {
    it('finds blocklisting on (the default, absent from the config dump), in the Pacific+ spelling', () => {
      const finding = incident.findings.find((f) => f.id === 'blocklist-on-timeout');
      expect(finding).toBeDefined();
      expect(finding?.remediation).toContain('ceph config set mds mds_session_blocklist_on_timeout false');
    });
  }
});

describe('synthetic bundle, node-d alone: the year only from its journal mtime', () => {
  const bundle = syntheticBundle({ mitigated: false, hosts: ['node-d'] });
  let incident: Incident;
  beforeAll(async () => {
    incident = await analyze(bundle);
  });

  it('dates the lines of Dec 31 in the year before the mtime', () => {
    expectHostTimeline(incident, bundle.truth, 'node-d');
  });

  it.each(bundle.truth.sources.map((s) => [s.path, s] as const))('clock of %s', (_path, src) => {
    expectClock(incident, src);
  });
});

describe('synthetic bundle, node-b 45 s behind the cluster', () => {
  const bundle = syntheticBundle({ mitigated: false, clockBehind: { 'node-b': 45 } });
  let incident: Incident;
  beforeAll(async () => {
    incident = await analyze(bundle);
  });

  // node-b's clock runs 45 s behind: its kernel reports the denial before the MDS evicted it.
  it('estimates the skew of node-b from the MDS lines its kernel answers, and none elsewhere', () => {
    for (const [name, t] of Object.entries(bundle.truth.hosts)) {
      const h = incident.hosts.find((x) => x.name === name);
      expectSecondsNear(h?.skewSeconds ?? 0, t.skewSeconds, `${name}: skew (${h?.skewMethod})`);
    }
  });

  // The estimated skew added to the host's own lines puts them on the cluster's time.
  it("node-b: every stage on the cluster's time once the skew is added", () => {
    expectHostTimeline(incident, bundle.truth, 'node-b');
  });
});

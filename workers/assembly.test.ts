import { describe, expect, it } from 'vitest';
import { ruleById } from '../parsers/rules.ts';
import { checkCascade, isoMicros, splitEpisodes, tieClientIds } from './assembly.ts';
import { CLUSTER_HOST, type IncidentEvent } from './incident.ts';

let nextLine = 1;

/** An event of rule `kind` on `host` at `ts`; stage and recovery come from the catalog. */
function ev(
  host: string,
  kind: string,
  ts: string | null,
  extra: Partial<IncidentEvent> = {},
): IncidentEvent {
  const rule = ruleById(kind);
  return {
    ts,
    host,
    stage: rule.stage,
    kind,
    recovery: rule.recovery,
    source: host === CLUSTER_HOST ? 'ceph/ceph-mds.a.log' : `${host}/dmesg.log`,
    line: nextLine++,
    offset: 0,
    text: rule.examples.positive[0] as string,
    stamp: '',
    severity: rule.severity,
    alsoIn: [],
    ...extra,
  };
}

const at = (day: string, time: string): string => `2019-11-${day}T${time}Z`;

/** One worker of the sample (test/sample/README.md timeline, k8s-worker-1), day `day`. */
function sampleWorker(host: string, day = '12', shiftMinutes = 0): IncidentEvent[] {
  const t = (hh: number, mm: number, ss: string): string => {
    const m = hh * 60 + mm + shiftMinutes;
    const h2 = String(Math.floor(m / 60)).padStart(2, '0');
    const m2 = String(m % 60).padStart(2, '0');
    return at(day, `${h2}:${m2}:${ss}`);
  };
  return [
    ev(host, 'libceph-mon-session-lost', t(10, 14, '03.412529')),
    ev(host, 'libceph-socket-closed', t(10, 14, '03.412318')),
    ev(host, 'ceph-mds-hung', t(10, 18, '58.517204')),
    ev(host, 'libceph-mon-session-established', t(10, 19, '11.905000')),
    ev(host, 'libceph-connection-reset', t(10, 19, '14.351266')),
    ev(host, 'ceph-mds-closed-session', t(10, 19, '14.352000')),
    ev(host, 'ceph-mds-reconnect-start', t(10, 19, '14.360000')),
    ev(host, 'ceph-mds-reconnect-denied', t(10, 19, '14.372000')),
    ev(host, 'ceph-dropping-dirty-caps', t(10, 19, '14.374906')),
    ev(host, 'ceph-mds-rejected-session', t(10, 19, '15.961000')),
    ev(host, 'ceph-mds-caps-stale', t(10, 19, '34.419000')),
    ev(host, 'ceph-get-quota-realm-null-snaprealm', t(10, 19, '36.442917')),
    ev(host, 'runtime-volume-mkdir-file-exists', t(10, 20, '13.406552')),
  ];
}

describe('isoMicros', () => {
  it('keeps microseconds that Date.parse would drop', () => {
    const a = isoMicros('2019-11-12T10:14:03.412318Z') as number;
    const b = isoMicros('2019-11-12T10:14:03.412529Z') as number;
    expect(b - a).toBe(211);
    expect(isoMicros('2019-11-12T11:14:03.5+01:00')).toBe(isoMicros('2019-11-12T10:14:03.500000Z'));
    expect(isoMicros(null)).toBeNull();
    expect(isoMicros('not a time')).toBeNull();
  });
});

describe('checkCascade', () => {
  it('fits the sample order and lists stages by their first failure line', () => {
    const c = checkCascade(sampleWorker('w1'), 'w1');
    expect(c.order).toEqual([
      'connection-reset',
      'mon-session-lost',
      'mds-hung',
      'reconnect-denied',
      'caps-stale',
      'quota-realm-loop',
      'kubelet-mount-failure',
    ]);
    expect(c.fits).toBe(true);
    // The reset logged when the network came back, not the first one 311 s earlier.
    expect(c.reason).toMatch(
      /^fits: denial-after-reset held \(reconnect-denied 0\.020734 s after connection-reset\)/,
    );
    expect(c.reason).toContain('5 further stage(s), 1 needed');
    expect(c.reason).toContain('kubelet-after-denial held');
  });

  it('ignores other hosts', () => {
    const c = checkCascade(
      [...sampleWorker('w1'), ev('w2', 'libceph-socket-closed', at('12', '10:00:00'))],
      'w2',
    );
    expect(c.order).toEqual(['connection-reset']);
    expect(c.fits).toBe(false);
  });

  it('does not fit a stray reset followed only by recovery', () => {
    const events = [
      ev('w9', 'libceph-socket-closed', at('12', '10:00:00.100000')),
      ev('w9', 'libceph-mon-session-lost', at('12', '10:00:00.100200')),
      ev('w9', 'libceph-mon-session-established', at('12', '10:00:03.000000')),
    ];
    const c = checkCascade(events, 'w9');
    expect(c).toMatchObject({ fits: false, order: ['connection-reset', 'mon-session-lost'] });
    expect(c.reason).toContain('stray reset');
    expect(c.reason).toContain('followed by recovery (libceph-mon-session-established)');
  });

  it('does not fit a reconnect the MDS accepted (attempt lines are no eviction)', () => {
    const events = [
      ev('w9', 'libceph-session-reset', at('12', '10:00:00')),
      ev('w9', 'ceph-mds-closed-session', at('12', '10:00:00.010000')),
      ev('w9', 'ceph-mds-reconnect-start', at('12', '10:00:00.020000')),
      ev('w9', 'ceph-mds-reconnect-success', at('12', '10:00:00.500000')),
      ev('w9', 'ceph-mds-caps-went-stale', at('12', '10:00:01')),
    ];
    const c = checkCascade(events, 'w9');
    expect(c.fits).toBe(false);
    expect(c.order).toEqual(['connection-reset', 'reconnect-denied', 'caps-stale']);
    expect(c.reason).toContain('shows only attempts (ceph-mds-closed-session, ceph-mds-reconnect-start)');
  });

  it('does not fit an eviction without a connection reset on the host', () => {
    const events = [
      ev('w9', 'ceph-mds-reconnect-denied', at('12', '10:00:00')),
      ev('w9', 'ceph-mds-caps-stale', at('12', '10:00:10')),
    ];
    const c = checkCascade(events, 'w9');
    expect(c.fits).toBe(false);
    expect(c.reason).toContain('eviction without a connection reset');
    expect(c.reason).toContain('denial-after-reset broke');
  });

  it('does not fit when the reset lies outside the window of the eviction', () => {
    const events = [
      ev('w9', 'libceph-socket-closed', at('12', '08:00:00')),
      ev('w9', 'ceph-mds-reconnect-denied', at('12', '10:00:00')),
      ev('w9', 'ceph-mds-caps-stale', at('12', '10:00:10')),
    ];
    const c = checkCascade(events, 'w9');
    expect(c.fits).toBe(false);
    expect(c.reason).toBe(
      'does not fit: denial-after-reset broke (reconnect-denied 7200 s after connection-reset, outside -5…600 s)',
    );
  });

  it('does not fit a reset and an eviction with no further stage in its window', () => {
    const events = [
      ev('w9', 'libceph-session-reset', at('12', '10:00:00')),
      ev('w9', 'ceph-mds-reconnect-denied', at('12', '10:00:00.200000')),
      ev('w9', 'kubelet-volume-check-stat-error', at('12', '12:00:00')),
    ];
    const c = checkCascade(events, 'w9');
    expect(c.fits).toBe(false);
    expect(c.reason).toContain('0 further stage(s), 1 needed');
    expect(c.reason).toContain(
      'kubelet-after-denial broke (kubelet-mount-failure 7199.8 s after reconnect-denied',
    );
  });

  it('tolerates a reset logged a second after the denial (teuthology kern.log order)', () => {
    const events = [
      ev('t', 'ceph-mds-closed-session', at('12', '08:14:38.123718')),
      ev('t', 'ceph-mds-reconnect-start', at('12', '08:14:38.128019')),
      ev('t', 'ceph-mds-reconnect-denied', at('12', '08:14:39.093378')),
      ev('t', 'ceph-dropping-dirty-caps', at('12', '08:14:39.098525')),
      ev('t', 'libceph-socket-closed', at('12', '08:14:39.196747')),
      ev('t', 'libceph-connection-reset', at('12', '08:14:40.126214')),
    ];
    const c = checkCascade(events, 't');
    expect(c.fits).toBe(true);
    expect(c.order).toEqual(['reconnect-denied', 'caps-stale', 'connection-reset']);
    expect(c.reason).toContain(
      'denial-after-reset held (reconnect-denied 0.103369 s before connection-reset)',
    );
  });

  it('fits caps that went stale minutes before the eviction (jlayton dmesg)', () => {
    const events = [
      ev('c1', 'ceph-mds-caps-stale', at('18', '12:08:51.607913')),
      ev('c1', 'ceph-mds-hung', at('18', '12:12:48.657735')),
      ev('c1', 'libceph-socket-closed', at('18', '12:12:50.964139')),
      ev('c1', 'libceph-session-reset', at('18', '12:12:51.159578')),
      ev('c1', 'ceph-mds-closed-session', at('18', '12:12:51.168000')),
      ev('c1', 'ceph-mds-reconnect-denied', at('18', '12:12:51.196569')),
    ];
    const c = checkCascade(events, 'c1');
    expect(c.fits).toBe(true);
    expect(c.reason).toContain(
      'caps-stale-around-denial held (caps-stale 239.588656 s before reconnect-denied)',
    );
    expect(c.reason).toContain('hung-after-reset held (mds-hung 2.306404 s before connection-reset)');
  });

  it('pairs the eviction with the reset logged when the network returned, not the first one', () => {
    const events = [
      ev('w9', 'libceph-socket-closed', at('12', '09:00:00')),
      ev('w9', 'ceph-mds-hung', at('12', '09:04:55')),
      ev('w9', 'libceph-connection-reset', at('12', '10:00:00')),
      ev('w9', 'ceph-mds-reconnect-denied', at('12', '10:00:00.020000')),
    ];
    const c = checkCascade(events, 'w9');
    expect(c.fits).toBe(true);
    expect(c.reason).toContain('denial-after-reset held (reconnect-denied 0.02 s after connection-reset)');
    expect(c.reason).toContain('hung-after-reset held (mds-hung 295 s after connection-reset)');
  });

  it('says so when a host has no timed lines', () => {
    expect(checkCascade([ev('w9', 'libceph-socket-closed', null)], 'w9')).toEqual({
      fits: false,
      order: [],
      reason: 'does not fit: no timed stage lines on this host',
    });
  });
});

describe('splitEpisodes', () => {
  it('keeps the three sample workers in one episode with host order, spread and stage spans', () => {
    const events = [...sampleWorker('w3', '12', 2), ...sampleWorker('w1'), ...sampleWorker('w2', '12', 1)];
    const episodes = splitEpisodes(events);
    expect(episodes).toHaveLength(1);
    const [e] = episodes;
    expect(e?.id).toBe('episode-1');
    expect(e?.hosts).toEqual(['w1', 'w2', 'w3']);
    expect(e?.hostOrder).toEqual([
      { host: 'w1', first: at('12', '10:14:03.412318') },
      { host: 'w2', first: at('12', '10:15:03.412318') },
      { host: 'w3', first: at('12', '10:16:03.412318') },
    ]);
    // First host's first reset 10:14:03.412318 → last host's first kubelet failure 10:22:13.406552.
    expect(e?.spreadSeconds).toBe(489.994234);
    expect(e?.first).toBe(at('12', '10:14:03.412318'));
    expect(e?.last).toBe(at('12', '10:22:13.406552'));
    const mon = e?.stages.find((s) => s.id === 'mon-session-lost');
    // Recovery lines are counted but do not bound the span.
    expect(mon).toEqual({
      id: 'mon-session-lost',
      first: at('12', '10:14:03.412529'),
      last: at('12', '10:16:03.412529'),
      count: 6,
      hosts: ['w1', 'w2', 'w3'],
    });
    expect(e?.stages.map((s) => s.id)).toHaveLength(7);
    expect(e?.confidence).toBe('low');
    expect(e?.summary).toContain('not yet diagnosed');
    expect(events.every((x) => x.episode === 'episode-1')).toBe(true);
  });

  it('splits two incidents a day apart into two episodes, each with its own events', () => {
    const day1 = sampleWorker('w1', '12');
    const day2 = sampleWorker('w2', '13');
    const episodes = splitEpisodes([...day2, ...day1]);
    expect(episodes.map((e) => [e.id, e.hosts, e.first])).toEqual([
      ['episode-1', ['w1'], at('12', '10:14:03.412318')],
      ['episode-2', ['w2'], at('13', '10:14:03.412318')],
    ]);
    expect(new Set(day1.map((x) => x.episode))).toEqual(new Set(['episode-1']));
    expect(new Set(day2.map((x) => x.episode))).toEqual(new Set(['episode-2']));
  });

  it('keeps a quota loop running for days in its episode, while a later incident elsewhere starts a new one', () => {
    const loop: IncidentEvent[] = [];
    const start = isoMicros(at('12', '10:19:40')) as number;
    for (let i = 1; i <= 3 * 24 * 6; i++) {
      const ts = new Date((start + i * 600e6) / 1000).toISOString().replace('.000Z', '.000000Z');
      loop.push(ev('w1', 'ceph-get-quota-realm-null-snaprealm', ts));
    }
    const later = sampleWorker('w2', '14');
    const events = [...sampleWorker('w1'), ...loop, ...later];
    const episodes = splitEpisodes(events);
    expect(episodes.map((e) => e.hosts)).toEqual([['w1'], ['w2']]);
    expect(loop.every((x) => x.episode === 'episode-1')).toBe(true);
    expect(later.every((x) => x.episode === 'episode-2')).toBe(true);
    expect(episodes[0]?.last).toBe(loop[loop.length - 1]?.ts);
  });

  it('cuts at the gap it is given', () => {
    const events = [
      ev('w1', 'libceph-socket-closed', at('12', '10:00:00')),
      ev('w1', 'libceph-socket-closed', at('12', '10:40:00')),
    ];
    expect(splitEpisodes(events)).toHaveLength(1);
    expect(splitEpisodes(events, 1800)).toHaveLength(2);
  });

  it('gives recovery lines the nearest run of their host, and untimed lines their host’s only episode', () => {
    const events = [
      ev('w1', 'libceph-socket-closed', at('12', '10:00:00')),
      ev('w1', 'libceph-mon-session-established', at('12', '12:30:00')),
      ev('w1', 'libceph-socket-closed', at('12', '14:00:00')),
      ev('w2', 'libceph-socket-closed', at('12', '14:00:30')),
      ev('w2', 'ceph-mds-caps-stale', null),
      ev('w1', 'ceph-mds-caps-stale', null),
    ];
    const episodes = splitEpisodes(events);
    expect(episodes.map((e) => e.hosts)).toEqual([['w1'], ['w1', 'w2']]);
    // The untimed line placed in episode 2 counts there, without moving its bounds.
    expect(episodes[1]?.stages.find((s) => s.id === 'caps-stale')).toEqual({
      id: 'caps-stale',
      first: null,
      last: null,
      count: 1,
      hosts: ['w2'],
    });
    expect(events.map((e) => e.episode)).toEqual([
      'episode-1',
      'episode-2',
      'episode-2',
      'episode-2',
      'episode-2',
      undefined,
    ]);
  });

  it('makes an untimed bundle one episode, counted but without times', () => {
    const events = [ev('w1', 'libceph-socket-closed', null), ev('w1', 'ceph-mds-reconnect-denied', null)];
    events[0] = { ...(events[0] as IncidentEvent), episode: 'stale-id' };
    const [e, more] = splitEpisodes(events);
    expect(more).toBeUndefined();
    expect(e).toMatchObject({ id: 'episode-1', first: null, last: null, spreadSeconds: null });
    expect(e?.hostOrder).toEqual([{ host: 'w1', first: null }]);
    expect(e?.stages.map((s) => [s.id, s.count, s.first])).toEqual([
      ['connection-reset', 1, null],
      ['reconnect-denied', 1, null],
    ]);
    expect(events.map((x) => x.episode)).toEqual(['episode-1', 'episode-1']);
  });

  it('leaves the spread unknown without a kubelet failure, and keeps the cluster lane out of the host order', () => {
    const events = [
      ev(CLUSTER_HOST, 'mds-evicting-client-session', at('12', '10:13:00'), { clientId: 7 }),
      ev('w1', 'libceph-socket-closed', at('12', '10:14:00')),
    ];
    const [e] = splitEpisodes(events);
    expect(e?.hosts).toEqual([CLUSTER_HOST, 'w1']);
    expect(e?.hostOrder).toEqual([{ host: 'w1', first: at('12', '10:14:00') }]);
    expect(e?.spreadSeconds).toBeNull();
  });
});

describe('tieClientIds', () => {
  const hosts = [
    { name: 'w1', clientIds: [176873] },
    { name: 'w2', clientIds: [174406, 5] },
    { name: 'w3', clientIds: [5] },
  ];

  it('moves MDS eviction lines to the host that owns the client id, keeping the MDS log as source', () => {
    const mds = ev(CLUSTER_HOST, 'mds-evicting-client-session', at('12', '10:19:05'), { clientId: 174406 });
    const unknown = ev(CLUSTER_HOST, 'mds-evicting-unresponsive-client', at('12', '10:19:05'), {
      clientId: 9,
    });
    const shared = ev(CLUSTER_HOST, 'mds-evicting-client-session', at('12', '10:19:06'), { clientId: 5 });
    const noId = ev(CLUSTER_HOST, 'mds-client-late-release', at('12', '10:19:07'));
    const kernel = ev('w1', 'ceph-mds-reconnect-denied', at('12', '10:19:14'), { clientId: 174406 });
    const input = [mds, unknown, shared, noId, kernel];
    const out = tieClientIds(input, hosts);
    expect(out.map((e) => e.host)).toEqual(['w2', CLUSTER_HOST, CLUSTER_HOST, CLUSTER_HOST, 'w1']);
    expect(out[0]).toEqual({ ...mds, host: 'w2' });
    expect(out[0]?.source).toBe('ceph/ceph-mds.a.log');
    expect(mds.host).toBe(CLUSTER_HOST);
    expect(out[1]).toBe(unknown);
  });

  it('lets an attributed eviction complete a host’s cascade', () => {
    const events = [
      ev('w2', 'libceph-socket-closed', at('12', '10:14:40')),
      ev(CLUSTER_HOST, 'mds-evicting-unresponsive-client', at('12', '10:19:45'), { clientId: 174406 }),
      ev('w2', 'kubelet-volume-check-stat-error', at('12', '10:20:52')),
    ];
    expect(checkCascade(events, 'w2').fits).toBe(false);
    const tied = tieClientIds(events, hosts);
    const c = checkCascade(tied, 'w2');
    expect(c.fits).toBe(true);
    expect(c.order).toEqual(['connection-reset', 'reconnect-denied', 'kubelet-mount-failure']);
  });
});

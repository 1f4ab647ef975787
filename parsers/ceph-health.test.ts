import { describe, expect, it } from 'vitest';
import { expectNotTakenBy, expectOwnFormat, fixtureCases } from '../test/support/detection.ts';
import { headerSamples } from '../test/support/header-samples.ts';
import { createCephHealthDetailParser, MAX_DETAIL_LINES } from './ceph-health.ts';
import { classify } from './rules.ts';
import type { FactRecord, LineOutcome } from './types.ts';

function feed(lines: string[]): { outs: LineOutcome<FactRecord>[]; recs: FactRecord[] } {
  const p = createCephHealthDetailParser();
  let offset = 0;
  const outs = lines.map((l, i) => {
    const out = p.parseLine(l, i + 1, offset);
    offset += l.length + 1;
    return out;
  });
  const recs = [...outs.flatMap((o) => (o.t === 'record' ? [o.rec] : [])), ...(p.finish?.() ?? [])];
  return { outs, recs };
}

const OCTOPUS = [
  'HEALTH_WARN 1 clients failing to respond to capability release; 1 MDSs report slow requests',
  '[WRN] MDS_CLIENT_LATE_RELEASE: 1 clients failing to respond to capability release',
  '    mds.cfs01.ceph2.qwkfzp(mds.0): Client gpu-node-17 failing to respond to capability release client_id: 4305',
  '[WRN] MDS_SLOW_REQUEST: 1 MDSs report slow requests',
  '    mds.cfs01.ceph2.qwkfzp(mds.0): 23 slow requests are blocked > 30 secs',
];

describe('ceph-health-detail', () => {
  it('header sample lines (pre-Octopus layout)', () => {
    const p = createCephHealthDetailParser();
    const samples = headerSamples('./ceph-health.ts');
    expect(samples.map((s, i) => p.parseLine(s, i + 1, 0).t)).toEqual(['meta', 'part', 'part']);
    expect(p.finish?.()).toEqual([
      {
        kind: 'fact',
        line: 2,
        offset: 0,
        msg: 'MDS_CLIENT_LATE_RELEASE 1 clients failing to respond to capability release',
        fact: {
          kind: 'ceph-health',
          code: 'MDS_CLIENT_LATE_RELEASE',
          severity: 'WRN',
          summary: '1 clients failing to respond to capability release',
          detail: [
            'mds.mds020(mds.31): Client KN1791 failing to respond to capability release client_id: 110688476',
          ],
        },
      },
    ]);
  });

  it('Octopus layout: a check is the record of the next check line, the last comes from finish()', () => {
    const { outs, recs } = feed(OCTOPUS);
    expect(outs.map((o) => o.t)).toEqual(['meta', 'part', 'part', 'record', 'part']);
    expect(outs[0]).toEqual({ t: 'meta', meta: { kind: 'other-marker', text: OCTOPUS[0] } });
    expect(recs).toEqual([
      {
        kind: 'fact',
        line: 2,
        offset: 92,
        msg: '[WRN] MDS_CLIENT_LATE_RELEASE: 1 clients failing to respond to capability release',
        fact: {
          kind: 'ceph-health',
          code: 'MDS_CLIENT_LATE_RELEASE',
          severity: 'WRN',
          summary: '1 clients failing to respond to capability release',
          detail: [
            'mds.cfs01.ceph2.qwkfzp(mds.0): Client gpu-node-17 failing to respond to capability release client_id: 4305',
          ],
        },
      },
      {
        kind: 'fact',
        line: 4,
        offset: 285,
        msg: '[WRN] MDS_SLOW_REQUEST: 1 MDSs report slow requests',
        fact: {
          kind: 'ceph-health',
          code: 'MDS_SLOW_REQUEST',
          severity: 'WRN',
          summary: '1 MDSs report slow requests',
          detail: ['mds.cfs01.ceph2.qwkfzp(mds.0): 23 slow requests are blocked > 30 secs'],
        },
      },
    ]);
  });

  it('the check line and its detail lines match the rule catalog (origin mds)', () => {
    const { recs } = feed(OCTOPUS);
    const late = recs[0];
    expect(late && classify(late.msg, 'mds')?.rule.id).toBe('mds-client-late-release');
    if (late?.fact.kind !== 'ceph-health') throw new Error('no health fact');
    expect(classify(late.fact.detail[0] ?? '', 'mds')?.groups).toMatchObject({ client: 'gpu-node-17' });
  });

  it('[ERR] checks, a check without detail, and HEALTH_ERR', () => {
    const { recs } = feed([
      'HEALTH_ERR 1 filesystem is offline; 1 filesystem is online with fewer MDS than max_mds',
      '[ERR] MDS_ALL_DOWN: 1 filesystem is offline',
      '    fs cephfs is offline because no MDS is active for it.',
      '[WRN] MDS_UP_LESS_THAN_MAX: 1 filesystem is online with fewer MDS than max_mds',
    ]);
    expect(
      recs.map((r) =>
        r.fact.kind === 'ceph-health' ? [r.fact.severity, r.fact.code, r.fact.detail.length] : [],
      ),
    ).toEqual([
      ['ERR', 'MDS_ALL_DOWN', 1],
      ['WRN', 'MDS_UP_LESS_THAN_MAX', 0],
    ]);
  });

  it('muted checks keep (MUTED) in msg; untagged checks take the HEALTH_ severity', () => {
    const { outs, recs } = feed([
      'HEALTH_OK (muted: OSD_DOWN)',
      '(MUTED) OSD_DOWN 1 osds down',
      '    osd.1 is down',
    ]);
    expect(outs.map((o) => o.t)).toEqual(['meta', 'part', 'part']);
    expect(recs).toMatchObject([
      {
        msg: '(MUTED) OSD_DOWN 1 osds down',
        fact: { code: 'OSD_DOWN', severity: 'INF', summary: '1 osds down', detail: ['osd.1 is down'] },
      },
    ]);
  });

  it('a prompt or a new HEALTH_ line closes the pending check without losing the line', () => {
    const { outs, recs } = feed([
      '# ceph health detail',
      ...OCTOPUS.slice(0, 3),
      '# ceph health detail',
      'HEALTH_WARN 1 large omap objects; 6 slow ops, oldest one blocked for 41 sec, osd.2 has slow ops',
      '[WRN] LARGE_OMAP_OBJECTS: 1 large omap objects',
      "    1 large objects found in pool 'cn-east-1.rgw.buckets.index'",
      'HEALTH_OK',
    ]);
    expect(outs.map((o) => o.t)).toEqual([
      'meta',
      'meta',
      'part',
      'part',
      'meta',
      'meta',
      'part',
      'part',
      'meta',
    ]);
    expect(recs.map((r) => [r.line, r.fact.kind === 'ceph-health' ? r.fact.code : ''])).toEqual([
      [3, 'MDS_CLIENT_LATE_RELEASE'],
      [7, 'LARGE_OMAP_OBJECTS'],
    ]);
  });

  it('noise inside a check is unparsed and does not end it', () => {
    const { outs, recs } = feed([...OCTOPUS.slice(0, 3), '```', '', '    more detail']);
    expect(outs.map((o) => o.t)).toEqual(['meta', 'part', 'part', 'unparsed', 'blank', 'part']);
    expect(recs[0]?.fact).toMatchObject({ detail: [expect.any(String), 'more detail'] });
  });

  it(`keeps at most ${MAX_DETAIL_LINES} detail lines`, () => {
    const many = Array.from(
      { length: MAX_DETAIL_LINES + 5 },
      (_, i) => `    pg 2.${i} is active+undersized+degraded`,
    );
    const { outs, recs } = feed(['HEALTH_WARN x', '[WRN] PG_DEGRADED: Degraded data redundancy', ...many]);
    expect(outs.every((o) => o.t !== 'unparsed')).toBe(true);
    expect(recs[0]?.fact.kind === 'ceph-health' && recs[0].fact.detail.length).toBe(MAX_DETAIL_LINES);
  });

  it.each([
    ['an untagged check before any HEALTH_ line', 'MDS_CLIENT_LATE_RELEASE 1 clients failing'],
    ['a detail line before any check', '    mds.a(mds.0): Client x failing to respond to capability release'],
    ['a dmesg line', '[ 5645.168000] ceph: mds0 closed our session'],
    ['a journal line', 'Jul 20 08:14:38 teuthology kernel: [3677601.123718] ceph: mds0 closed our session'],
    ['a klog line', 'E0129 14:25:06.950855   10850 kubelet_volumes.go:65] pod found'],
    [
      'a config dump header',
      'WHO    MASK  LEVEL     OPTION                                             VALUE      RO',
    ],
    ['a ceph.conf section', '[global]'],
    ['a JSON line', '{"mon": {"ceph version 16.2.10 (45fa) pacific (stable)": 3}}'],
    [
      'an MDS log line',
      'debug 2025-04-27T10:12:45.617+0000 7f17a10a0640  0 log_channel(cluster) log [WRN] : evicting unresponsive client x (1), after 316.554 seconds',
    ],
    [
      'a cluster log line',
      '2019-07-13T18:12:45.451223+0000 mon.b (mon.0) 1415 : cluster [WRN] Health check failed: 1 clients failing to respond to capability release (MDS_CLIENT_LATE_RELEASE)',
    ],
    ['`ceph status` output', '    health: HEALTH_WARN'],
  ])('leaves %s unparsed', (_name, line) => {
    expect(createCephHealthDetailParser().parseLine(line, 1, 0).t).toBe('unparsed');
  });

  it('after a HEALTH_ line, an untagged code line is a check, but not a lower-case or code-less line', () => {
    const p = createCephHealthDetailParser();
    p.parseLine('HEALTH_WARN x', 1, 0);
    expect(p.parseLine('OSD_DOWN 1 osds down', 2, 0).t).toBe('part');
    expect(p.parseLine('DEGRADED things', 3, 0).t).toBe('unparsed');
  });
});

// ---- detection ---------------------------------------------------------------------------------

describe('detection (detect.ts over the registered formats)', () => {
  it.each(fixtureCases(['ceph-health-detail']))('%s/%s is its own format, alone at the top', (dir, file) => {
    expectOwnFormat(dir, file);
  });

  it.each(fixtureCases(['dmesg', 'journal-short', 'klog', 'ceph-config-dump', 'unrecognised']))(
    '%s/%s is not taken by ceph-health-detail',
    (dir, file) => {
      expectNotTakenBy(dir, file, ['ceph-health-detail']);
    },
  );
});

import { describe, expect, it } from 'vitest';
import { expectNotTakenBy, expectOwnFormat, fixtureCases } from '../test/support/detection.ts';
import { headerSamples } from '../test/support/header-samples.ts';
import { CEPH_LOG_FORMATS, cephClusterLogParser, cephMdsLogParser } from './ceph-logs.ts';
import { classify } from './rules.ts';
import type { EntryRecord, LineOutcome } from './types.ts';

function entry(out: LineOutcome): EntryRecord {
  if (out.t !== 'record' || out.rec.kind !== 'entry') throw new Error(`not an entry: ${JSON.stringify(out)}`);
  return out.rec;
}

const ROOK = [
  'debug 2025-04-27T10:12:45.617+0000 7f17a10a0640  0 log_channel(cluster) log [WRN] : evicting unresponsive client puhui-py:ai_asset (977313), after 316.554 seconds',
  'debug 2025-04-27T10:12:45.617+0000 7f17a10a0640  1 mds.0.482 Evicting (and blocklisting) client session 977313 (v1:10.10.10.253:0/180833414)',
  'debug 2025-04-27T10:12:45.617+0000 7f17a10a0640  0 log_channel(cluster) log [INF] : Evicting (and blocklisting) client session 977313 (v1:10.10.10.253:0/180833414)',
];

// Lines of other formats: both parsers must leave them unparsed (or, if indented, as continuation).
const OTHER_FORMATS = [
  '[ 5645.168000] ceph: mds0 closed our session',
  'Jul 20 08:14:38 teuthology kernel: [3677601.123718] ceph: mds0 closed our session',
  'E0129 14:25:06.950855   10850 kubelet_volumes.go:65] pod found',
  'WHO    MASK  LEVEL     OPTION                                             VALUE      RO',
  '[global]',
  '[WRN] MDS_CLIENT_LATE_RELEASE: 1 clients failing to respond to capability release',
  '{"section":"mds","name":"x","value":"1"}',
  '2024-01-09T10:00:00,123456+01:00 ceph: mds0 closed our session', // dmesg --time-format iso
  '2019-11-12T10:19:14.123456+00:00 node-a kernel: ceph: mds0 closed our session', // rsyslog / short-iso
  '2019-11-12T10:19:14+0000 node-a kernel: ceph: mds0 closed our session', // short-iso
  '2025-04-27T10:12:45.617123456Z stderr F debug 2025-04-27T10:12:45.617+0000 7f17a10a0640  1 mds.0.482 x', // CRI
  '2025-04-27T10:12:45.617123456Z debug 2025-04-27T10:12:45.617+0000 7f17a10a0640  1 mds.0.482 x', // --timestamps
  '<6>1 2019-11-12T10:19:14.123456+00:00 node-a ceph-mds 1234 - - msg', // RFC 5424
];

describe('ceph-mds-log', () => {
  it('header sample lines', () => {
    expect(headerSamples('./ceph-logs.ts').map((s, i) => cephMdsLogParser.parseLine(s, i + 1, 0).t)).toEqual([
      'record',
      'record',
      'record',
      'unparsed', // the cluster-log sample
    ]);
  });

  it('Rook stderr: clog line → fields.channel/level, msg after the tag', () => {
    expect(entry(cephMdsLogParser.parseLine(ROOK[0] ?? '', 1, 0))).toEqual({
      kind: 'entry',
      line: 1,
      offset: 0,
      msg: 'evicting unresponsive client puhui-py:ai_asset (977313), after 316.554 seconds',
      time: {
        kind: 'civil',
        civil: { year: 2025, month: 4, day: 27, hour: 10, minute: 12, second: 45, micros: 617000 },
        zone: '+0000',
      },
      ident: 'ceph-mds',
      severity: 4,
      fields: { thread: '7f17a10a0640', dout: '0', channel: 'cluster', level: 'WRN' },
    });
  });

  it('Rook stderr: dout line → fields.prefix, msg after `mds.0.482 `', () => {
    const r = entry(cephMdsLogParser.parseLine(ROOK[1] ?? '', 2, 163));
    expect(r.msg).toBe('Evicting (and blocklisting) client session 977313 (v1:10.10.10.253:0/180833414)');
    expect(r.fields).toEqual({ thread: '7f17a10a0640', dout: '1', prefix: 'mds.0.482' });
    expect(r.severity).toBe(6);
    expect(r.offset).toBe(163);
  });

  it.each<[string, string, Partial<EntryRecord>]>([
    [
      'Octopus+ ISO stamp with zone, dout 4',
      '2020-06-01T23:16:55.330+0000 7ffa98c38700  4 mds.0.73 reconnect_start: killed 0 blacklisted sessions (2 blacklist entries, 1)',
      {
        msg: 'reconnect_start: killed 0 blacklisted sessions (2 blacklist entries, 1)',
        severity: 6,
        fields: { thread: '7ffa98c38700', dout: '4', prefix: 'mds.0.73' },
      },
    ],
    [
      'Nautilus stamp, milliseconds, no zone, dout 20',
      '2022-10-25 16:41:04.133 7f6c4e836700 20 mds.31.locker caps_tick 9 revoking caps',
      {
        time: {
          kind: 'civil',
          civil: { year: 2022, month: 10, day: 25, hour: 16, minute: 41, second: 4, micros: 133000 },
        },
        severity: 7,
        msg: 'caps_tick 9 revoking caps',
      },
    ],
    [
      'old stamp with microseconds, message keeps its own indentation',
      '2015-01-09 14:48:18.657250 7ffd01ffb700 20 mds.0.server   entity_id: admin',
      { msg: '  entity_id: admin', fields: { thread: '7ffd01ffb700', dout: '20', prefix: 'mds.0.server' } },
    ],
    [
      'derr (-1)',
      '2019-11-12 10:19:14.123456 7f3a2c7f8700 -1 mds.0.journaler.mdlog(ro) _finish_read got error -2',
      { severity: 3, fields: { thread: '7f3a2c7f8700', dout: '-1', prefix: 'mds.0.journaler.mdlog(ro)' } },
    ],
    [
      'a line without an mds prefix keeps all its text',
      '2022-04-01T11:07:40.189+0000 7f660b7fe700  0 client.126313 ms_handle_reset on v2:10.244.0.12:6800/1837830945',
      { msg: 'client.126313 ms_handle_reset on v2:10.244.0.12:6800/1837830945', severity: 5 },
    ],
    [
      'a clog [ERR]',
      '2019-11-12 10:19:14.123456 7f3a2c7f8700 -1 log_channel(cluster) log [ERR] : dir 0x1 object missing on disk',
      { severity: 3, msg: 'dir 0x1 object missing on disk' },
    ],
    [
      'a nanosecond stamp with a Z zone',
      '2025-04-27T10:12:45.617123456Z 7f17a10a0640  1 mds.a Updating MDS map to version 5 from mon.0',
      {
        time: {
          kind: 'civil',
          civil: { year: 2025, month: 4, day: 27, hour: 10, minute: 12, second: 45, micros: 617123 },
          zone: 'Z',
        },
        msg: 'Updating MDS map to version 5 from mon.0',
      },
    ],
  ])('%s', (_name, line, want) => {
    expect(entry(cephMdsLogParser.parseLine(line, 1, 0))).toMatchObject({ ident: 'ceph-mds', ...want });
  });

  it('the messages match the rule catalog (origin mds)', () => {
    const ids = ROOK.map((l) => classify(entry(cephMdsLogParser.parseLine(l, 1, 0)).msg, 'mds')?.rule.id);
    expect(ids).toEqual([
      'mds-evicting-unresponsive-client',
      'mds-evicting-client-session',
      'mds-evicting-client-session',
    ]);
    const caps = entry(
      cephMdsLogParser.parseLine(
        "2019-11-12 10:14:03.512017 7f3a2c7f8700  0 log_channel(cluster) log [WRN] : client.176873 isn't responding to mclientcaps(revoke), ino 0x10000000afe pending pAsLsXsFr issued pAsLsXsFrw, sent 964.899182 seconds ago",
        1,
        0,
      ),
    );
    expect(classify(caps.msg, 'mds')?.rule.id).toBe('mds-client-not-responding-to-revoke');
  });

  it.each([
    ['a prompt', 'root@ceph-mds-1:~# tail /var/log/ceph/ceph-mds.a.log', 'meta'],
    ['an indented backtrace line', ' 1: (()+0x12c20) [0x7f3a3c8b8c20]', 'continuation'],
    ['a blank line', '', 'blank'],
    ['an impossible month', '2019-13-12 10:25:41.000000 7f3a2affd700  0 mds.0.1 x', 'unparsed'],
    ['a stamp without fraction', '2019-11-12 10:25:41 7f3a2affd700  0 mds.0.1 x', 'unparsed'],
    [
      'a cluster log line',
      '2019-07-13T18:12:45.451223+0000 mon.b (mon.0) 1415 : cluster [WRN] x',
      'unparsed',
    ],
  ])('%s → %s', (_name, line, t) => {
    expect(cephMdsLogParser.parseLine(line, 1, 0).t).toBe(t);
  });

  it.each(OTHER_FORMATS)('leaves another format unparsed: %s', (line) => {
    expect(cephMdsLogParser.parseLine(line, 1, 0).t).toBe('unparsed');
  });
});

describe('ceph-cluster-log', () => {
  it('header sample lines', () => {
    expect(
      headerSamples('./ceph-logs.ts').map((s, i) => cephClusterLogParser.parseLine(s, i + 1, 0).t),
    ).toEqual(['unparsed', 'unparsed', 'unparsed', 'record']);
  });

  it.each<[string, string, Partial<EntryRecord>]>([
    [
      'Nautilus+ layout, ISO stamp with zone',
      '2019-07-13T18:12:45.451223+0000 mon.b (mon.0) 1415 : cluster [WRN] Health check failed: 1 clients failing to respond to capability release (MDS_CLIENT_LATE_RELEASE)',
      {
        time: {
          kind: 'civil',
          civil: { year: 2019, month: 7, day: 13, hour: 18, minute: 12, second: 45, micros: 451223 },
          zone: '+0000',
        },
        ident: 'ceph-mon',
        severity: 4,
        fields: { daemon: 'mon.b', rank: 'mon.0', seq: '1415', channel: 'cluster', level: 'WRN' },
        msg: 'Health check failed: 1 clients failing to respond to capability release (MDS_CLIENT_LATE_RELEASE)',
      },
    ],
    [
      'an MDS source',
      '2019-11-12T10:19:14.123456+0000 mds.ceph-mds-1 (mds.0) 1234 : cluster [WRN] evicting unresponsive client node-a (176873), after 300.2 seconds',
      {
        ident: 'ceph-mds',
        fields: { daemon: 'mds.ceph-mds-1', rank: 'mds.0', seq: '1234', channel: 'cluster', level: 'WRN' },
        msg: 'evicting unresponsive client node-a (176873), after 300.2 seconds',
      },
    ],
    [
      'epoch seconds',
      '1683750040.6366475 mon.a (mon.0) 414 : cluster [WRN] Health check failed: 1 client(s) laggy due to laggy OSDs (MDS_CLIENTS_LAGGY)',
      { time: { kind: 'epoch', ms: 1683750040636.647 }, ident: 'ceph-mon' },
    ],
    [
      'Luminous layout with rank and address, space-separated stamp',
      '2017-07-24 08:15:11.329298 mon.a mon.0 172.21.9.34:6789/0 23 : cluster [INF] osd.0 172.21.9.34:6806/20527 boot',
      {
        time: {
          kind: 'civil',
          civil: { year: 2017, month: 7, day: 24, hour: 8, minute: 15, second: 11, micros: 329298 },
        },
        severity: 6,
        fields: {
          daemon: 'mon.a',
          rank: 'mon.0',
          addr: '172.21.9.34:6789/0',
          seq: '23',
          channel: 'cluster',
          level: 'INF',
        },
        msg: 'osd.0 172.21.9.34:6806/20527 boot',
      },
    ],
    [
      'the audit channel',
      '2019-11-12T10:19:14.123456+0000 mon.a (mon.0) 99 : audit [DBG] from=\'client.? 10.0.0.9:0/1\' entity=\'client.admin\' cmd=[{"prefix": "status"}]: dispatch',
      { severity: 7, fields: { daemon: 'mon.a', rank: 'mon.0', seq: '99', channel: 'audit', level: 'DBG' } },
    ],
    [
      'an OSD source',
      '2019-11-12T10:19:14.123456+0000 osd.3 (osd.3) 12 : cluster [ERR] 2.1f shard 3 soid 2:f8 : candidate had a read error',
      { ident: 'ceph-osd', severity: 3 },
    ],
  ])('%s', (_name, line, want) => {
    expect(cephClusterLogParser.parseLine(line, 1, 0)).toEqual({
      t: 'record',
      rec: expect.objectContaining({ kind: 'entry', line: 1, offset: 0, ...want }),
    });
  });

  it('the MDS messages match the rule catalog (origin mds)', () => {
    const line =
      '2019-11-12T10:19:14.123530+0000 mds.ceph-mds-1 (mds.0) 1235 : cluster [INF] Evicting (and blocklisting) client session 176873 (v1:10.99.10.7:0/12345)';
    const rec = cephClusterLogParser.parseLine(line, 1, 0);
    expect(rec.t === 'record' && classify(rec.rec.msg, 'mds')?.rule.id).toBe('mds-evicting-client-session');
  });

  it.each([
    ['a prompt', 'root@ceph-mon-1:~# tail /var/log/ceph/ceph.log', 'meta'],
    ['a line cut after the stamp', '2019-11-12T10:19:2', 'unparsed'],
    [
      'the entry forwarded to syslog',
      'Nov 12 10:19:14 ceph-mon-1 ceph-mon[1234]: 2019-11-12T10:19:14.123456+0000 mds.a (mds.0) 1 : cluster [WRN] x',
      'unparsed',
    ],
    ['an MDS daemon-log line', ROOK[0] ?? '', 'unparsed'],
    ['an impossible day', '2019-11-32T10:19:14.123456+0000 mon.a (mon.0) 1 : cluster [INF] x', 'unparsed'],
  ])('%s → %s', (_name, line, t) => {
    expect(cephClusterLogParser.parseLine(line, 1, 0).t).toBe(t);
  });

  it.each(OTHER_FORMATS)('leaves another format unparsed: %s', (line) => {
    expect(cephClusterLogParser.parseLine(line, 1, 0).t).toBe('unparsed');
  });
});

// ---- detection ---------------------------------------------------------------------------------

const CEPH_LOG_IDS = CEPH_LOG_FORMATS.map((f) => f.id);

describe('detection (detect.ts over the registered formats)', () => {
  it.each(fixtureCases(['ceph-mds-log', 'ceph-cluster-log']))(
    '%s/%s is its own format, alone at the top',
    (dir, file) => {
      expectOwnFormat(dir, file);
    },
  );

  it.each(fixtureCases(['dmesg', 'journal-short', 'klog', 'ceph-config-dump', 'unrecognised']))(
    '%s/%s is not taken by a Ceph log format',
    (dir, file) => {
      expectNotTakenBy(dir, file, CEPH_LOG_IDS);
    },
  );
});

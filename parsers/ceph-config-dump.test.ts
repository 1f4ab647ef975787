import { describe, expect, it } from 'vitest';
import { createCephConfigDumpParser } from './ceph-config-dump.ts';
import type { CephConfigRecord, LineOutcome } from './types.ts';

type Row = Pick<CephConfigRecord, 'who' | 'mask' | 'level' | 'option' | 'value' | 'ro'>;

function feed(lines: string[]): LineOutcome[] {
  const p = createCephConfigDumpParser();
  return lines.map((l, i) => p.parseLine(l, i + 1, 0));
}

function row(out: LineOutcome | undefined): Row | string {
  if (out?.t !== 'record' || out.rec.kind !== 'ceph-config') return JSON.stringify(out);
  const { who, mask, level, option, value, ro } = out.rec;
  return { who, mask, level, option, value, ro };
}

const R = (who: string, mask: string, level: string, option: string, value: string, ro = false): Row => ({
  who,
  mask,
  level,
  option,
  value,
  ro,
});

describe('createCephConfigDumpParser', () => {
  it('parses the header sample (mcgarrah harlan, newer layout, no trailing blanks)', () => {
    const out = feed([
      'root@harlan:~# ceph config dump',
      'WHO    MASK  LEVEL     OPTION                                             VALUE      RO',
      'mgr          advanced  mgr/dashboard/ssl                                  true       *',
      'osd.0        basic     osd_mclock_max_capacity_iops_hdd                   86.136079',
    ]);
    expect(out[0]).toEqual({
      t: 'meta',
      meta: {
        kind: 'prompt',
        text: 'root@harlan:~# ceph config dump',
        host: 'harlan',
        command: 'ceph config dump',
      },
    });
    expect(out[1]).toEqual({ t: 'meta', meta: { kind: 'header' } });
    expect(row(out[2])).toEqual(R('mgr', '', 'advanced', 'mgr/dashboard/ssl', 'true', true));
    expect(row(out[3])).toEqual(R('osd.0', '', 'basic', 'osd_mclock_max_capacity_iops_hdd', '86.136079'));
  });

  it('parses the §6.1 sample, which keeps trailing padding', () => {
    const out = feed([
      'WHO     MASK  LEVEL     OPTION                                 VALUE           RO',
      'global        advanced  osd_deep_scrub_interval                2419200.000000    ',
      'mon           advanced  auth_allow_insecure_global_id_reclaim  false             ',
    ]);
    expect(row(out[1])).toEqual(R('global', '', 'advanced', 'osd_deep_scrub_interval', '2419200.000000'));
    expect(row(out[2])).toEqual(R('mon', '', 'advanced', 'auth_allow_insecure_global_id_reclaim', 'false'));
  });

  it('cuts by column offsets: indented WHO, masks, values with spaces, empty values', () => {
    const out = feed([
      'WHO        MASK         LEVEL     OPTION                            VALUE                                                                           RO',
      'global                  advanced  mon_host                          [v2:10.0.0.1:3300/0,v1:10.0.0.1:6789/0] [v2:10.0.0.2:3300/0,v1:10.0.0.2:6789/0]  * ',
      '  mgr                   advanced  mgr/dashboard/server_addr                                                                                           ',
      '  mgr                   advanced  mgr/dashboard/server_port',
      '  osd      class:ssd    basic     osd_memory_target                 6442450944                                                                         ',
      '    mds.a  host:node-a  advanced  mds_session_blocklist_on_timeout  true                                                                               ',
      '  mds                   advanced  mds_session_blocklist_on_evict    true                                                                               ',
    ]);
    expect(out.slice(1).map(row)).toEqual([
      R(
        'global',
        '',
        'advanced',
        'mon_host',
        '[v2:10.0.0.1:3300/0,v1:10.0.0.1:6789/0] [v2:10.0.0.2:3300/0,v1:10.0.0.2:6789/0]',
        true,
      ),
      R('mgr', '', 'advanced', 'mgr/dashboard/server_addr', ''),
      R('mgr', '', 'advanced', 'mgr/dashboard/server_port', ''),
      R('osd', 'class:ssd', 'basic', 'osd_memory_target', '6442450944'),
      R('mds.a', 'host:node-a', 'advanced', 'mds_session_blocklist_on_timeout', 'true'),
      R('mds', '', 'advanced', 'mds_session_blocklist_on_evict', 'true'),
    ]);
  });

  it('takes the offsets of the latest header (concatenated dumps)', () => {
    const out = feed([
      'WHO    MASK  LEVEL     OPTION  VALUE  RO',
      'mon          advanced  a_opt   1',
      'WHO     MASK  LEVEL  OPTION                 VALUE  RO',
      'client        dev    client_mount_timeout   300',
    ]);
    expect(row(out[1])).toEqual(R('mon', '', 'advanced', 'a_opt', '1'));
    expect(row(out[3])).toEqual(R('client', '', 'dev', 'client_mount_timeout', '300'));
  });

  it('keeps state per instance, and can be seeded with a header for a split file', () => {
    const a = createCephConfigDumpParser();
    const b = createCephConfigDumpParser();
    a.parseLine('WHO    MASK  LEVEL     OPTION  VALUE  RO', 1, 0);
    const line = 'mon          advanced  a_opt   1';
    expect(a.parseLine(line, 2, 0).t).toBe('record');
    expect(b.parseLine(line, 2, 0)).toEqual({
      t: 'unparsed',
      reason: 'row before the WHO MASK LEVEL OPTION VALUE RO header',
    });
    const seeded = createCephConfigDumpParser('WHO    MASK  LEVEL     OPTION  VALUE  RO');
    expect(seeded.parseLine(line, 2, 0).t).toBe('record');
  });

  it.each([
    ['a misaligned row', 'mon_host  [v2:10.0.0.9:3300/0]  pasted out of column', 'line up'],
    ['an unknown level', 'mon          expert    a_opt   1', 'LEVEL "expert"'],
    ['an RO cell other than *', 'mon          advanced  a_opt   1      yes', 'RO "yes"'],
    ['a dmesg line', '[ 5645.168000] ceph: mds0 closed our session', ''],
    [
      'a journal line',
      'Jul 20 08:14:38 teuthology kernel: [3677601.123718] ceph: mds0 closed our session',
      '',
    ],
    ['a klog line', 'I1102 19:28:26.855841    3132 kubelet.go:1777] skipping pod synchronization', ''],
  ])('after a header, %s is unparsed', (_name, text, reason) => {
    const out = feed(['WHO    MASK  LEVEL     OPTION  VALUE  RO', text])[1];
    expect(out).toEqual({ t: 'unparsed', reason: expect.stringContaining(reason) });
  });

  it.each([
    'mon          advanced  auth_allow_insecure_global_id_reclaim              false',
    '[ 5645.168000] ceph: mds0 closed our session',
    'Jul 20 08:14:38 teuthology kernel: [3677601.123718] ceph: mds0 closed our session',
    'E0129 14:25:06.950855   10850 kubelet_volumes.go:65] pod found',
  ])('before any header, %s is unparsed', (text) => {
    expect(feed([text])[0]).toEqual({
      t: 'unparsed',
      reason: 'row before the WHO MASK LEVEL OPTION VALUE RO header',
    });
  });

  it('treats blank lines as blank', () => {
    expect(feed(['', '   '])).toEqual([{ t: 'blank' }, { t: 'blank' }]);
  });
});

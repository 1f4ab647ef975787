import { describe, expect, it } from 'vitest';
import { expectNotTakenBy, expectOwnFormat, fixtureCases } from '../test/support/detection.ts';
import { headerSamples } from '../test/support/header-samples.ts';
import { createCephConfParser, normaliseOptionName } from './ceph-conf.ts';
import type { CephConfigRecord, LineOutcome } from './types.ts';

function feed(lines: string[]): LineOutcome<CephConfigRecord>[] {
  const p = createCephConfParser();
  return lines.map((l, i) => p.parseLine(l, i + 1, 0));
}

type Opt = [who: string, option: string, value: string];
function opt(out: LineOutcome | undefined): Opt | string {
  if (out?.t !== 'record' || out.rec.kind !== 'ceph-config') return out?.t ?? 'none';
  return [out.rec.who, out.rec.option, out.rec.value];
}

describe('ceph-conf', () => {
  it('header sample lines', () => {
    const samples = headerSamples('./ceph-conf.ts');
    expect(samples[3]).toBe('\tchdir = ""');
    expect(feed(samples).map(opt)).toEqual([
      'meta',
      ['global', 'fsid', '9f82eb35-1bf6-4c27-8a28-efd62c681aa5'],
      ['global', 'osd_pgp_bits', '5'],
      ['global', 'chdir', ''],
    ]);
  });

  it('builds a full record', () => {
    const out = feed(['[mds]', 'mds session blacklist on timeout = false']);
    expect(out[0]).toEqual({ t: 'meta', meta: { kind: 'other-marker', text: '[mds]' } });
    expect(out[1]).toEqual({
      t: 'record',
      rec: {
        kind: 'ceph-config',
        line: 2,
        offset: 0,
        msg: 'mds session blacklist on timeout = false',
        who: 'mds',
        mask: '',
        level: '',
        option: 'mds_session_blacklist_on_timeout',
        value: 'false',
        ro: false,
      },
    });
  });

  it.each([
    ['mds session blocklist on timeout', 'mds_session_blocklist_on_timeout'],
    ['mds_session_blocklist_on_timeout', 'mds_session_blocklist_on_timeout'],
    ['mds-session-blocklist-on-evict', 'mds_session_blocklist_on_evict'],
    ['osd  pool\tdefault size', 'osd_pool_default_size'],
    ['mgr/dashboard/server_port', 'mgr/dashboard/server_port'],
  ])('normalises %s', (key, want) => {
    expect(normaliseOptionName(key)).toBe(want);
  });

  it.each<[string, string, Opt]>([
    ['blanks around =', 'osd journal size = 100', ['osd', 'osd_journal_size', '100']],
    ['no blanks', 'osd_max_scrubs=4', ['osd', 'osd_max_scrubs', '4']],
    ['an empty value', 'rgw_socket_path=', ['osd', 'rgw_socket_path', '']],
    [
      'a quoted value with = and a blank',
      'rgw_frontends="civetweb port=8000"',
      ['osd', 'rgw_frontends', 'civetweb port=8000'],
    ],
    ['a quoted value and a comment', 'chdir = "" ; none', ['osd', 'chdir', '']],
    ['a ; comment', 'osd pgp bits = 5  ; (invalid, but ceph should cope!)', ['osd', 'osd_pgp_bits', '5']],
    [
      'a # comment',
      'mds-session-blacklist-on-evict = false   # manual',
      ['osd', 'mds_session_blacklist_on_evict', 'false'],
    ],
    [
      'a tab indent',
      '\tfsid = 6f3c1c5e-1b2a-4c3d-9e8f-0a1b2c3d4e5f',
      ['osd', 'fsid', '6f3c1c5e-1b2a-4c3d-9e8f-0a1b2c3d4e5f'],
    ],
    [
      'a value with brackets and blanks',
      'mon_host = [v2:10.0.0.1:3300/0,v1:10.0.0.1:6789/0] [v2:10.0.0.2:3300/0,v1:10.0.0.2:6789/0]',
      ['osd', 'mon_host', '[v2:10.0.0.1:3300/0,v1:10.0.0.1:6789/0] [v2:10.0.0.2:3300/0,v1:10.0.0.2:6789/0]'],
    ],
    [
      'a value with $ variables',
      'log file = /var/log/ceph/$cluster-$name.log',
      ['osd', 'log_file', '/var/log/ceph/$cluster-$name.log'],
    ],
  ])('%s', (_name, line, want) => {
    expect(opt(feed(['[osd]', line])[1])).toEqual(want);
  });

  it('follows sections, including dotted and repeated ones', () => {
    expect(
      feed(['[global]', 'a = 1', '[client.rgw.test]', 'b = 2', '[mon.a]', 'c = 3', '[global]', 'd = 4']).map(
        opt,
      ),
    ).toEqual([
      'meta',
      ['global', 'a', '1'],
      'meta',
      ['client.rgw.test', 'b', '2'],
      'meta',
      ['mon.a', 'c', '3'],
      'meta',
      ['global', 'd', '4'],
    ]);
  });

  it.each([
    ['a # comment', '# minimal ceph.conf for 6f3c1c5e-1b2a-4c3d-9e8f-0a1b2c3d4e5f', 'meta'],
    ['a ; comment', '; set during the incident', 'meta'],
    ['a commented-out option', '\t#auth supported = cephx', 'meta'],
    ['a prompt', 'root@node-a:~# cat /etc/ceph/ceph.conf', 'meta'],
    ['a section with a comment', '[mds]   ; metadata servers', 'meta'],
    ['a blank line', '   ', 'blank'],
  ])('%s → %s', (_name, line, t) => {
    expect(feed(['[global]', line])[1]?.t).toBe(t);
  });

  it.each([
    ['an option before any section', ['fsid = x'], 'before any [section]'],
    ['a non-Ceph section', ['[Unit]'], 'not a Ceph section'],
    ['an option in a non-Ceph section', ['[Unit]', 'Description=x'], 'not Ceph'],
    ['a line without =', ['[mds]', 'session timeout 60'], 'not a [section]'],
    ['an unclosed quote', ['[mds]', 'chdir = "abc'], 'closing quote'],
    ['a dmesg line', ['[global]', '[ 5645.168000] ceph: mds0 closed our session'], 'not a [section]'],
    [
      'a journal line',
      ['[global]', 'Jul 20 08:14:38 teuthology kernel: [3677601.123718] ceph: mds0 closed our session'],
      'not a [section]',
    ],
    [
      'a klog line',
      ['[global]', 'E0129 14:25:06.950855   10850 kubelet_volumes.go:65] pod found'],
      'not a [section]',
    ],
    [
      'a config dump row',
      ['[global]', 'mon          advanced  auth_allow_insecure_global_id_reclaim              false'],
      'not a [section]',
    ],
    [
      'a health check',
      ['[global]', '[WRN] MDS_CLIENT_LATE_RELEASE: 1 clients failing to respond to capability release'],
      'not a [section]',
    ],
    ['a JSON member', ['[global]', '        "section": "mds",'], 'not a [section]'],
    [
      'an MDS log line',
      [
        '[global]',
        'debug 2025-04-27T10:12:45.617+0000 7f17a10a0640  1 mds.0.482 Evicting client session 1 (v1:1.2.3.4:0/1)',
      ],
      'not a [section]',
    ],
    ['a JSON array opener', ['[global]', '['], 'not a [section]'],
  ])('%s is unparsed', (_name, lines, reason) => {
    expect(feed(lines).at(-1)).toEqual({ t: 'unparsed', reason: expect.stringContaining(reason) });
  });

  it('a key = value file with no section is not ceph.conf (kept out of detection)', () => {
    expect(feed(['KEY=value', 'OTHER = 2']).map((o) => o.t)).toEqual(['unparsed', 'unparsed']);
  });
});

// ---- detection ---------------------------------------------------------------------------------

describe('detection (detect.ts over the registered formats)', () => {
  it.each(fixtureCases(['ceph-conf']))('%s/%s is its own format, alone at the top', (dir, file) => {
    expectOwnFormat(dir, file);
  });

  it.each(fixtureCases(['dmesg', 'journal-short', 'klog', 'ceph-config-dump', 'unrecognised']))(
    '%s/%s is not taken by ceph-conf',
    (dir, file) => {
      expectNotTakenBy(dir, file, ['ceph-conf']);
    },
  );
});

// Detection of the cri fixtures against every other format is in syslog.test.ts.

import { describe, expect, it } from 'vitest';
import { headerSamples } from '../test/support/header-samples.ts';
import { mutants } from '../test/support/mutants.ts';
import { CRI_FORMATS, createCriParser } from './cri.ts';
import { parseKlogHeader } from './klog.ts';
import { MAX_LINE_BYTES } from './lines.ts';
import { parseIsoStamp } from './syslog.ts';
import type { EntryRecord, LineOutcome } from './types.ts';

/** Feeds lines to one fresh parser; offsets are the byte positions of a file made of these lines. */
function feed(lines: readonly string[]): { outs: LineOutcome[]; final: EntryRecord[] } {
  const p = createCriParser();
  let offset = 0;
  const outs = lines.map((text, i) => {
    const out = p.parseLine(text, i + 1, offset);
    offset += new TextEncoder().encode(text).length + 1;
    return out;
  });
  return { outs, final: (p.finish?.() ?? []) as EntryRecord[] };
}

function entry(out: LineOutcome | undefined): EntryRecord {
  if (out?.t !== 'record' || out.rec.kind !== 'entry')
    throw new Error(`not an entry: ${JSON.stringify(out)}`);
  return out.rec;
}

const at = (
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  micros: number,
) => ({
  year,
  month,
  day,
  hour,
  minute,
  second,
  micros,
});

describe('cri spec', () => {
  it('exports one spec whose parsers do not share state', () => {
    expect(CRI_FORMATS.map((f) => f.id)).toEqual(['cri']);
    const spec = CRI_FORMATS[0];
    const a = spec?.create();
    const b = spec?.create();
    expect(a?.parseLine('2016-10-06T00:17:09.669794202Z stdout P one', 1, 0)).toEqual({ t: 'part' });
    expect(b?.parseLine('2016-10-06T00:17:09.669794203Z stdout F two', 1, 0)).toMatchObject({
      t: 'record',
      rec: { msg: 'two' },
    });
  });

  it.each<[string, boolean]>([
    ['0.log', true],
    ['12.log', true],
    ['0.log.20231109-180916', true],
    ['current.log', true],
    ['previous.log', true],
    [`csi-cephfsplugin-x_rook-ceph_csi-cephfsplugin-${'a'.repeat(64)}.log`, true],
    ['messages', false],
    ['kubelet.log', false],
  ])('path hint %s → %s', (name, want) => {
    expect(CRI_FORMATS[0]?.pathHint?.test(name)).toBe(want);
  });

  it('header sample lines: a P chunk, an F line of the other stream, a --timestamps line', () => {
    expect(feed(headerSamples('./cri.ts')).outs.map((o) => o.t)).toEqual(['part', 'record', 'record']);
  });
});

describe('cri lines', () => {
  it('reads an F line (kubelet logs.go example)', () => {
    const { outs } = feed(['2016-10-06T00:17:09.669794203Z stderr F log content 2']);
    expect(entry(outs[0])).toEqual({
      kind: 'entry',
      line: 1,
      offset: 0,
      time: { kind: 'civil', civil: at(2016, 10, 6, 0, 17, 9, 669794), zone: 'Z' },
      fields: { stream: 'stderr' },
      msg: 'log content 2',
    });
  });

  it('joins P chunks up to the F line of the same stream, with the first chunk’s line, offset and time', () => {
    const lines = [
      '2026-07-27T13:38:47.237560114Z stderr P I0727 13:38:47.237448       1 utils.go:396] ID: 2 Slow GRPC request: {"volume_path":"/var/lib/',
      '2026-07-27T13:38:47.237571902Z stdout F health-checker: started',
      '2026-07-27T13:38:47.237575000Z stderr P kubelet/pods/ca8be956',
      '2026-07-27T13:38:47.237580311Z stderr F /mount"}',
    ];
    const { outs, final } = feed(lines);
    expect(outs.map((o) => o.t)).toEqual(['part', 'record', 'part', 'record']);
    expect(entry(outs[1])).toMatchObject({
      line: 2,
      msg: 'health-checker: started',
      fields: { stream: 'stdout' },
    });
    const joined = entry(outs[3]);
    expect(joined).toMatchObject({
      line: 1,
      offset: 0,
      time: { kind: 'civil', civil: at(2026, 7, 27, 13, 38, 47, 237560), zone: 'Z' },
      fields: { stream: 'stderr', parts: '3' },
      msg: 'I0727 13:38:47.237448       1 utils.go:396] ID: 2 Slow GRPC request: {"volume_path":"/var/lib/kubelet/pods/ca8be956/mount"}',
    });
    expect(joined.klog).toMatchObject({ level: 'I', file: 'utils.go', srcLine: 396, pid: 1 });
    expect(final).toEqual([]);
  });

  it('returns open chains from finish(), marked partial, in file order, once', () => {
    const p = createCriParser();
    expect(p.parseLine('2016-10-06T00:17:09.669794202Z stdout P log content 1', 1, 0)).toEqual({ t: 'part' });
    expect(p.parseLine('2016-10-06T00:17:09.669794203Z stderr P a', 2, 54)).toEqual({ t: 'part' });
    expect(p.parseLine('2016-10-06T00:17:09.669794204Z stderr P b', 3, 97)).toEqual({ t: 'part' });
    const final = p.finish?.() ?? [];
    expect(final.map((r) => [r.line, r.offset, r.msg, (r as EntryRecord).fields])).toEqual([
      [1, 0, 'log content 1', { stream: 'stdout', partial: 'true' }],
      [2, 54, 'ab', { stream: 'stderr', parts: '2', partial: 'true' }],
    ]);
    expect(p.finish?.()).toEqual([]);
  });

  it('never holds more than a line’s worth: a chain past the cap is emitted and restarted', () => {
    const chunk = 'x'.repeat(MAX_LINE_BYTES / 2 + 1);
    const { outs, final } = feed([
      `2016-10-06T00:17:09.000000001Z stdout P ${chunk}`,
      `2016-10-06T00:17:09.000000002Z stdout P ${chunk}`,
      '2016-10-06T00:17:09.000000003Z stdout F end',
    ]);
    expect(outs.map((o) => o.t)).toEqual(['part', 'record', 'record']);
    expect(entry(outs[1])).toMatchObject({
      line: 1,
      msg: chunk,
      fields: { stream: 'stdout', partial: 'true' },
    });
    expect(entry(outs[2])).toMatchObject({
      line: 2,
      msg: `${chunk}end`,
      fields: { stream: 'stdout', parts: '2' },
    });
    expect(final).toEqual([]);
  });

  it.each<[string, string, Partial<EntryRecord>]>([
    [
      'offset zone as printed, extra `:` tags, no content',
      '2026-07-27T13:38:57.000000000+00:00 stdout F:x-extra',
      { time: { kind: 'civil', civil: at(2026, 7, 27, 13, 38, 57, 0), zone: '+00:00' }, msg: '' },
    ],
    ['empty content after the tag', '2026-07-27T13:38:57.5Z stdout F ', { msg: '' }],
    ['whole seconds', '2026-07-27T13:38:57Z stdout F m', { time: expect.objectContaining({ zone: 'Z' }) }],
    [
      'kubectl logs --timestamps / must-gather current.log: no stream or tag',
      '2026-07-27T13:38:50.004417356Z W0727 13:38:50.004302       1 nodeserver.go:941] ID: 9 corrupted mount detected in "/var/lib/kubelet/pods/x/mount": stat /var/lib/kubelet/pods/x/mount: transport endpoint is not connected',
      {
        time: { kind: 'civil', civil: at(2026, 7, 27, 13, 38, 50, 4417), zone: 'Z' },
        msg: 'W0727 13:38:50.004302       1 nodeserver.go:941] ID: 9 corrupted mount detected in "/var/lib/kubelet/pods/x/mount": stat /var/lib/kubelet/pods/x/mount: transport endpoint is not connected',
        klog: expect.objectContaining({ level: 'W', file: 'nodeserver.go' }),
      },
    ],
    ['--timestamps stamp with nothing after it', '2026-07-27T13:38:56.412033871Z', { msg: '' }],
  ])('%s', (_name, text, want) => {
    expect(entry(feed([text]).outs[0])).toMatchObject(want);
  });

  it('has no ident (container output) and no stream for --timestamps lines', () => {
    const r = entry(feed(['2026-07-27T13:38:56.412033871Z x']).outs[0]);
    expect(r.ident).toBeUndefined();
    expect(r.fields).toBeUndefined();
  });
});

describe('cri outcomes that are not records', () => {
  it.each<[string, LineOutcome]>([
    ['', { t: 'blank' }],
    [
      '$ kubectl logs --timestamps csi-cephfsplugin-x',
      {
        t: 'meta',
        meta: {
          kind: 'prompt',
          text: '$ kubectl logs --timestamps csi-cephfsplugin-x',
          command: 'kubectl logs --timestamps csi-cephfsplugin-x',
        },
      },
    ],
    [
      '2026-02-30T13:38:57.000000000Z stdout F m',
      { t: 'unparsed', reason: 'impossible date or time in the CRI timestamp' },
    ],
    [
      '2026-02-30T13:38:57.000000000Z m',
      { t: 'unparsed', reason: 'impossible date or time in the timestamp' },
    ],
  ])('%s', (text, want) => {
    expect(feed([text]).outs[0]).toEqual(want);
  });

  it.each<[string, string]>([
    ['a tag other than P/F', '2026-07-27T13:38:58.118Z stderr X I0727 bad tag'],
    ['a line cut at the start', '7:40.221213497Z stderr F E0727 13:38:40.221086       1 utils.go:366] x'],
    [
      '--timestamps stamp with 4 digits',
      '2026-07-27T13:38:56.4120Z I0727 13:38:56.411941       1 utils.go:362] x',
    ],
    [
      'rsyslog RFC 3339 (6 digits and a host)',
      '2020-05-31T00:00:45.738158+00:00 localhost systemd[1]: Reloaded.',
    ],
    [
      'journalctl short-iso-precise v255+',
      '2023-09-08T17:20:30.655028+02:00 tarta app[20911]: Highest drive temperature',
    ],
    [
      'journalctl short-iso before v255',
      '2023-09-08T17:20:30+0200 tarta app[20911]: Highest drive temperature',
    ],
    ['dmesg --time-format iso', '2023-11-09T18:09:14,123456+08:00 ceph: mds0 closed our session'],
    [
      'ceph daemon log',
      '2025-04-27T10:12:45.617+0000 7f5c2a8f6700  0 mds.0.server evicting unresponsive client',
    ],
    [
      'klog text (kubectl logs without --timestamps)',
      'I0727 13:38:51.829778       1 utils.go:394] ID: 5 Slow',
    ],
    ['klog JSON', '{"ts":1631610094233.7605,"caller":"app/server.go:276","msg":"m"}'],
    ['docker json-file', '{"log":"x\\n","stream":"stderr","time":"2023-11-09T16:00:23.000000000Z"}'],
    ['syslog RFC 5424', '<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - m'],
    ['syslog RFC 3164', 'Oct  6 19:18:51 mon1 kernel: libceph: mon0 192.168.2.81:6789 session established'],
    ['dmesg', '[ 5645.168000] ceph: mds0 closed our session'],
  ])('rejects %s', (_name, text) => {
    expect(feed([text]).outs[0]?.t).toBe('unparsed');
  });
});

describe('cri lines are read exactly as the format regexes read them', () => {
  const STAMP = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}';
  const CRI = new RegExp(
    `^(?<ts>${STAMP}(?:\\.\\d{1,9})?(?:Z|[+-]\\d{2}:\\d{2})) (?<stream>stdout|stderr) (?<tag>[PF])(?::\\S*)?(?: (?<msg>.*))?$`,
  );
  const TIMESTAMPED = new RegExp(`^(?<ts>${STAMP}\\.\\d{9}(?:Z|[+-]\\d{2}:\\d{2}))(?: (?<msg>.*))?$`);
  const texts = mutants(
    [
      '2016-10-06T00:17:09.669794202Z stdout F log content 2',
      '2016-10-06T00:17:09.669794202Z stderr P:tag2 partial',
      '2026-07-27T13:38:40.221213497Z E0727 13:38:40.221086       1 utils.go:366] ID: 7 GRPC error',
      '2023-02-28T23:59:60+05:30 stdout F',
      '2024-02-29T00:00:00.1-00:00 stderr F:a\tb',
      '2016-10-06T00:17:09.669794202Z stdout\u00a0F not a stream',
    ],
    ['0', '9', ' ', ':', '.', 'P', 'F', 'Z', '+', '\r', '\u2028', '\t', '\u00a0', 'x'],
  );

  it('agrees on every variant, each read by a fresh parser', () => {
    let records = 0;
    for (const text of texts) {
      if (text.trim() === '') continue;
      const out = createCriParser().parseLine(text, 1, 0);
      const g = CRI.exec(text)?.groups;
      const t = g ? undefined : TIMESTAMPED.exec(text)?.groups;
      const stamp = parseIsoStamp((g ?? t)?.ts ?? '');
      let want: LineOutcome;
      if (!g && !t) {
        expect(out.t, JSON.stringify(text)).not.toBe('record');
        expect(out.t, JSON.stringify(text)).not.toBe('part');
        continue;
      }
      if (!stamp) {
        const what = g ? 'the CRI timestamp' : 'the timestamp';
        want = { t: 'unparsed', reason: `impossible date or time in ${what}` };
      } else if (g?.tag === 'P') want = { t: 'part' };
      else {
        const msg = (g ?? t)?.msg ?? '';
        const rec: EntryRecord = {
          kind: 'entry',
          line: 1,
          offset: 0,
          msg,
          time: { kind: 'civil', ...stamp },
        };
        if (g) rec.fields = { stream: g.stream ?? '' };
        const klog = parseKlogHeader(msg);
        if (klog) rec.klog = klog;
        want = { t: 'record', rec };
        records++;
      }
      expect(out, JSON.stringify(text)).toStrictEqual(want);
    }
    expect(records).toBeGreaterThan(50);
  });
});

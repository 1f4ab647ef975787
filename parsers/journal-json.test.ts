import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectNotTakenBy, expectOwnFormat, fixtureFiles } from '../test/support/detection.ts';
import { headerBlock } from '../test/support/header-samples.ts';
import { FORMATS } from './formats.ts';
import { JOURNAL_EXPORT_FORMATS } from './journal-export.ts';
import { createJournalJsonPrettyParser, JOURNAL_JSON_FORMATS, journalJsonParser } from './journal-json.ts';
import { MAX_LINE_BYTES } from './lines.ts';
import type { EntryRecord, FormatParser, KnownFormat, LineOutcome, LogRecord } from './types.ts';

const parse = (text: string): LineOutcome => journalJsonParser.parseLine(text, 7, 321);

function entry(out: LineOutcome): EntryRecord {
  if (out.t !== 'record' || out.rec.kind !== 'entry') throw new Error(`not an entry: ${JSON.stringify(out)}`);
  return out.rec;
}
const record = (text: string): EntryRecord => entry(parse(text));

/** Feeds lines to a fresh parser; returns the outcome types and the records (finish() included). */
function feed(parser: FormatParser, lines: readonly string[]): { types: string[]; records: LogRecord[] } {
  const types: string[] = [];
  const records: LogRecord[] = [];
  lines.forEach((text, i) => {
    const out = parser.parseLine(text, i + 1, i * 100);
    types.push(out.t);
    if (out.t === 'record') records.push(out.rec);
  });
  records.push(...(parser.finish?.() ?? []));
  return { types, records };
}

// The Yandex wall-e kernel line (test/fixtures/journal-json/yandex-walle-kernel-ext4.source.md).
const YANDEX =
  '{ "__CURSOR" : "s=7bd0fc5b3b334da3af600f1e95e17d0a;i=4f715;b=ffc57caa40a74f089f30bd98f21bbb54;m=3a45de0e6d;t=5aeb91feab28c;x=6f01b46423f237d8", "__REALTIME_TIMESTAMP" : "1599485011210892", "__MONOTONIC_TIMESTAMP" : "250280283757", "_BOOT_ID" : "ffc57caa40a74f089f30bd98f21bbb54", "_TRANSPORT" : "kernel", "SYSLOG_FACILITY" : "0", "SYSLOG_IDENTIFIER" : "kernel", "_MACHINE_ID" : "eece1da8102929dca99cd50c5f525eb5", "_HOSTNAME" : "vla3-3255.search.yandex.net", "_SOURCE_MONOTONIC_TIMESTAMP" : "250278904537", "PRIORITY" : "2", "MESSAGE" : "EXT4-fs error (device sdh2): ext4_wait_block_bitmap:519: comm Trash:store6: Cannot read block bitmap - block_group = 4467, block_bitmap = 146276355" }';

// A cascade kernel entry and a kubelet entry as modern journalctl prints them (constructed, see
// test/fixtures/journal-json/constructed-cascade-json.source.md).
const KERNEL = {
  __CURSOR:
    's=5c0d2e4f6a8b4c1d9e3f5a7b9c1d3e5f;i=2a315;b=8d2e5c1a7b3f4e6d9c0a1b2c3d4e5f60;m=3fe645fa9b;t=626b47a31529b;x=a0bcc21e3575034c',
  __REALTIME_TIMESTAMP: '1731406446285467',
  __MONOTONIC_TIMESTAMP: '274446285467',
  _BOOT_ID: '8d2e5c1a7b3f4e6d9c0a1b2c3d4e5f60',
  _SOURCE_MONOTONIC_TIMESTAMP: '274446284280',
  _TRANSPORT: 'kernel',
  PRIORITY: '6',
  SYSLOG_FACILITY: '0',
  SYSLOG_IDENTIFIER: 'kernel',
  MESSAGE: 'ceph: mds0 reconnect denied',
  _MACHINE_ID: '3f6c1b2e9d8a4f7c8b5e2a1d0c9f8e7b',
  _HOSTNAME: 'node-a',
};
const KUBELET = {
  __REALTIME_TIMESTAMP: '1731406801123456',
  _BOOT_ID: '8d2e5c1a7b3f4e6d9c0a1b2c3d4e5f60',
  PRIORITY: '6',
  _TRANSPORT: 'stdout',
  _HOSTNAME: 'node-a',
  SYSLOG_IDENTIFIER: 'kubelet',
  _PID: '1234',
  _COMM: 'kubelet',
  _SYSTEMD_UNIT: 'kubelet.service',
  MESSAGE:
    'E1112 10:20:01.123243    1234 kubelet_volumes.go:66] pod "8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" found, but error stat /var/lib/kubelet/pods/8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/volumes/kubernetes.io~cephfs/pvc-5f6e7d8c: permission denied occurred during checking mounted volumes from disk',
};
const line = (o: Record<string, unknown>): string => JSON.stringify(o);
const bytes = (s: string): number[] => [...new TextEncoder().encode(s)];

describe('journalJsonParser: one entry per line', () => {
  it('reads a real `journalctl -o json` kernel line (old `{ "K" : "v" }` spacing)', () => {
    const r = record(YANDEX);
    expect(r).toEqual({
      kind: 'entry',
      line: 7,
      offset: 321,
      msg: 'EXT4-fs error (device sdh2): ext4_wait_block_bitmap:519: comm Trash:store6: Cannot read block bitmap - block_group = 4467, block_bitmap = 146276355',
      time: { kind: 'epoch', ms: 1599485011210.892 },
      host: 'vla3-3255.search.yandex.net',
      ident: 'kernel',
      severity: 2,
      facility: 0,
      bootId: 'ffc57caa40a74f089f30bd98f21bbb54',
      kernelMono: 250278.904537,
      fields: {
        __MONOTONIC_TIMESTAMP: '250280283757',
        _MACHINE_ID: 'eece1da8102929dca99cd50c5f525eb5',
        __CURSOR:
          's=7bd0fc5b3b334da3af600f1e95e17d0a;i=4f715;b=ffc57caa40a74f089f30bd98f21bbb54;m=3a45de0e6d;t=5aeb91feab28c;x=6f01b46423f237d8',
      },
    });
  });

  it('reads a compact cascade kernel line; kernelMono is the printk stamp dmesg shows', () => {
    const r = record(line(KERNEL));
    expect(r).toMatchObject({
      msg: 'ceph: mds0 reconnect denied',
      time: { kind: 'epoch', ms: 1731406446285.467 },
      ident: 'kernel',
      host: 'node-a',
      severity: 6,
      kernelMono: 274446.28428,
    });
    expect(r.pid).toBeUndefined();
    expect(r.klog).toBeUndefined();
  });

  it('reads a kubelet line and its klog header, with the unit kept in fields', () => {
    const r = record(line(KUBELET));
    expect(r).toMatchObject({
      ident: 'kubelet',
      pid: 1234,
      time: { kind: 'epoch', ms: 1731406801123.456 },
      klog: { level: 'E', pid: 1234, file: 'kubelet_volumes.go', srcLine: 66 },
      fields: { _SYSTEMD_UNIT: 'kubelet.service' },
    });
    expect(r.kernelMono).toBeUndefined();
    expect(r.klog?.msg.startsWith('pod "8a1b2c3d')).toBe(true);
  });

  it.each<[string, string]>([
    ['json-seq (RFC 7464 RS before the object)', `\u001e${line(KERNEL)}`],
    ['json-seq with two RS', `\u001e\u001e${line(KERNEL)}`],
    ['json-sse', `data: ${line(KERNEL)}`],
    ['json-sse without the space', `data:${line(KERNEL)}`],
    ['trailing blanks', `${line(KERNEL)}  `],
  ])('reads %s', (_name, text) => {
    expect(record(text)).toMatchObject({ msg: 'ceph: mds0 reconnect denied', kernelMono: 274446.28428 });
  });

  it.each<[string, Record<string, unknown>, Partial<EntryRecord>]>([
    [
      'a byte-array MESSAGE (not printable: a CR)',
      { ...KUBELET, MESSAGE: bytes('umount: target is busy.\r') },
      {
        msg: 'umount: target is busy.\r',
        fields: { _SYSTEMD_UNIT: 'kubelet.service', messageBinary: 'true' },
      },
    ],
    [
      'a byte-array MESSAGE that is not UTF-8 (decoded with U+FFFD)',
      { ...KUBELET, MESSAGE: [67, 0xe9, 10] },
      { msg: 'C\ufffd\n' },
    ],
    [
      'a null MESSAGE (over 4096 bytes, lost)',
      { ...KUBELET, MESSAGE: null },
      { msg: '', fields: { _SYSTEMD_UNIT: 'kubelet.service', messageLost: 'true' } },
    ],
    [
      'a repeated MESSAGE (array of values: the first, and the count)',
      { ...KERNEL, MESSAGE: ['ceph: mds0 caps stale', 'ceph: mds0 caps renewed', 'x'] },
      { msg: 'ceph: mds0 caps stale', fields: expect.objectContaining({ messageCount: '3' }) },
    ],
    [
      'a repeated binary MESSAGE',
      { ...KERNEL, MESSAGE: [bytes('a\rb'), 'c'] },
      { msg: 'a\rb', fields: expect.objectContaining({ messageCount: '2', messageBinary: 'true' }) },
    ],
    [
      'an empty byte array',
      { ...KERNEL, MESSAGE: [] },
      { msg: '', fields: expect.objectContaining({ messageBinary: 'true' }) },
    ],
    [
      'the sender time when __REALTIME_TIMESTAMP is missing',
      { MESSAGE: 'm', _SOURCE_REALTIME_TIMESTAMP: '1342540861413961' },
      {
        time: { kind: 'epoch', ms: 1342540861413.961 },
        fields: { _SOURCE_REALTIME_TIMESTAMP: '1342540861413961' },
      },
    ],
    [
      'no time at all (the systemd JSON example)',
      { MESSAGE: 'Hello World', _UDEV_DEVLINK: ['/dev/alias1', '/dev/alias2'], LARGE: null },
      { time: { kind: 'none' }, msg: 'Hello World' },
    ],
    [
      'a cursor without MESSAGE',
      { __CURSOR: 's=1;i=2' },
      { msg: '', time: { kind: 'none' }, fields: { __CURSOR: 's=1;i=2' } },
    ],
    [
      'kernel transport wins over the identifier',
      { ...KERNEL, SYSLOG_IDENTIFIER: 'something' },
      { ident: 'kernel' },
    ],
    [
      '_COMM without SYSLOG_IDENTIFIER',
      { MESSAGE: 'm', _COMM: 'dockerd', _PID: '99' },
      { ident: 'dockerd', pid: 99 },
    ],
    ['SYSLOG_PID without _PID', { MESSAGE: 'm', SYSLOG_PID: '587' }, { pid: 587 }],
    [
      'a printk stamp of 0 (first boot lines)',
      { ...KERNEL, _SOURCE_MONOTONIC_TIMESTAMP: '0' },
      { kernelMono: 0 },
    ],
  ])('maps %s', (_name, obj, want) => {
    expect(record(line(obj))).toMatchObject(want);
  });

  it('ignores values it cannot use rather than guessing', () => {
    const r = record(
      line({
        MESSAGE: 'm',
        PRIORITY: '9',
        SYSLOG_FACILITY: '99',
        _PID: 'x',
        _BOOT_ID: 'nope',
        __REALTIME_TIMESTAMP: '1.5',
      }),
    );
    expect(r).toEqual({ kind: 'entry', line: 7, offset: 321, msg: 'm', time: { kind: 'none' } });
  });

  it('keeps only the small set of journal fields', () => {
    const r = record(
      line({ ...KERNEL, _SYSTEMD_CGROUP: '/x', _CMDLINE: 'y', _SOURCE_REALTIME_TIMESTAMP: '1' }),
    );
    expect(Object.keys(r.fields ?? {}).sort()).toEqual([
      '_MACHINE_ID',
      '_SOURCE_REALTIME_TIMESTAMP',
      '__CURSOR',
      '__MONOTONIC_TIMESTAMP',
    ]);
  });

  it('handles a MESSAGE with escaped newlines and quotes', () => {
    expect(record(line({ ...KERNEL, MESSAGE: 'a "q"\nb\\' })).msg).toBe('a "q"\nb\\');
  });
});

describe('journalJsonParser: lines that are not journal JSON', () => {
  it.each<[string, string, string]>([
    ['a cut line', line(KERNEL).slice(0, 170), 'malformed JSON: the object is not closed on its line'],
    ['garbage after the object', `${line(KERNEL)} x`, 'malformed JSON'],
    [
      'klog JSON (another format)',
      '{"ts":1580306777.04728,"caller":"kubelet/kubelet.go:1777","msg":"Pod status updated","v":0}',
      'JSON object is not a journal entry (no __REALTIME_TIMESTAMP, __CURSOR or MESSAGE)',
    ],
    [
      'docker json-file (another format)',
      '{"log":"hello\\n","stream":"stdout","time":"2024-11-12T10:14:03.123456789Z"}',
      'JSON object is not a journal entry (no __REALTIME_TIMESTAMP, __CURSOR or MESSAGE)',
    ],
    ['ceph config show pretty opening line', '{', 'malformed JSON: the object is not closed on its line'],
    [
      'a ceph JSON array (another format)',
      '[{"section":"global","name":"mon_host","value":"x","level":"basic","can_update_at_runtime":false,"mask":""}]',
      'not a journal JSON line ({…}, RS {…} or data: {…})',
    ],
    ['a number', '42', 'not a journal JSON line ({…}, RS {…} or data: {…})'],
    [
      'a MESSAGE that is a number',
      '{"MESSAGE":5}',
      'JSON object is not a journal entry (no __REALTIME_TIMESTAMP, __CURSOR or MESSAGE)',
    ],
    [
      'dmesg',
      '[ 5645.196569] ceph: mds0 reconnect denied',
      'not a journal JSON line ({…}, RS {…} or data: {…})',
    ],
    [
      'journal short',
      'Jul 20 08:14:39 teuthology kernel: [3677602.093378] ceph: mds0 reconnect denied',
      'not a journal JSON line ({…}, RS {…} or data: {…})',
    ],
    [
      'klog',
      'E0129 14:25:06.950855   10850 kubelet_volumes.go:65] pod "x" found',
      'not a journal JSON line ({…}, RS {…} or data: {…})',
    ],
    [
      'ceph config dump',
      'WHO    MASK  LEVEL     OPTION                                             VALUE      RO',
      'not a journal JSON line ({…}, RS {…} or data: {…})',
    ],
    [
      'journal export',
      '__REALTIME_TIMESTAMP=1342540861416409',
      'not a journal JSON line ({…}, RS {…} or data: {…})',
    ],
    [
      'a json-pretty field line',
      '\t"MESSAGE" : "ceph: mds0 reconnect denied",',
      'not a journal JSON line ({…}, RS {…} or data: {…})',
    ],
  ])('%s', (_name, text, reason) => {
    expect(parse(text)).toEqual({ t: 'unparsed', reason });
  });

  it('says when a line was cut at 1 MiB', () => {
    const long = line({ ...KERNEL, MESSAGE: 'x'.repeat(MAX_LINE_BYTES) }).slice(0, MAX_LINE_BYTES);
    expect(parse(long)).toEqual({
      t: 'unparsed',
      reason: 'JSON cut: the line is over 1 MiB and was cut when read',
    });
  });

  it.each<[string, LineOutcome]>([
    ['', { t: 'blank' }],
    ['-- No entries --', { t: 'meta', meta: { kind: 'other-marker', text: '-- No entries --' } }],
    [
      'Hint: You are currently not seeing messages from other users and the system.',
      {
        t: 'meta',
        meta: {
          kind: 'other-marker',
          text: 'Hint: You are currently not seeing messages from other users and the system.',
        },
      },
    ],
    [
      'root@node-a:~# journalctl -o json -k',
      {
        t: 'meta',
        meta: {
          kind: 'prompt',
          text: 'root@node-a:~# journalctl -o json -k',
          host: 'node-a',
          command: 'journalctl -o json -k',
        },
      },
    ],
  ])('%j', (text, want) => {
    expect(parse(text)).toEqual(want);
  });
});

const prettyLines = (o: Record<string, unknown>, indent = '\t'): string[] => {
  const body = JSON.stringify(o, null, indent).split('\n');
  // JSON.stringify prints `"K": v`; journalctl prints `"K" : v`.
  return body.map((l) => l.replace(/^(\s+"[A-Z0-9_]+"):/, '$1 :'));
};

describe('createJournalJsonPrettyParser', () => {
  it('returns part for every line and the record at the closing line, with the first line and offset', () => {
    const lines = ['root@node-a:~# journalctl -o json-pretty -k', ...prettyLines(KERNEL)];
    const { types, records } = feed(createJournalJsonPrettyParser(), lines);
    expect(types).toEqual(['meta', ...Array(lines.length - 2).fill('part'), 'record']);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      line: 2,
      offset: 100,
      msg: 'ceph: mds0 reconnect denied',
      kernelMono: 274446.28428,
      ident: 'kernel',
    });
  });

  it('reads consecutive entries, 8-space indented as pasted', () => {
    const lines = [...prettyLines(KERNEL, '        '), ...prettyLines(KUBELET, '        ')];
    const { records } = feed(createJournalJsonPrettyParser(), lines);
    expect(records.map((r) => r.msg.slice(0, 20))).toEqual(['ceph: mds0 reconnect', 'E1112 10:20:01.12324']);
    expect(records[1]).toMatchObject({ line: prettyLines(KERNEL).length + 1, klog: { level: 'E' } });
  });

  it('reads byte arrays and repeated fields printed one element per line (new journalctl)', () => {
    const lines = prettyLines({ ...KUBELET, MESSAGE: bytes('busy\r'), _UDEV_DEVLINK: ['/dev/a', '/dev/b'] });
    const { records } = feed(createJournalJsonPrettyParser(), lines);
    expect(records[0]).toMatchObject({
      msg: 'busy\r',
      fields: expect.objectContaining({ messageBinary: 'true' }),
    });
  });

  it('reads the systemd JSON example (old one-line arrays, null, 2-space indent)', () => {
    const lines = readFileSync(
      new URL('../test/fixtures/journal-json-pretty/systemd-doc-json-example.log', import.meta.url),
      'utf8',
    )
      .trimEnd()
      .split('\n');
    const { types, records } = feed(createJournalJsonPrettyParser(), lines);
    expect(types).toEqual(['part', 'part', 'part', 'part', 'part', 'part', 'record']);
    expect(records[0]).toEqual({
      kind: 'entry',
      line: 1,
      offset: 0,
      msg: 'Hello World',
      time: { kind: 'none' },
    });
  });

  it('skips a damaged line and keeps the entry', () => {
    const lines = prettyLines(KERNEL);
    lines.splice(3, 0, '\tthis line was damaged in the copy');
    const { types, records } = feed(createJournalJsonPrettyParser(), lines);
    expect(types[3]).toBe('unparsed');
    expect(records[0]).toMatchObject({ line: 1, msg: 'ceph: mds0 reconnect denied' });
  });

  it('drops a damaged last field without losing the entry (dangling comma)', () => {
    const lines = prettyLines(KERNEL);
    lines.splice(lines.length - 2, 1, '\t"_HOSTNAME" : "node-');
    const { types, records } = feed(createJournalJsonPrettyParser(), lines);
    expect(types.filter((t) => t === 'unparsed')).toHaveLength(1);
    expect(records[0]).toMatchObject({ msg: 'ceph: mds0 reconnect denied' });
    expect(records[0]?.kind === 'entry' && records[0].host).toBeUndefined();
  });

  it('survives a mail-wrapped entry (LKML, Tony Asleson 2020): the wrapped lines are reported', () => {
    // From a linux-kernel mail thread quoting `journalctl -o json-pretty` output: the mail wrapped
    // MESSAGE and __CURSOR across lines.
    const lines = [
      '{',
      '        "_HOSTNAME" : "pn",',
      '        "_TRANSPORT" : "kernel",',
      '        "__MONOTONIC_TIMESTAMP" : "1806379233",',
      '        "SYSLOG_IDENTIFIER" : "kernel",',
      '        "_SOURCE_MONOTONIC_TIMESTAMP" : "1805611354",',
      '        "SYSLOG_FACILITY" : "0",',
      '        "MESSAGE" : "blk_update_request: critical medium error, dev',
      'nvme0n1, sector 10000 op 0x0:(READ) flags 0x80700 phys_seg 3 prio class 0",',
      '        "PRIORITY" : "3",',
      '        "_MACHINE_ID" : "3f31a0847cea4c95b7a9cec13d07deeb",',
      '        "__REALTIME_TIMESTAMP" : "1601471260802301",',
      '        "_BOOT_ID" : "b03ed610f21d46ab8243a495ba5a0058",',
      '        "__CURSOR" :',
      '"s=a063a22bbb384da0b0412e8f652deabb;i=23c2;b=b03ed610f21d46ab8243a495ba5a0058;m=6bab28e1;t=5b087959e3cfd;x=20528862f8f765c9"',
      '}',
    ];
    const { types, records } = feed(createJournalJsonPrettyParser(), lines);
    expect(types.filter((t) => t === 'unparsed')).toHaveLength(4);
    expect(records[0]).toMatchObject({
      msg: '',
      host: 'pn',
      ident: 'kernel',
      severity: 3,
      kernelMono: 1805.611354,
      time: { kind: 'epoch', ms: 1601471260802.301 },
    });
  });

  it('reports an entry left open when the next one starts', () => {
    const a = prettyLines(KERNEL).slice(0, 5);
    const b = prettyLines(KUBELET);
    const { types, records } = feed(createJournalJsonPrettyParser(), [...a, ...b]);
    expect(types[5]).toBe('unparsed');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ line: 6, ident: 'kubelet' });
  });

  it('tolerates blank lines inside an entry', () => {
    const lines = prettyLines(KERNEL);
    lines.splice(2, 0, '');
    expect(feed(createJournalJsonPrettyParser(), lines).records).toHaveLength(1);
  });

  it('finish() closes an entry cut after a complete field, and marks it', () => {
    const lines = prettyLines(KERNEL).slice(0, -3);
    const { types, records } = feed(createJournalJsonPrettyParser(), lines);
    expect(types.every((t) => t === 'part')).toBe(true);
    expect(records[0]).toMatchObject({ line: 1, msg: 'ceph: mds0 reconnect denied' });
    expect(records[0]?.kind === 'entry' && records[0].fields?.truncated).toBe('true');
  });

  it('finish() gives nothing for an entry cut inside an array', () => {
    const lines = prettyLines({ ...KERNEL, MESSAGE: bytes('abc') }).slice(0, -4);
    expect(feed(createJournalJsonPrettyParser(), lines).records).toEqual([]);
  });

  it.each<[string, string[]]>([
    [
      'ceph daemon config show (lower-case keys)',
      ['{', '    "name": "mds.a",', '    "cluster": "ceph",', '    "mds_session_timeout": "60",', '}'],
    ],
    [
      'ceph health detail -f json-pretty (nested objects, upper-case check names)',
      [
        '{',
        '    "status": "HEALTH_WARN",',
        '    "checks": {',
        '        "MDS_CLIENT_LATE_RELEASE": {',
        '            "severity": "HEALTH_WARN",',
        '            "summary": {',
        '                "message": "1 clients failing to respond to capability release"',
        '            }',
        '        }',
        '    }',
        '}',
      ],
    ],
    [
      'ceph config dump -f json-pretty (a top-level array)',
      ['[', '    {', '        "section": "global",', '    }', ']'],
    ],
    ['a one-line journal object', [JSON.stringify(KERNEL)]],
  ])('takes no records and few parts from %s', (_name, lines) => {
    const { types, records } = feed(createJournalJsonPrettyParser(), lines);
    expect(records).toEqual([]);
    expect(types.filter((t) => t === 'part').length).toBeLessThanOrEqual(1);
  });
});

// ---- header samples and detection ---------------------------------------------------------------

describe('header sample lines', () => {
  it('json samples are records', () => {
    const samples = headerBlock('./journal-json.ts', /^\/\/ Sample lines/);
    expect(samples.map((s, i) => journalJsonParser.parseLine(s, i + 1, 0).t)).toEqual([
      'record',
      'record',
      'record',
    ]);
  });

  it('the pretty sample is one record', () => {
    const samples = headerBlock('./journal-json.ts', /^\/\/ Pretty sample/);
    const { types, records } = feed(createJournalJsonPrettyParser(), samples);
    expect(types).toEqual(['part', 'part', 'part', 'part', 'part', 'record']);
    expect(records[0]).toMatchObject({ host: 'switch', time: { kind: 'epoch', ms: 1454705424877.332 } });
  });
});

// Detection: detect.ts over the registered formats.
const MINE: KnownFormat[] = [...JOURNAL_JSON_FORMATS, ...JOURNAL_EXPORT_FORMATS].map((f) => f.id);

describe('detection with the journal JSON/export formats registered', () => {
  for (const dir of ['journal-json', 'journal-json-pretty', 'journal-export']) {
    it.each(fixtureFiles(dir))(`${dir}/%s is ${dir}, with no tie`, (file) => {
      expectOwnFormat(dir, file);
    });
  }

  // Every fixture of another format (and the unrecognised ones).
  const others = [...FORMATS.filter((f) => !MINE.includes(f.id)).map((f) => f.id), 'unrecognised'];
  for (const dir of others) {
    it.each(fixtureFiles(dir))(`${dir}/%s is not taken by them`, (file) => {
      const d = expectNotTakenBy(dir, file, MINE);
      expect(MINE).not.toContain(d.format);
    });
  }
});

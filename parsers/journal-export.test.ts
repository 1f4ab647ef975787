import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { headerSamples } from '../test/support/header-samples.ts';
import { createJournalExportParser, JOURNAL_EXPORT_FORMATS } from './journal-export.ts';
import { LineSplitter } from './lines.ts';
import type { EntryRecord, LineOutcome } from './types.ts';

interface Run {
  outcomes: { line: number; out: LineOutcome }[];
  records: EntryRecord[];
  /** Records returned by finish() (a subset of `records`). */
  finished: EntryRecord[];
}

/** Runs raw bytes through the engine's line splitter and a fresh export parser, like a real file. */
function run(...pieces: (string | Uint8Array)[]): Run {
  const enc = new TextEncoder();
  const parts = pieces.map((p) => (typeof p === 'string' ? enc.encode(p) : p));
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  const parser = createJournalExportParser();
  const outcomes: Run['outcomes'] = [];
  const records: EntryRecord[] = [];
  const split = new LineSplitter((text, line, offset) => {
    const out = parser.parseLine(text, line, offset);
    outcomes.push({ line, out });
    if (out.t === 'record' && out.rec.kind === 'entry') records.push(out.rec);
  });
  split.push(all);
  split.end();
  const finished = (parser.finish?.() ?? []).filter((r): r is EntryRecord => r.kind === 'entry');
  return { outcomes, records: [...records, ...finished], finished };
}

/** The 8-byte little-endian length of a binary field. */
function le64(n: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(n), true);
  return b;
}
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
/** `NAME\n` + length + bytes + `\n`, as journalctl writes a binary field. */
function binary(name: string, value: Uint8Array | string): Uint8Array[] {
  const v = typeof value === 'string' ? enc(value) : value;
  return [enc(`${name}\n`), le64(v.length), v, enc('\n')];
}

const HEAD =
  '__CURSOR=s=1;i=2\n__REALTIME_TIMESTAMP=1731406446285467\n_BOOT_ID=8d2e5c1a7b3f4e6d9c0a1b2c3d4e5f60\n';

describe('createJournalExportParser: text fields', () => {
  it('reads the systemd text-only example: parts, then the record at the blank line', () => {
    const text = readFileSync(
      new URL('../test/fixtures/journal-export/systemd-doc-export-text.log', import.meta.url),
      'utf8',
    );
    const { outcomes, records, finished } = run(text);
    expect(outcomes.filter((o) => o.out.t === 'record').map((o) => o.line)).toEqual([25, 50]);
    expect(outcomes.filter((o) => o.out.t !== 'record').every((o) => o.out.t === 'part')).toBe(true);
    expect(finished).toEqual([]);
    expect(records[0]).toEqual({
      kind: 'entry',
      line: 1,
      offset: 0,
      msg: "AccountsService-DEBUG(+): ActUserManager: ignoring unspecified session '8' since it's not graphical: Success",
      time: { kind: 'epoch', ms: 1342540861416.409 },
      host: 'epsilon',
      ident: 'gdm-password]',
      pid: 587,
      severity: 4,
      facility: 3,
      bootId: '6c7c6013a26343b29e964691ff25d04c',
      fields: {
        __MONOTONIC_TIMESTAMP: '21415215982',
        _SOURCE_REALTIME_TIMESTAMP: '1342540861413961',
        _MACHINE_ID: 'a91663387a90b89f185d4e860000001a',
        __CURSOR:
          's=739ad463348b4ceca5a9e69c95a3c93f;i=4ece7;b=6c7c6013a26343b29e964691ff25d04c;m=4fc72436e;t=4c508a72423d9;x=d3e5610681098c10;p=system.journal',
      },
    });
    expect(records[1]).toMatchObject({ line: 26, offset: 859, ident: '/USR/SBIN/CROND', pid: 8278 });
  });

  it('maps a cascade kernel entry; the last entry comes from finish()', () => {
    const { records, finished } = run(
      `${HEAD}_SOURCE_MONOTONIC_TIMESTAMP=274446284280\n_TRANSPORT=kernel\nPRIORITY=6\nSYSLOG_IDENTIFIER=kernel\nMESSAGE=ceph: mds0 reconnect denied\n_HOSTNAME=node-a\n`,
    );
    expect(finished).toHaveLength(1);
    expect(records[0]).toMatchObject({
      line: 1,
      offset: 0,
      msg: 'ceph: mds0 reconnect denied',
      ident: 'kernel',
      kernelMono: 274446.28428,
      time: { kind: 'epoch', ms: 1731406446285.467 },
      bootId: '8d2e5c1a7b3f4e6d9c0a1b2c3d4e5f60',
    });
  });

  it('reads a kubelet klog message', () => {
    const { records } = run(
      `${HEAD}SYSLOG_IDENTIFIER=kubelet\n_PID=1234\nMESSAGE=E1112 10:20:01.123243    1234 kubelet_volumes.go:66] pod "x" found, but error stat /x: permission denied occurred during checking mounted volumes from disk\n\n`,
    );
    expect(records[0]).toMatchObject({ ident: 'kubelet', pid: 1234, klog: { level: 'E', srcLine: 66 } });
  });

  it('counts a repeated MESSAGE and keeps the first value; values may hold `=`', () => {
    const { records } = run(`${HEAD}MESSAGE=a=b\nMESSAGE=second\n\n`);
    expect(records[0]).toMatchObject({ msg: 'a=b', fields: expect.objectContaining({ messageCount: '2' }) });
  });

  it('starts a new entry at a second __CURSOR when the blank line is missing', () => {
    const { outcomes, records } = run(`${HEAD}MESSAGE=one\n__CURSOR=s=1;i=3\nMESSAGE=two\n`);
    expect(outcomes[4]?.out.t).toBe('record');
    expect(records.map((r) => [r.line, r.msg])).toEqual([
      [1, 'one'],
      [5, 'two'],
    ]);
  });

  it('keeps the entry when one of its lines is damaged', () => {
    const { outcomes, records } = run(`${HEAD}this line was damaged\nMESSAGE=ok\n\n`);
    expect(outcomes[3]?.out).toEqual({
      t: 'unparsed',
      reason: 'not an export field line (KEY=value or a binary field name) in the entry from line 1',
    });
    expect(records[0]?.msg).toBe('ok');
  });

  it('reports the tail of an entry whose head was cut (the format notes §3.5 fragment)', () => {
    const { outcomes, records } = run(
      '_SOURCE_REALTIME_TIMESTAMP=1342540861413961\n_MACHINE_ID=a91663387a90b89f185d4e860000001a\n_HOSTNAME=epsilon\n\n__CURSOR=s=739ad463348b4ceca5a9e69c95a3c93f;i=4ece8;b=6c7c6013a26343b29e964691ff25d04c;m=4fc72572f;t=4c508a7243799;x=68597058a89b7246;p=system.journal\n__REALTIME_TIMESTAMP=1342540861421465\n',
    );
    expect(outcomes.slice(0, 3).map((o) => o.out.t)).toEqual(['unparsed', 'unparsed', 'unparsed']);
    expect(outcomes[3]?.out.t).toBe('blank');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ line: 5, msg: '', time: { kind: 'epoch', ms: 1342540861421.465 } });
  });

  it('says when an entry has nothing of a journal entry', () => {
    const { outcomes } = run('__SEQNUM=12\n_HOSTNAME=x\n\n');
    expect(outcomes[2]?.out).toEqual({
      t: 'unparsed',
      reason: 'export entry from line 1 has no __REALTIME_TIMESTAMP, __CURSOR or MESSAGE',
    });
  });
});

describe('createJournalExportParser: binary fields', () => {
  it('reads the systemd binary example (MESSAGE "foo\\nbar", length 7)', () => {
    const { outcomes, records } = run(
      '__CURSOR=s=bcce4fb8ffcb40e9a6e05eee8b7831bf;i=5ef603;b=ec25d6795f0645619ddac9afdef453ee;m=545242e7049;t=50f1202\n__REALTIME_TIMESTAMP=1423944916375353\n__MONOTONIC_TIMESTAMP=5794517905481\n_BOOT_ID=ec25d6795f0645619ddac9afdef453ee\n_TRANSPORT=journal\n_HOSTNAME=bupkis\nSYSLOG_IDENTIFIER=python3\n_SYSTEMD_UNIT=session-35898.scope\n',
      ...binary('MESSAGE', 'foo\nbar'),
      'CODE_FILE=<string>\n_PID=16853\n_CMDLINE=python3 -c from systemd import journal; journal.send("foo\\nbar")\n_SOURCE_REALTIME_TIMESTAMP=1423944916372858\n',
    );
    expect(outcomes.every((o) => o.out.t === 'part')).toBe(true);
    expect(records[0]).toMatchObject({
      msg: 'foo\nbar',
      ident: 'python3',
      pid: 16853,
      host: 'bupkis',
      time: { kind: 'epoch', ms: 1423944916375.353 },
      fields: {
        messageBinary: 'true',
        __MONOTONIC_TIMESTAMP: '5794517905481',
        _SOURCE_REALTIME_TIMESTAMP: '1423944916372858',
        _SYSTEMD_UNIT: 'session-35898.scope',
        __CURSOR:
          's=bcce4fb8ffcb40e9a6e05eee8b7831bf;i=5ef603;b=ec25d6795f0645619ddac9afdef453ee;m=545242e7049;t=50f1202',
      },
    });
  });

  it.each<[string, string]>([
    ['a value whose length holds a 0x0A byte (10)', 'ceph: x\nyz'],
    ['a value ending in a newline', 'umount: busy\n'],
    ['a value with an empty line inside', 'goroutine 1:\n\nmain()'],
    ['a value with lines that look like fields and blanks', 'a\n\nMESSAGE=b\n\n'],
    ['an empty value', ''],
    ['a multi-byte UTF-8 value', 'échec\n— ✓'],
    ['a value with a `\\r` in the middle', 'a\rb\nc'],
  ])('reads %s', (_name, value) => {
    const { outcomes, records } = run(HEAD, ...binary('MESSAGE', value), '_HOSTNAME=node-a\n\n');
    expect(outcomes.filter((o) => o.out.t === 'unparsed')).toEqual([]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ msg: value, host: 'node-a' });
    expect(records[0]?.fields?.binaryInexact).toBeUndefined();
  });

  it('reads a binary value at the end of the entry and of the file', () => {
    const { records, finished } = run(HEAD, ...binary('MESSAGE', 'x\ny'));
    expect(finished).toHaveLength(1);
    expect(records[0]?.msg).toBe('x\ny');
  });

  it('reads a binary value just before the blank line', () => {
    const { records } = run(HEAD, ...binary('MESSAGE', 'x\ny'), '\n', HEAD, 'MESSAGE=next\n\n');
    expect(records.map((r) => r.msg)).toEqual(['x\ny', 'next']);
  });

  it('restores the `\\r` the line reader removed before line breaks (CRLF text)', () => {
    const { records } = run(HEAD, ...binary('MESSAGE', 'line one\r\nline two\r'), '_HOSTNAME=node-a\n\n');
    expect(records[0]).toMatchObject({ msg: 'line one\r\nline two\r', host: 'node-a' });
    expect(records[0]?.fields?.binaryInexact).toBeUndefined();
  });

  it('keeps a value with bytes that are not UTF-8, marked inexact', () => {
    const value = new Uint8Array([...enc('caf'), 0xe9, 0x0a, ...enc('x')]);
    const { outcomes, records } = run(HEAD, ...binary('MESSAGE', value), '_HOSTNAME=node-a\n\n');
    expect(outcomes.filter((o) => o.out.t === 'unparsed')).toEqual([]);
    expect(records[0]).toMatchObject({
      msg: 'caf\ufffd\nx',
      host: 'node-a',
      fields: expect.objectContaining({ binaryInexact: 'MESSAGE' }),
    });
  });

  it('skips a field whose length cannot be read and still counts the entry', () => {
    // A 200-byte value: its length byte 0xC8 is not UTF-8, so the length is lost in decoding.
    const value = `${'0123456789'.repeat(9)}\n${'x'.repeat(109)}`;
    const { outcomes, records } = run(
      HEAD,
      ...binary('COREDUMP', value),
      'MESSAGE=after\n_HOSTNAME=node-a\n\n',
    );
    expect(outcomes.filter((o) => o.out.t === 'unparsed')).toEqual([]);
    expect(records[0]).toMatchObject({
      msg: 'after',
      host: 'node-a',
      fields: expect.objectContaining({ binaryUnreadable: 'COREDUMP' }),
    });
  });

  it('keeps other binary fields out of the record but reads past them', () => {
    const { records } = run(HEAD, ...binary('SYSLOG_RAW', '<14>x\n'), 'MESSAGE=m\n\n');
    expect(records[0]).toMatchObject({ msg: 'm' });
    expect(records[0]?.fields?.SYSLOG_RAW).toBeUndefined();
  });
});

describe('createJournalExportParser: lines of other formats', () => {
  it.each<[string, string]>([
    ['dmesg', '[ 5645.196569] ceph: mds0 reconnect denied'],
    ['journal short', 'Jul 20 08:14:39 teuthology kernel: [3677602.093378] ceph: mds0 reconnect denied'],
    ['klog', 'E0129 14:25:06.950855   10850 kubelet_volumes.go:65] pod "x" found'],
    ['ceph config dump', 'mon          advanced  auth_allow_insecure_global_id_reclaim              false'],
    ['journal json', '{"__REALTIME_TIMESTAMP":"1","MESSAGE":"m"}'],
    [
      'journal verbose header',
      'Tue 2017-10-24 10:37:50.315725 UTC [s=6bffb876a10048479266ab251fa82f13;i=524715a]',
    ],
    ['journal verbose field', '    MESSAGE=be2net 0000:06:00.0 eno49: Link is Down'],
    ['ceph.conf', 'mon_host = 10.0.0.1'],
    ['os-release', 'NAME="Ubuntu"'],
    ['a shell variable', 'PATH=/usr/bin'],
  ])('%s is unparsed', (_name, text) => {
    const out = createJournalExportParser().parseLine(text, 1, 0);
    expect(out.t).toBe('unparsed');
  });

  it('takes no part of an os-release file', () => {
    const { outcomes } = run(
      'NAME="Ubuntu"\nVERSION_ID="22.04"\nID=ubuntu\nPRETTY_NAME="Ubuntu 22.04.4 LTS"\n',
    );
    expect(outcomes.map((o) => o.out.t)).toEqual(['unparsed', 'unparsed', 'unparsed', 'unparsed']);
  });

  it('treats prompts and journalctl hints as meta', () => {
    const p = createJournalExportParser();
    expect(p.parseLine('root@node-a:~# journalctl -o export -k', 1, 0)).toEqual({
      t: 'meta',
      meta: {
        kind: 'prompt',
        text: 'root@node-a:~# journalctl -o export -k',
        host: 'node-a',
        command: 'journalctl -o export -k',
      },
    });
    expect(p.parseLine('-- No entries --', 2, 40).t).toBe('meta');
  });
});

describe('header sample lines', () => {
  it('are parts of one entry that finish() returns', () => {
    const samples = headerSamples('./journal-export.ts');
    const p = createJournalExportParser();
    expect(samples.map((s, i) => p.parseLine(s, i + 1, 0).t)).toEqual([
      'part',
      'part',
      'part',
      'part',
      'part',
    ]);
    expect(p.finish?.()).toMatchObject([{ line: 1, time: { kind: 'epoch', ms: 1342540861416.409 } }]);
  });

  it('the spec', () => {
    expect(JOURNAL_EXPORT_FORMATS.map((f) => [f.id, f.title])).toEqual([
      ['journal-export', 'journalctl -o export'],
    ]);
  });
});

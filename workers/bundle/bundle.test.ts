import { gzipSync } from 'node:zlib';
import { packTar } from 'modern-tar';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../crc32.ts';
import { analyzeFiles } from '../engine.ts';
import { cleanEntryName, describeReadError } from './expand.ts';
import { LayoutTracker } from './layout.ts';
import { sniff, withoutCompressionSuffix } from './magic.ts';
import { peek } from './streams.ts';
import { MAX_EXTENDED_HEADER, readTar, type TarEntry, TarFormatError } from './tar.ts';

const bytes = (...b: number[]) => new Uint8Array([...b, ...new Array(600).fill(0x41)]);
const text = (s: string) => new TextEncoder().encode(s);

describe('sniff: the magic bytes decide, never the name', () => {
  it.each([
    [[0x1f, 0x8b, 0x08], 'gzip'],
    [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'xz'],
    [[0x50, 0x4b, 0x03, 0x04], 'zip'],
    [[0x50, 0x4b, 0x05, 0x06], 'zip'],
  ])('%j is %s', (magic, container) => {
    expect(sniff(bytes(...magic))).toEqual({ kind: 'container', container });
  });

  it('a tar by its ustar magic at 257, or a v7 header by its checksum', async () => {
    const tar = await packTar([{ header: { name: 'a.log', size: 2, type: 'file' }, body: 'x\n' }]);
    expect(sniff(tar)).toEqual({ kind: 'container', container: 'tar' });
    const v7 = tar.slice();
    v7.fill(0, 257, 265); // no magic: the checksum must now be recomputed for a valid v7 header
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : (v7[i] as number);
    v7.set(text(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
    expect(sniff(v7)).toEqual({ kind: 'container', container: 'tar' });
    v7[0] = 0x42; // damaged: the checksum no longer holds, so it is text
    expect(sniff(v7)).toEqual({ kind: 'content' });
  });

  it.each([
    [[0x28, 0xb5, 0x2f, 0xfd], /zstd/],
    [[0x42, 0x5a, 0x68, 0x39], /bzip2/],
    [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], /7-Zip/],
    [[...text('Rar!')], /RAR/],
    [[...text('LPKSHHRH')], /binary systemd journal.*journalctl --file/],
  ])('%j is named and refused with advice', (magic, what) => {
    const s = sniff(bytes(...magic));
    expect(s.kind).toBe('unsupported');
    if (s.kind === 'unsupported') expect(`${s.what}: ${s.advice}`).toMatch(what);
  });

  it.each([
    [[0xff, 0xfe, 0x4e, 0x00], 'UTF-16 text (little-endian, with a byte order mark)', 'UTF-16'],
    [[0xfe, 0xff, 0x00, 0x4e], 'UTF-16 text (big-endian, with a byte order mark)', 'UTF-16'],
    [[0xff, 0xfe, 0x00, 0x00], 'UTF-32 text (little-endian, with a byte order mark)', 'UTF-32'],
    [[0x00, 0x00, 0xfe, 0xff], 'UTF-32 text (big-endian, with a byte order mark)', 'UTF-32'],
  ])('%j is wide text: refused, with the iconv command that converts it', (magic, what, from) => {
    expect(sniff(bytes(...magic))).toEqual({
      kind: 'unsupported',
      what,
      advice: `convert it to UTF-8 with \`iconv -f ${from} -t UTF-8 <file> > <file>.utf8\` and drop the result`,
    });
  });

  const elf = (type: number, bigEndian = false) => {
    const head = new Uint8Array(64);
    head.set([0x7f, 0x45, 0x4c, 0x46, 2, bigEndian ? 2 : 1, 1]);
    head[bigEndian ? 17 : 16] = type;
    return head;
  };
  it.each([
    [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'a PNG image'],
    [[0xff, 0xd8, 0xff, 0xe0], 'a JPEG image'],
    [[...text('GIF89a')], 'a GIF image'],
    [[...text('%PDF-1.7\n')], 'a PDF document'],
    [[...text('SQLite format 3\0')], 'an SQLite database'],
    [[0xd4, 0xc3, 0xb2, 0xa1, 2, 0], 'a pcap packet capture'],
    [[0x0a, 0x0d, 0x0d, 0x0a], 'a pcapng packet capture'],
    [[...elf(2)], 'an ELF executable'],
    [[...elf(3, true)], 'an ELF shared library or executable'],
    [[...elf(4)], 'an ELF core dump (a kdump vmcore or an application core)'],
    [[...elf(9)], 'an ELF binary'],
  ])('%j is no log: named as %s', (magic, what) => {
    expect(sniff(bytes(...magic))).toEqual({ kind: 'binary', what });
  });

  it('log text, a lone BZh word and short files are content', () => {
    expect(sniff(text('Nov 12 10:19:14 k8s-worker-1 kernel: libceph: mds0 reconnect denied\n'))).toEqual({
      kind: 'content',
    });
    expect(sniff(text('BZh is not bzip2 without a block size digit'))).toEqual({ kind: 'content' });
    expect(sniff(new Uint8Array([0x1f]))).toEqual({ kind: 'content' });
  });

  it('the name once decompressed, for the format detector', () => {
    expect(withoutCompressionSuffix('var/log/messages-20231110.gz')).toBe('var/log/messages-20231110');
    expect(withoutCompressionSuffix('kubelet.log.1.xz')).toBe('kubelet.log.1');
    expect(withoutCompressionSuffix('bundle.tgz')).toBe('bundle.tar');
    expect(withoutCompressionSuffix('dmesg')).toBe('dmesg');
  });
});

describe('layouts', () => {
  const sos = 'case.tar.xz/sosreport-node-a-0042-2023-11-10-abcdefg';
  it('a sosreport (4.x and 3.x paths): the files that matter are read, the rest passed over', () => {
    const t = new LayoutTracker();
    t.classify(`${sos}/version.txt`);
    const read = [
      'sos_commands/kernel/dmesg',
      'sos_commands/kernel/dmesg_-T',
      'sos_commands/general/dmesg',
      'var/log/dmesg',
      'sos_commands/logs/journalctl_--no-pager',
      'sos_commands/logs/journalctl_--no-pager_--boot_-1',
      'sos_commands/logs/journalctl_--all_--this-boot_--no-pager',
      'sos_commands/kubernetes/journalctl_--no-pager_--unit_kubelet',
      'sos_commands/crio/journalctl_--no-pager_--unit_crio',
      'var/log/messages',
      'var/log/messages-20231105',
      'var/log/messages-20231029.gz',
      'var/log/syslog.1',
      'var/log/kern.log',
      'sos_strings/logs/var.log.messages.tailed',
      'var/log/kubelet.log',
      'sos_commands/ceph_mon/ceph_config_dump',
      'sos_commands/ceph_mon/json_output/ceph_config_dump_--format_json-pretty',
      'sos_commands/ceph/ceph_health_detail',
      'sos_commands/ceph_mds/ceph_daemon_mds.a_session_ls',
      'sos_commands/ceph_mds/ceph_tell_mds.0_client_ls',
      'etc/ceph/ceph.conf',
      'var/log/ceph/ceph.log',
      'var/log/ceph/6f3c/ceph-mds.a.log',
      'proc/mounts',
      'sos_commands/kernel/uname_-a',
      'sos_commands/host/hostname',
      'sos_commands/general/hostname',
      'etc/hostname',
      'sos_commands/date/date',
      'sos_commands/date/date_--utc',
      'sos_commands/systemd/timedatectl',
      'sos_commands/host/uptime',
      'etc/localtime',
    ];
    const skipped = [
      'sos_commands/logs/journalctl_--disk-usage',
      'sos_commands/logs/journalctl_--list-boots',
      'sos_commands/networkmanager/journalctl_--no-pager_--unit_NetworkManager',
      'sos_commands/kernel/lsmod',
      'proc/cpuinfo',
      'proc/kallsyms',
      'sys/kernel/debug/x',
      'etc/ssh/sshd_config',
      'var/log/yum.log',
      'sos_logs/sos.log',
      'sos_reports/manifest.json',
    ];
    for (const p of read)
      expect(t.classify(`${sos}/${p}`), p).toMatchObject({ layout: 'sosreport', analyse: true, root: sos });
    for (const p of skipped)
      expect(t.classify(`${sos}/${p}`), p).toMatchObject({ layout: 'sosreport', analyse: false });
  });

  it('the sosreport name gives a host (friendly and legacy names)', () => {
    const t = new LayoutTracker();
    expect(t.classify(`${sos}/sos_commands/kernel/dmesg`).host).toEqual({
      name: 'node-a-0042',
      evidence: 'sosreport name sosreport-node-a-0042-2023-11-10-abcdefg',
    });
    expect(
      t.classify('sosreport-web01.example.com-20231110093012/sos_commands/kernel/dmesg').host?.name,
    ).toBe('web01');
  });

  it('a renamed sosreport folder is known by its sos_* folders', () => {
    const t = new LayoutTracker();
    expect(t.classify('extracted/sos_reports/manifest.json')).toMatchObject({
      layout: 'sosreport',
      analyse: false,
      root: 'extracted',
    });
    expect(t.classify('extracted/var/log/messages')).toMatchObject({ layout: 'sosreport', analyse: true });
  });

  it('must-gather: node journals (merged, UTC), node folders, ODF ceph commands', () => {
    const t = new LayoutTracker();
    const mg = 'must-gather.local.123/quay-io-openshift-release-dev-ocp-v4-0-art-dev-sha256-abc';
    expect(t.classify(`must-gather.local.123/timestamp`)).toMatchObject({
      layout: 'must-gather',
      analyse: false,
    });
    expect(t.classify(`${mg}/version`)).toMatchObject({ layout: 'must-gather', analyse: false });
    expect(t.classify(`${mg}/host_service_logs/masters/kubelet_service.log`)).toEqual({
      layout: 'must-gather',
      root: mg,
      analyse: true,
      multiHost: true,
      zone: { zone: 'UTC', why: 'must-gather host_service_logs are written by `oc adm node-logs` in UTC' },
    });
    expect(t.classify(`${mg}/host_service_logs/masters/NetworkManager_service.log`).analyse).toBe(false);
    expect(t.classify(`${mg}/nodes/worker-0/dmesg`)).toMatchObject({
      analyse: true,
      host: { name: 'worker-0', evidence: 'must-gather node folder nodes/worker-0/' },
    });
    expect(t.classify(`${mg}/nodes/worker-0/worker-0.yaml`).analyse).toBe(false);
    expect(t.classify(`${mg}/namespaces/openshift-storage/pods/x/x.yaml`).analyse).toBe(false);
    const odf = 'must-gather.local.123/registry-redhat-io-odf4-odf-must-gather-rhel9-sha256-def';
    expect(t.classify(`${odf}/ceph/must_gather_commands/ceph_config_dump`)).toMatchObject({
      analyse: true,
      root: odf,
    });
    expect(
      t.classify(
        `${odf}/ceph/must_gather_commands_json_output/ceph_tell_mds.ocs-storagecluster-cephfilesystem:0_session_ls_--format_json-pretty`,
      ).analyse,
    ).toBe(true);
    expect(t.classify(`${odf}/ceph/must_gather_commands/ceph_osd_tree`).analyse).toBe(false);
  });

  it('anything else is plain: every file is read', () => {
    const t = new LayoutTracker();
    expect(t.classify('node-a/var/log/messages')).toEqual({ layout: 'plain', analyse: true });
    expect(t.classify('bundle.zip/whatever.bin')).toEqual({ layout: 'plain', analyse: true });
  });
});

describe('readTar', () => {
  async function entries(tar: Uint8Array, chunk = 7777) {
    const out: { name: string; type: TarEntry['type']; text: string; mtime?: number }[] = [];
    // Small odd chunks: headers and bodies straddle chunk boundaries.
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < tar.byteLength; i += chunk) c.enqueue(tar.subarray(i, i + chunk));
        c.close();
      },
    });
    const end = await readTar(stream, async (e) => {
      out.push({ name: e.name, type: e.type, text: await new Response(e.body).text(), mtime: e.mtime });
    });
    return { end, out };
  }

  it('reads names up to any length (ustar prefix, PAX), bodies, types and mtime', async () => {
    const long = `${'very-long-folder-name/'.repeat(12)}kubelet.log`;
    const tar = await packTar([
      { header: { name: 'dir/', type: 'directory', size: 0 } },
      {
        header: { name: 'dir/a.log', size: 6, type: 'file', mtime: new Date('2019-11-12T11:05:00Z') },
        body: 'hello\n',
      },
      { header: { name: long, size: 3, type: 'file' }, body: 'x\ny' },
      { header: { name: 'dir/link', type: 'symlink', linkname: 'a.log', size: 0 } },
      { header: { name: 'big.log', size: 9000, type: 'file' }, body: 'z'.repeat(9000) },
    ]);
    for (const chunk of [1, 511, 7777, tar.byteLength]) {
      const { end, out } = await entries(tar, chunk);
      expect(end).toEqual({ complete: true });
      expect(out.map((e) => [e.name, e.type, e.text.length])).toEqual([
        ['dir/', 'directory', 0],
        ['dir/a.log', 'file', 6],
        [long, 'file', 3],
        ['dir/link', 'link', 0],
        ['big.log', 'file', 9000],
      ]);
      expect(out[1]?.mtime).toBe(Date.parse('2019-11-12T11:05:00Z'));
    }
  });

  it('GNU long names (`././@LongLink` entries)', async () => {
    const header = (name: string, size: number, flag: string) => {
      const h = new Uint8Array(512);
      h.set(text(name.slice(0, 99)), 0);
      h.set(text('0000644\0'), 100);
      h.set(text(`${size.toString(8).padStart(11, '0')}\0`), 124);
      h.set(text('00000000000\0'), 136);
      h[156] = flag.charCodeAt(0);
      h.set(text('ustar  \0'), 257);
      h.fill(32, 148, 156);
      const sum = h.reduce((a, b) => a + b, 0);
      h.set(text(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
      return h;
    };
    const name = `${'n'.repeat(150)}/dmesg`;
    const block = (s: string) => {
      const b = new Uint8Array(Math.ceil(s.length / 512) * 512);
      b.set(text(s));
      return b;
    };
    const tar = new Uint8Array([
      ...header('././@LongLink', name.length + 1, 'L'),
      ...block(`${name}\0`),
      ...header('truncated-name', 4, '0'),
      ...block('abc\n'),
      ...new Uint8Array(1024),
    ]);
    const { end, out } = await entries(tar);
    expect(end.complete).toBe(true);
    expect(out.map((e) => [e.name, e.text])).toEqual([[name, 'abc\n']]);
  });

  it('a cut archive: entries before the cut are whole, the cut entry fails with how much arrived', async () => {
    const tar = await packTar([
      { header: { name: 'a.log', size: 1000, type: 'file' }, body: 'a'.repeat(1000) },
      { header: { name: 'b.log', size: 5000, type: 'file' }, body: 'b'.repeat(5000) },
    ]);
    const names: string[] = [];
    let failure = '';
    const cut = tar.slice(0, 1536 + 512 + 2000);
    const end = await readTar(new Blob([cut]).stream(), async (e) => {
      names.push(e.name);
      try {
        await new Response(e.body).arrayBuffer();
      } catch (err) {
        failure = (err as Error).message;
      }
    });
    expect(names).toEqual(['a.log', 'b.log']);
    expect(failure).toBe(
      'The archive ends inside b.log: 2000 of its 5000 bytes were read (the archive is truncated)',
    );
    expect(end).toEqual({ complete: false });
    // Cut right after a whole entry: no end marker.
    expect(
      await readTar(new Blob([tar.slice(0, 1536)]).stream(), async (e) => void (await e.body.cancel())),
    ).toEqual({
      complete: false,
    });
  });

  it('a damaged header is an error naming its offset; a consumer that does not read a body is fine', async () => {
    const tar = await packTar([
      { header: { name: 'a.log', size: 10, type: 'file' }, body: '0123456789' },
      { header: { name: 'b.log', size: 10, type: 'file' }, body: '0123456789' },
    ]);
    const bad = tar.slice();
    bad[1024 + 3] = 0x7f;
    const seen: string[] = [];
    await expect(readTar(new Blob([bad]).stream(), async (e) => void seen.push(e.name))).rejects.toThrow(
      new TarFormatError('the tar header at byte 1024 is damaged (its checksum does not match)'),
    );
    expect(seen).toEqual(['a.log']);
  });
});

describe('readTar on headers whose checksum matches but whose fields are nonsense', () => {
  /** A ustar header with the given size field text and type flag, and a checksum that matches. */
  const header = (name: string, size: string, flag: string) => {
    const h = new Uint8Array(512);
    h.set(text(name), 0);
    h.set(text(size.slice(0, 11)), 124);
    h[156] = flag.charCodeAt(0);
    h.set(text('ustar\u000000'), 257);
    h.fill(32, 148, 156);
    const sum = h.reduce((a, b) => a + b, 0);
    h.set(text(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
    return h;
  };
  const pax = (records: string) => {
    // `<len> <record>\n`, where len counts its own digits too (records here are under 96 characters).
    const len = records.length + 3 < 10 ? records.length + 3 : records.length + 4;
    const body = `${len} ${records}\n`;
    const block = new Uint8Array(512);
    block.set(text(body));
    return [...header('PaxHeader', body.length.toString(8), 'x'), ...block];
  };
  const read = (bytes: number[]) =>
    readTar(new Blob([new Uint8Array(bytes)]).stream(), async (e) => void (await e.body.cancel()));

  it('a size field that is not octal is a damaged header, not NaN bytes to read', async () => {
    await expect(read([...header('a.log', 'zz', '0'), ...new Uint8Array(1024)])).rejects.toThrow(
      new TarFormatError('the tar header at byte 0 has no valid size'),
    );
    // parseInt would have read `12zz` as 10 bytes.
    await expect(read([...header('a.log', '12zz', '0'), ...new Uint8Array(1024)])).rejects.toThrow(
      new TarFormatError('the tar header at byte 0 has no valid size'),
    );
  });

  it('a PAX size that is not a decimal number is a damaged header', async () => {
    for (const size of ['abc', '-5', '0x10', '1e3', '']) {
      await expect(
        read([...pax(`size=${size}`), ...header('a.log', '0', '0'), ...new Uint8Array(1024)]),
        size,
      ).rejects.toThrow(
        new TarFormatError(`the PAX header before byte 1024 gives no valid size ("${size}")`),
      );
    }
  });

  it('a PAX or long-name header over 1 MiB is refused before anything is allocated for it', async () => {
    for (const flag of ['x', 'L']) {
      await expect(read([...header('h', '7777777777', flag), ...new Uint8Array(4096)])).rejects.toThrow(
        new TarFormatError(
          `the tar header at byte 0 announces 1073741823 bytes of ${flag === 'L' ? 'long name' : 'PAX records'}, more than the ${MAX_EXTENDED_HEADER} any real archive needs`,
        ),
      );
    }
  });

  it('an entry with an empty name cut short is named as unnamed in the error', async () => {
    let failure = '';
    await readTar(new Blob([new Uint8Array([...header('', '20', '0'), 65, 66])]).stream(), async (e) => {
      await new Response(e.body).arrayBuffer().catch((err: Error) => {
        failure = err.message;
      });
    });
    expect(failure).toBe(
      'The archive ends inside (unnamed entry): 2 of its 16 bytes were read (the archive is truncated)',
    );
  });
});

describe('peek', () => {
  it('hands back the head and the whole stream; a failure after the head keeps the bytes before it', async () => {
    let n = 0;
    const failing = new ReadableStream<Uint8Array>({
      pull(c) {
        if (n++ < 3) c.enqueue(text('line\n'));
        else c.error(new Error('unexpected EOF'));
      },
    });
    const { head, stream } = await peek(failing, 1000);
    expect(new TextDecoder().decode(head)).toBe('line\nline\nline\n');
    const reader = stream.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('line\nline\nline\n');
    await expect(reader.read()).rejects.toThrow('unexpected EOF');
  });
});

describe('entry names and errors', () => {
  it('names that climb out of the archive are kept inside it, with a warning', () => {
    expect(cleanEntryName('./node-a/dmesg')).toEqual({ name: 'node-a/dmesg' });
    expect(cleanEntryName('../../etc/passwd')).toEqual({
      name: 'etc/passwd',
      warning: 'The entry name "../../etc/passwd" points outside the archive; it is read as etc/passwd.',
    });
    expect(cleanEntryName('/abs/x').name).toBe('abs/x');
    expect(cleanEntryName('..').name).toBe('(unnamed entry)');
  });

  it.each([
    ['get_next_output failed with error code 8', 'The xz data ends early: the file is truncated'],
    ['get_next_output failed with error code 7', 'The xz data is corrupt (its xz integrity check failed)'],
    ['unexpected EOF', 'The xz data ends early: the file is truncated'],
    ['invalid distance', 'The xz data is corrupt (invalid distance)'],
    ['Invalid CRC32', "The xz data is corrupt: its CRC-32 does not match the zip's record"],
    [
      'End of central directory not found',
      'The xz data is not a readable zip: its central directory is missing (the file is truncated or damaged)',
    ],
    [
      'File format is not recognized',
      'The xz data is not a readable zip: its records are damaged (the file is truncated, damaged, or no zip)',
    ],
    [
      'Ambiguous archive',
      'The xz data is not a readable zip: it holds two sets of records that disagree (damaged, or made to be read differently by different tools)',
    ],
    ['Invalid uncompressed size', "The xz data is corrupt: an entry's recorded place or size is impossible"],
    ['Entry data out of bounds', "The xz data is corrupt: an entry's recorded place or size is impossible"],
    ['something else', 'The xz data could not be read: something else'],
  ])('%s', (message, expected) => {
    expect(describeReadError(new Error(message), 'The xz data')).toBe(expected);
  });
});

describe('gzip trailers: each member decompresses to the CRC-32 and length it records', () => {
  const log = (n: number) =>
    Buffer.from(
      Array.from(
        { length: n },
        (_, i) => `[${(100 + i).toFixed(6)}] libceph: mon0 10.0.0.1:6789 socket closed\n`,
      ).join(''),
    );
  const read = async (bytes: Uint8Array) => {
    const incident = await analyzeFiles([
      { path: 'kern.log.gz', blob: new Blob([bytes as Uint8Array<ArrayBuffer>]) },
    ]);
    return incident.sources[0];
  };
  const flip = (bytes: Uint8Array, at: number) => {
    const out = Uint8Array.from(bytes);
    const i = at < 0 ? out.length + at : at;
    out[i] = (out[i] as number) ^ 0x01;
    return out;
  };
  const CORRUPT =
    /^The gzip data is corrupt: what it decompresses to does not match the CRC-32 and length its gzip trailer records; the (\d+) lines before that point were read\.$/;
  const corruptAfter = async (bytes: Uint8Array) =>
    Number(CORRUPT.exec((await read(bytes))?.error ?? '')?.[1]);

  it('crc32 is the IEEE one gzip uses', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    // Continued over pieces as over the whole.
    const whole = log(50);
    expect(crc32(whole.subarray(20), crc32(whole.subarray(0, 20)))).toBe(crc32(whole));
  });

  it('a good file, and one of several members, read without error', async () => {
    for (const bytes of [
      gzipSync(log(300)),
      Buffer.concat([gzipSync(log(100)), gzipSync(log(150)), gzipSync(log(50))]),
    ]) {
      const source = await read(bytes);
      expect(source?.error).toBeUndefined();
      expect(source?.lines).toBe(300);
    }
  });

  it('a damaged CRC or length, in the last member or an earlier one, is corrupt data', async () => {
    const one = gzipSync(log(300));
    expect(await corruptAfter(flip(one, -8))).toBe(300);
    expect(await corruptAfter(flip(one, -2))).toBe(300);
    const first = gzipSync(log(100));
    const second = gzipSync(log(200));
    // Found as the next member begins: the lines of the damaged member were read.
    expect(await corruptAfter(Buffer.concat([flip(first, -5), second]))).toBe(100);
    expect(await corruptAfter(Buffer.concat([first, flip(second, -1)]))).toBe(300);
  });
});

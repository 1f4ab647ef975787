// The committed files of the bad-input corpus (test/fixtures/bad/), as bytes built here: what each
// file is, byte for byte. bad-inputs.test.ts checks the committed files against this; to change
// one, change it here and write them again with
//   npx tsx -e "import('./test/support/bad-inputs.ts').then((m) => m.writeBadCorpus())"
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { deflateSync } from 'node:zlib';

export const BAD_DIR = resolve(import.meta.dirname, '../fixtures/bad');

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const lines = (ls: readonly string[]) => utf8(ls.map((l) => `${l}\n`).join(''));

/** A real PNG: 2×2 RGB, with its CRCs. */
function png(): Buffer {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = (table[(c ^ x) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const pixels = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An ELF64 x86-64 executable: header, one program header, `exit(0)`, and a dmesg line after it. */
function elf(): Buffer {
  const b = Buffer.alloc(184);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0], 0);
  b.writeUInt16LE(2, 16); // ET_EXEC
  b.writeUInt16LE(0x3e, 18); // x86-64
  b.writeUInt32LE(1, 20);
  b.writeBigUInt64LE(0x400078n, 24); // entry
  b.writeBigUInt64LE(64n, 32); // program headers at 64
  b.writeUInt16LE(64, 52);
  b.writeUInt16LE(56, 54);
  b.writeUInt16LE(1, 56);
  b.writeUInt32LE(1, 64); // PT_LOAD
  b.writeUInt32LE(5, 68); // R+X
  b.writeBigUInt64LE(0x400000n, 80);
  b.writeBigUInt64LE(0x400000n, 88);
  b.writeBigUInt64LE(184n, 96);
  b.writeBigUInt64LE(184n, 104);
  b.writeBigUInt64LE(0x1000n, 112);
  b.set([0xb8, 60, 0, 0, 0, 0x31, 0xff, 0x0f, 0x05], 120); // mov eax, 60; xor edi, edi; syscall
  b.write('\n[    1.000000] ceph: loaded (mds proto 32)\n', 129, 'latin1');
  return b;
}

/** 4 KiB from a fixed linear congruential generator: binary with no known magic. */
function random(): Buffer {
  const b = Buffer.alloc(4096);
  let s = 12345;
  for (let i = 0; i < b.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    b[i] = s >>> 24;
  }
  return b;
}

const DMESG = [
  '[   20.256700] Key type ceph registered',
  '[   20.260119] libceph: loaded (mon/osd proto 15/24)',
  "[   20.267932] FS-Cache: Netfs 'ceph' registered for caching",
  '[   20.267936] ceph: loaded (mds proto 32)',
  '[   20.289921] libceph: mon0 10.99.10.1:6789 session established',
  '[   20.291130] libceph: client4711 fsid 0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
];

const JOURNAL = [
  'Nov 12 10:14:03 oddnode kernel: libceph: mon0 10.99.10.1:6789 socket closed (con state OPEN)',
  'Nov 12 10:14:03 oddnode kernel: libceph: mon0 10.99.10.1:6789 session lost, hunting for new mon',
  'Nov 12 10:14:04 oddnode systemd[1]: Started Session 8731 of user root.',
];

/**
 * `journalctl -o export` of three kernel entries; the middle one's MESSAGE is a binary field:
 * `MESSAGE\n`, its length as 8 bytes little-endian (266 = 0x010A, so one length byte is a newline),
 * the data (a newline and a 0xFF byte inside), `\n`.
 */
function exportWithBinary(): Buffer {
  const entry = (i: number, usec: bigint, msg: Buffer | string) => {
    const head = lines([
      `__CURSOR=s=739ad463348b4ceca5a9e69c95a3c93f;i=${i};b=6c7c6013a26343b29e964691ff25d04c`,
      `__REALTIME_TIMESTAMP=${usec}`,
      `__MONOTONIC_TIMESTAMP=${21415215982n + BigInt(i) * 1000000n}`,
      '_BOOT_ID=6c7c6013a26343b29e964691ff25d04c',
      '_TRANSPORT=kernel',
      'SYSLOG_IDENTIFIER=kernel',
      '_HOSTNAME=exportnode',
    ]);
    if (typeof msg === 'string') return Buffer.concat([head, utf8(`MESSAGE=${msg}\n\n`)]);
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(msg.length));
    return Buffer.concat([head, utf8('MESSAGE\n'), len, msg, utf8('\n\n')]);
  };
  const start = Buffer.concat([
    utf8('libceph: mon0 10.99.10.1:6789 session lost, hunting for new mon\n'),
    Buffer.from([0xff]),
    utf8('second line of a binary value '),
  ]);
  const binary = Buffer.concat([start, Buffer.alloc(266 - start.length, 0x2e)]);
  return Buffer.concat([
    entry(1, 1573553643000000n, 'libceph: mon0 10.99.10.1:6789 socket closed (con state OPEN)'),
    entry(2, 1573553643500000n, binary),
    entry(3, 1573553644000000n, 'ceph: mds0 hung'),
  ]);
}

/** File name → bytes of every committed case. */
export function badCorpus(): Map<string, Buffer> {
  const le = Buffer.from(lines(JOURNAL).toString('utf8'), 'utf16le');
  const be = Buffer.from(le).swap16();
  return new Map([
    ['empty.txt', Buffer.alloc(0)],
    ['image.png', png()],
    ['program.elf', elf()],
    ['random.bin', random()],
    // 512 NULs before line 3 (what a log cut or rewritten while written holds), one in line 5.
    [
      'dmesg-nul-bytes.txt',
      Buffer.concat([
        lines(DMESG.slice(0, 2)),
        Buffer.alloc(512),
        lines(DMESG.slice(2, 4)),
        lines(['[   20.289921] libceph: mon0 10.99.10\u0000.1:6789 session established', DMESG[5] as string]),
      ]),
    ],
    // A lone 0xFF, a cut 2-byte sequence (0xC3, then ASCII), an overlong `/` (0xC0 0xAF).
    [
      'dmesg-invalid-utf8.txt',
      Buffer.concat([
        lines(DMESG.slice(0, 1)),
        utf8('[   20.260119] libceph: loaded '),
        Buffer.from([0xff]),
        utf8(' (mon/osd proto 15/24)\n'),
        utf8("[   20.267932] FS-Cache: Netfs '"),
        Buffer.from([0xc3]),
        utf8("ceph' registered for caching\n"),
        utf8('[   20.267936] ceph: loaded '),
        Buffer.from([0xc0, 0xaf]),
        utf8(' (mds proto 32)\n'),
        lines(DMESG.slice(4)),
      ]),
    ],
    ['dmesg-crlf.txt', utf8(DMESG.map((l) => `${l}\r\n`).join(''))],
    ['dmesg-cr.txt', utf8(DMESG.map((l) => `${l}\r`).join(''))],
    ['journal-utf16le.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), le])],
    ['journal-utf16be.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), be])],
    // Merged out of order, or a clock stepped back; the header gives the year.
    [
      'journal-out-of-order.txt',
      lines([
        '-- Logs begin at Tue 2019-11-12 10:13:00 UTC, end at Tue 2019-11-12 10:15:00 UTC. --',
        'Nov 12 10:14:09 oddnode systemd[1]: Started Session 8732 of user root.',
        'Nov 12 10:14:03 oddnode kernel: libceph: mon0 10.99.10.1:6789 socket closed (con state OPEN)',
        'Nov 12 10:14:07 oddnode systemd[1]: Started Session 8731 of user root.',
        'Nov 12 10:13:58 oddnode kernel: libceph: mon0 10.99.10.1:6789 session lost, hunting for new mon',
        'Nov 12 10:14:05 oddnode systemd[1]: Removed slice User Slice of root.',
      ]),
    ],
    // A clock set to 2099; the stamps carry their year and zone.
    [
      'journal-future.txt',
      lines([
        '2099-11-12T10:14:03+0000 futurenode kernel: libceph: mon0 10.99.10.1:6789 socket closed (con state OPEN)',
        '2099-11-12T10:14:03+0000 futurenode kernel: libceph: mon0 10.99.10.1:6789 session lost, hunting for new mon',
        '2099-11-12T10:14:04+0000 futurenode systemd[1]: Started Session 8731 of user root.',
      ]),
    ],
    ['journal-export-binary.export', exportWithBinary()],
  ]);
}

/** Writes the committed files again (after a change above). */
export function writeBadCorpus(): void {
  for (const [name, bytes] of badCorpus()) writeFileSync(resolve(BAD_DIR, name), bytes);
}

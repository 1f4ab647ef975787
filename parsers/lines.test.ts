import { describe, expect, it } from 'vitest';
import {
  hasLineBreak,
  isBlank,
  isSpaceCode,
  LineSplitter,
  type LineSplitterOptions,
  MAX_LINE_BYTES,
  matchPrompt,
  ownString,
  splitLines,
} from './lines.ts';

type Got = [text: string, line: number, offset: number];

const enc = (s: string) => new TextEncoder().encode(s);

/** Both ways of decoding: line by line, and a chunk at a time with lines sliced out of it. */
const MODES: [string, LineSplitterOptions][] = [
  ['per line', {}],
  ['shared text', { sharedText: true }],
];

function run(chunks: Uint8Array[], options: LineSplitterOptions = {}): Got[] {
  const got: Got[] = [];
  const s = new LineSplitter((text, line, offset) => got.push([text, line, offset]), options);
  for (const c of chunks) s.push(c);
  s.end();
  return got;
}

/** Cuts `bytes` at the given byte positions. */
function cut(bytes: Uint8Array, ...at: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let from = 0;
  for (const a of [...at, bytes.length]) {
    out.push(bytes.slice(from, a));
    from = a;
  }
  return out;
}

describe('LineSplitter', () => {
  const cases: { name: string; chunks: Uint8Array[]; want: Got[] }[] = [
    { name: 'a 0-length file', chunks: [], want: [] },
    { name: 'an empty chunk', chunks: [new Uint8Array(0)], want: [] },
    {
      name: 'lines ending in \\n',
      chunks: [enc('a\nbc\n')],
      want: [
        ['a', 1, 0],
        ['bc', 2, 2],
      ],
    },
    {
      name: 'a final line without newline',
      chunks: [enc('a\nlast')],
      want: [
        ['a', 1, 0],
        ['last', 2, 2],
      ],
    },
    {
      name: '\\r\\n endings (offsets count the \\r)',
      chunks: [enc('a\r\nbc\r\nd')],
      want: [
        ['a', 1, 0],
        ['bc', 2, 3],
        ['d', 3, 7],
      ],
    },
    { name: 'only one trailing \\r is stripped', chunks: [enc('a\r\r\n')], want: [['a\r', 1, 0]] },
    { name: 'a final \\r without newline', chunks: [enc('a\r')], want: [['a', 1, 0]] },
    {
      name: 'empty lines',
      chunks: [enc('\n\nx\n')],
      want: [
        ['', 1, 0],
        ['', 2, 1],
        ['x', 3, 2],
      ],
    },
    {
      name: 'a chunk boundary inside a line',
      chunks: cut(enc('abc\ndef\n'), 2, 6),
      want: [
        ['abc', 1, 0],
        ['def', 2, 4],
      ],
    },
    {
      name: 'a line spanning three chunks',
      chunks: cut(enc('x\nabcdef\ny'), 3, 5, 7),
      want: [
        ['x', 1, 0],
        ['abcdef', 2, 2],
        ['y', 3, 9],
      ],
    },
    {
      name: 'a chunk boundary between \\r and \\n',
      chunks: cut(enc('a\r\nb'), 2),
      want: [
        ['a', 1, 0],
        ['b', 2, 3],
      ],
    },
    {
      // é is C3 A9, € is E2 82 AC: cut inside both.
      name: 'a chunk boundary inside a multi-byte UTF-8 character',
      chunks: cut(enc('é€\nok'), 1, 3),
      want: [
        ['é€', 1, 0],
        ['ok', 2, 6],
      ],
    },
    {
      name: 'offsets are bytes, not characters',
      chunks: [enc('ñ\n日本\nz')],
      want: [
        ['ñ', 1, 0],
        ['日本', 2, 3],
        ['z', 3, 10],
      ],
    },
    {
      name: 'invalid UTF-8 decodes to U+FFFD instead of throwing',
      chunks: [Uint8Array.of(0x61, 0xff, 0x62, 0x0a, 0xc3)],
      want: [
        ['a\ufffdb', 1, 0],
        ['\ufffd', 2, 4],
      ],
    },
    {
      name: 'a BOM is dropped at the start of the file only',
      chunks: [Uint8Array.of(0xef, 0xbb, 0xbf, 0x61, 0x0a, 0xef, 0xbb, 0xbf, 0x62)],
      want: [
        ['a', 1, 0],
        ['\ufeffb', 2, 5],
      ],
    },
  ];
  describe.each(MODES)('%s', (_mode, options) => {
    it.each(cases)('$name', ({ chunks, want }) => {
      expect(run(chunks, options)).toEqual(want);
    });
  });

  it.each(MODES)('gives the same lines whatever the chunk size (%s)', (_mode, options) => {
    const bytes = enc(
      '[ 5645.168000] ceph: mds0 closed our session\r\nJul 20 08:14:38 teuthology kernel: é€日\n\nend',
    );
    const whole = run([bytes], options);
    expect(whole.map((g) => g[0])).toEqual([
      '[ 5645.168000] ceph: mds0 closed our session',
      'Jul 20 08:14:38 teuthology kernel: é€日',
      '',
      'end',
    ]);
    for (const size of [1, 2, 3, 5, 7, 64]) {
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.slice(i, i + size));
      expect(run(chunks, options)).toEqual(whole);
    }
  });

  it('slices the same lines as it decodes line by line, whatever the bytes and the cuts', () => {
    // Bytes that make decoding context-sensitive: multi-byte characters, truncated and stray
    // sequences (each a U+FFFD of its own length), surrogate code points, CR, BOM and blank lines.
    const atoms = [
      [0x61],
      [0x20],
      [0x0a],
      [0x0d],
      [0x0d, 0x0a],
      [0xc3, 0xa9],
      [0xe2, 0x82, 0xac],
      [0xf0, 0x9f, 0x98, 0x80],
      [0xe2, 0x82],
      [0xc3],
      [0x80],
      [0xff],
      [0xed, 0xa0, 0x80],
      [0xef, 0xbb, 0xbf],
    ];
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    for (let round = 0; round < 300; round++) {
      const bytes: number[] = [];
      const length = 1 + rand(120);
      while (bytes.length < length) bytes.push(...(atoms[rand(atoms.length)] ?? []));
      const all = Uint8Array.from(bytes);
      const cuts = [...new Set(Array.from({ length: rand(6) }, () => rand(all.length)))].sort(
        (a, b) => a - b,
      );
      const chunks = cut(all, ...cuts);
      expect(run(chunks, { sharedText: true }), `round ${round}`).toEqual(run(chunks));
    }
  });

  it.each(MODES)('does not keep a reference to a pushed chunk (%s)', (_mode, options) => {
    // Only the straddling line is copied; the caller may reuse its buffer.
    const got: string[] = [];
    const s = new LineSplitter((t) => got.push(t), options);
    const chunk = enc('one\ntw');
    s.push(chunk);
    chunk.fill(0x21);
    s.push(enc('o\n'));
    s.end();
    expect(got).toEqual(['one', 'two']);
  });

  describe('caps a physical line at 1 MiB', () => {
    const long = 'x'.repeat(MAX_LINE_BYTES + 10);
    const text = `a\n${long}\r\nnext\n`;

    it.each(
      MODES.flatMap(([mode, options]) => [
        [`one chunk, ${mode}`, [enc(text)], options] as const,
        [`64 KiB chunks, ${mode}`, chunkEvery(enc(text), 64 * 1024), options] as const,
        [`odd chunks, ${mode}`, chunkEvery(enc(text), 99_991), options] as const,
      ]),
    )('%s', (_name, chunks, options) => {
      const got: [number, number, number, boolean][] = [];
      const s = new LineSplitter(
        (t, line, offset, truncated) => got.push([t.length, line, offset, truncated]),
        options,
      );
      for (const c of chunks) s.push(c);
      s.end();
      expect(got).toEqual([
        [1, 1, 0, false],
        [MAX_LINE_BYTES, 2, 2, true],
        [4, 3, 2 + MAX_LINE_BYTES + 10 + 2, false],
      ]);
    });

    it.each([
      ['small chunks', 1000],
      ['one chunk', 4 * MAX_LINE_BYTES],
    ])('keeps a line of exactly 1 MiB plus \\r whole (%s)', (_name, size) => {
      const exact = 'y'.repeat(MAX_LINE_BYTES);
      for (const [, options] of MODES) {
        const got: [number, number, boolean][] = [];
        const s = new LineSplitter((t, _l, o, truncated) => got.push([t.length, o, truncated]), options);
        for (const c of chunkEvery(enc(`a\n${exact}\r\n${exact}\nz\n`), size)) s.push(c);
        s.end();
        expect(got).toEqual([
          [1, 0, false],
          [MAX_LINE_BYTES, 2, false],
          [MAX_LINE_BYTES, MAX_LINE_BYTES + 4, false],
          [1, 2 * MAX_LINE_BYTES + 5, false],
        ]);
      }
    });

    it('flags a long line as truncated even when a \\r sits right at the cut', () => {
      const text = `${'q'.repeat(MAX_LINE_BYTES)}\r${'q'.repeat(50)}\nz`;
      const got: [number, boolean][] = [];
      const s = new LineSplitter((t, _l, _o, truncated) => got.push([t.length, truncated]));
      for (const c of chunkEvery(enc(text), 4096)) s.push(c);
      s.end();
      expect(got).toEqual([
        [MAX_LINE_BYTES, true],
        [1, false],
      ]);
    });

    it('cuts on a character boundary', () => {
      // 3-byte characters: 1 MiB is not a multiple of 3, so a naive cut would split one.
      const wide = '€'.repeat(MAX_LINE_BYTES / 3 + 5);
      const got: string[] = [];
      const s = new LineSplitter((t) => got.push(t));
      s.push(enc(wide));
      s.end();
      expect(got).toHaveLength(1);
      expect(got[0]).not.toContain('\ufffd');
      expect(new TextEncoder().encode(got[0]).length).toBeLessThanOrEqual(MAX_LINE_BYTES);
    });

    it('counts an over-long final line without newline once', () => {
      const got: number[] = [];
      const s = new LineSplitter((_t, line) => got.push(line));
      for (const c of chunkEvery(enc('z'.repeat(MAX_LINE_BYTES * 2)), 300_000)) s.push(c);
      s.end();
      expect(got).toEqual([1]);
    });
  });
});

function chunkEvery(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

describe('isBlank', () => {
  it.each([
    ['', true],
    ['   ', true],
    ['\t \u00a0\u3000\ufeff', true],
    ['x', false],
    ['  x', false],
    ['\u00a0x', false],
    ['~', false],
  ])('%j → %s', (text, want) => {
    expect(isBlank(text)).toBe(want);
  });
});

describe('isSpaceCode', () => {
  it('is regex `\\s`, code by code', () => {
    for (let c = 0; c <= 0xffff; c++)
      expect(isSpaceCode(c), String(c)).toBe(/\s/.test(String.fromCharCode(c)));
  });
});

describe('hasLineBreak', () => {
  it.each([
    ['plain text', 0, false],
    ['a\rb', 0, true],
    ['a\nb', 0, true],
    ['a\u2028b', 0, true],
    ['a\u2029b', 0, true],
    ['\rafter', 1, false],
    ['tab\tand \u0085 are matched by a regex dot', 0, false],
  ])('%j from %i → %s', (text, from, want) => {
    expect(hasLineBreak(text, from)).toBe(want);
    // The property the parsers rely on: the same answer as a regex `.*$` over the rest.
    expect(!/^.*$/.test(text.slice(from))).toBe(want);
  });
});

describe('ownString', () => {
  it.each(['', 'ceph: mds0 caps stale', 'é€日\ud83d\ude00', 'lone \ud800 surrogate', '"quoted" \\ \u0000'])(
    'copies %j exactly',
    (text) => {
      expect(ownString(`${text}|`.slice(0, text.length))).toBe(text);
    },
  );
});

describe('splitLines', () => {
  it('splits a string like a file', () => {
    expect(splitLines('a\r\nb').map((l) => [l.text, l.line, l.offset])).toEqual([
      ['a', 1, 0],
      ['b', 2, 3],
    ]);
  });
});

describe('matchPrompt', () => {
  it.each([
    ['root@harlan:~# ceph config dump', { host: 'harlan', command: 'ceph config dump' }],
    ['ubuntu@ollama:~$ sudo dmesg', { host: 'ollama', command: 'sudo dmesg' }],
    ['[root@node-a ~]# journalctl -u kubelet', { host: 'node-a', command: 'journalctl -u kubelet' }],
    ['node-a:~ # dmesg', { host: 'node-a', command: 'dmesg' }],
    ['sh-4.4# chroot /host', { command: 'chroot /host' }],
    ['$ dmesg', { command: 'dmesg' }],
    ['# ceph config dump', { command: 'ceph config dump' }],
  ])('%s', (line, want) => {
    expect(matchPrompt(line)).toEqual(want);
  });

  it.each([
    '[ 5645.168000] ceph: mds0 closed our session',
    'Jul 20 08:14:38 teuthology kernel: [3677601.123718] ceph: mds0 closed our session',
    'Jun 15 04:06:20 combo logrotate: ALERT exited abnormally with [1]',
    'I1102 19:28:26.855841    3132 kubelet.go:1777] skipping pod synchronization',
    'mgr          advanced  mgr/dashboard/ssl                                  true       *',
    '$',
    '#',
    'user@host: not a prompt',
  ])('not a prompt: %s', (line) => {
    expect(matchPrompt(line)).toBeNull();
  });
});

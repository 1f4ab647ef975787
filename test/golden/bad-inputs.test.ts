// Issue 9, robustness: every case of the bad-input corpus (test/fixtures/bad/, its README lists them)
// dropped together with the sample incident. Each bad file gets its exact outcome: the format found
// (or why none), its error sentence (or none), lines read/parsed/unparsed and its warnings; and the
// sample beside it is analysed exactly as when dropped alone, cascade included.
// The archive cases already in bundles.test.ts (truncated tar.gz and zip, corrupt data, gzip and zip
// bombs, encrypted zips, entry names that climb out) are not repeated here; the README points there.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parserFor } from '../../parsers/detect.ts';
import { FORMATS } from '../../parsers/formats.ts';
import { LineSplitter } from '../../parsers/lines.ts';
import type { InputFile } from '../../workers/api.ts';
import { analyzeFiles, finishScan, futureStamps, lineFeeder } from '../../workers/engine.ts';
import type { Incident, IncidentSource } from '../../workers/incident.ts';
import { newScan, stamped } from '../../workers/scan.ts';
import { BAD_DIR, badCorpus } from '../support/bad-inputs.ts';
import { gzipOf, sampleTree, truncated, xzOf } from '../support/bundles.ts';

const BAD = BAD_DIR;

const file = (path: string, bytes: BlobPart[]): InputFile => ({ path, blob: new Blob(bytes) });
const fixture = (name: string): InputFile => file(`bad/${name}`, [readFileSync(resolve(BAD, name))]);
const sample = [...sampleTree()].map(([p, b]) => file(p, [b as Uint8Array<ArrayBuffer>]));

/** What a person reads about one source in the Sources panel. */
type Outcome = Pick<IncidentSource, 'format' | 'lines' | 'parsed' | 'unparsed' | 'warnings'> & {
  error?: string;
  detection?: string;
};

function outcomeOf(s: IncidentSource | undefined): Outcome {
  if (!s) throw new Error('the bad file is missing from the sources');
  const { format, lines, parsed, unparsed, warnings, error, detection } = s;
  return {
    format,
    lines,
    parsed,
    unparsed,
    warnings,
    ...(error === undefined ? {} : { error }),
    ...(detection === undefined ? {} : { detection }),
  };
}

const NOT_ALIGNED =
  'No kernel line of this file was found in a wall-clock log of the same host, so its boot-relative ' +
  'times cannot be turned into wall-clock time; its events are left off the timeline.';
const NOT_A_LOG = (what: string) =>
  `This is ${what}, not a log: Cascade reads text logs, archives and compressed files, so it was not read.`;
const formatsTried = FORMATS.filter((f) => !f.needsPathHint).length;

let plain: Incident;
beforeAll(async () => {
  plain = await analyzeFiles(sample);
});

/** The bad file with the sample; the sample's sources, hosts and events are those of the sample alone. */
async function withSample(bad: InputFile): Promise<Incident> {
  const incident = await analyzeFiles([bad, ...sample]);
  const ofSample = <T extends { source?: string; path?: string }>(xs: T[]) =>
    xs.filter((x) => (x.path ?? x.source ?? '').startsWith('sample/'));
  expect(ofSample(incident.sources)).toEqual(plain.sources);
  expect(incident.hosts.filter((h) => plain.hosts.some((p) => p.name === h.name))).toEqual(plain.hosts);
  const strip = (e: Incident['events'][number]) => ({ ...e, episode: undefined });
  expect(ofSample(incident.events).map(strip)).toEqual(plain.events.map(strip));
  // The cascade is still found: every stage the sample shows (its own events are the same, above;
  // a bad file's events may move a stage's first time, which is theirs to do).
  const found = (i: Incident) => i.stages.filter((s) => s.count > 0).map((s) => s.id);
  expect(found(incident)).toEqual(found(plain));
  return incident;
}

const source = (incident: Incident, path: string) => incident.sources.find((s) => s.path === path);
const eventsOf = (incident: Incident, path: string) =>
  incident.events.filter((e) => e.source === path).map((e) => [e.line, e.stage, e.ts, e.text]);

it('the committed corpus is byte for byte what test/support/bad-inputs.ts builds, and the README names every file', () => {
  const built = badCorpus();
  const committed = readdirSync(BAD).filter((n) => n !== 'README.md');
  expect(committed.sort()).toEqual([...built.keys()].sort());
  for (const [name, bytes] of built) expect(readFileSync(resolve(BAD, name)).equals(bytes), name).toBe(true);
  const readme = readFileSync(resolve(BAD, 'README.md'), 'utf8');
  for (const name of committed) expect(readme, name).toContain(`\`${name}\``);
});

it('the sample alone finds the whole cascade (the reference of every case)', () => {
  expect(plain.sources).toHaveLength(10);
  expect(plain.stages.every((s) => s.count > 0)).toBe(true);
});

describe('committed cases (test/fixtures/bad/)', () => {
  const cases: [name: string, outcome: Outcome][] = [
    [
      'empty.txt',
      {
        format: 'unrecognised',
        lines: 0,
        parsed: 0,
        unparsed: 0,
        warnings: [],
        error: 'Unrecognised format: empty file',
        detection: 'empty file',
      },
    ],
    [
      'image.png',
      {
        format: 'unrecognised',
        lines: 0,
        parsed: 0,
        unparsed: 0,
        warnings: [],
        error: NOT_A_LOG('a PNG image'),
      },
    ],
    [
      'program.elf',
      {
        format: 'unrecognised',
        lines: 0,
        parsed: 0,
        unparsed: 0,
        warnings: [],
        error: NOT_A_LOG('an ELF executable'),
      },
    ],
    [
      'random.bin',
      {
        format: 'unrecognised',
        lines: 0,
        parsed: 0,
        unparsed: 0,
        warnings: [],
        error:
          'Not read as a log: binary data: 55% of the first 64 KiB are control or undecodable characters.',
        detection: 'binary data: 55% of the first 64 KiB are control or undecodable characters',
      },
    ],
    [
      'dmesg-nul-bytes.txt',
      {
        format: 'dmesg',
        lines: 6,
        parsed: 6,
        unparsed: 0,
        warnings: [
          '1 line(s) began with NUL bytes (the file was cut or rewritten while it was written?); the NUL bytes were skipped and the text after them read.',
          NOT_ALIGNED,
        ],
        detection: 'dmesg: 6 of 6 lines matched (100%) in the first 6 lines',
      },
    ],
    [
      'dmesg-invalid-utf8.txt',
      {
        format: 'dmesg',
        lines: 6,
        parsed: 6,
        unparsed: 0,
        warnings: [NOT_ALIGNED],
        detection: 'dmesg: 6 of 6 lines matched (100%) in the first 6 lines',
      },
    ],
    [
      'journal-utf16le.txt',
      {
        format: 'unrecognised',
        lines: 0,
        parsed: 0,
        unparsed: 0,
        warnings: [],
        error:
          'This is UTF-16 text (little-endian, with a byte order mark), which Cascade cannot open: convert it to ' +
          'UTF-8 with `iconv -f UTF-16 -t UTF-8 <file> > <file>.utf8` and drop the result.',
      },
    ],
    [
      'journal-utf16be.txt',
      {
        format: 'unrecognised',
        lines: 0,
        parsed: 0,
        unparsed: 0,
        warnings: [],
        error:
          'This is UTF-16 text (big-endian, with a byte order mark), which Cascade cannot open: convert it to ' +
          'UTF-8 with `iconv -f UTF-16 -t UTF-8 <file> > <file>.utf8` and drop the result.',
      },
    ],
    [
      'dmesg-crlf.txt',
      {
        format: 'dmesg',
        lines: 6,
        parsed: 6,
        unparsed: 0,
        warnings: [NOT_ALIGNED],
        detection: 'dmesg: 6 of 6 lines matched (100%) in the first 6 lines',
      },
    ],
    [
      'dmesg-cr.txt',
      {
        format: 'unrecognised',
        lines: 1,
        parsed: 0,
        unparsed: 1,
        warnings: [],
        error:
          'Unrecognised format: lines end with a lone CR (carriage return): the first 64 KiB hold 6 CR not ' +
          "followed by LF and 0 LF, and lines are split at LF; convert it with `tr '\\r' '\\n' < <file> > " +
          '<file>.txt` and drop the result',
        detection:
          'lines end with a lone CR (carriage return): the first 64 KiB hold 6 CR not followed by LF and 0 LF, ' +
          "and lines are split at LF; convert it with `tr '\\r' '\\n' < <file> > <file>.txt` and drop the result",
      },
    ],
    [
      'journal-out-of-order.txt',
      {
        format: 'journal-short',
        lines: 6,
        parsed: 6,
        unparsed: 0,
        warnings: [
          'The stamps go back by over a second 2 time(s), first at line 3 (lines merged out of order, a clock ' +
            'stepped back, or a summer-time change): the file is not in time order, and each line is placed by its own stamp.',
        ],
        detection: 'journal-short: 6 of 6 lines matched (100%) in the first 6 lines',
      },
    ],
    [
      'journal-future.txt',
      {
        format: 'journal-short-iso',
        lines: 3,
        parsed: 3,
        unparsed: 0,
        warnings: [
          "Its last stamp, 2099-11-12T10:14:04.000000Z, is later than the time of this analysis: the host's clock " +
            'was probably set wrong, so these lines sit apart from the others (an episode of their own, if they hold events).',
        ],
        detection: 'journal-short-iso: 3 of 3 lines matched (100%) in the first 3 lines',
      },
    ],
    [
      'journal-export-binary.export',
      {
        format: 'journal-export',
        lines: 30,
        parsed: 30,
        unparsed: 0,
        warnings: [],
        detection: 'journal-export: 30 of 30 lines matched (100%) in the first 30 lines',
      },
    ],
  ];

  const results = new Map<string, Incident>();
  it.each(cases)('%s', async (name, outcome) => {
    const incident = await withSample(fixture(name));
    results.set(name, incident);
    expect(outcomeOf(source(incident, `bad/${name}`))).toEqual(outcome);
  });

  // A dmesg of an unknown host has no wall clock, so its events are not on the timeline: what the
  // scan made of its lines is read from the engine's own line feeder instead.
  const scanOf = (name: string) => {
    const scan = newScan(`bad/${name}`, 'dmesg', 0);
    const parser = parserFor('dmesg');
    const feeder = lineFeeder(scan, parser);
    feeder.push(new Uint8Array(readFileSync(resolve(BAD, name))));
    feeder.end();
    finishScan(scan, parser);
    return scan;
  };

  it('NUL bytes: the line after a NUL run and the line with a NUL inside are read as dmesg', () => {
    const scan = scanOf('dmesg-nul-bytes.txt');
    expect([scan.lines, scan.parsed, scan.stampedRecords]).toEqual([6, 6, 6]);
    // Line 3 begins with 512 NUL bytes, line 5 has one in its address: both are stamped records, and
    // line 5 is still the event it says, its text keeping the NUL as read.
    expect(scan.events.map((e) => [e.line, e.ruleId, e.mono, e.text])).toEqual([
      [
        5,
        'libceph-mon-session-established',
        20.289921,
        '[   20.289921] libceph: mon0 10.99.10\u0000.1:6789 session established',
      ],
    ]);
  });

  it('invalid UTF-8 and CRLF: the lines LF-ended UTF-8 gives, each bad byte a U+FFFD', () => {
    for (const name of ['dmesg-invalid-utf8.txt', 'dmesg-crlf.txt']) {
      const scan = scanOf(name);
      expect([scan.lines, scan.parsed, scan.stampedRecords], name).toEqual([6, 6, 6]);
      expect(
        scan.events.map((e) => [e.line, e.text]),
        name,
      ).toEqual([[5, '[   20.289921] libceph: mon0 10.99.10.1:6789 session established']]);
    }
    const lines: string[] = [];
    const splitter = new LineSplitter((t) => lines.push(t));
    splitter.push(new Uint8Array(readFileSync(resolve(BAD, 'dmesg-invalid-utf8.txt'))));
    splitter.end();
    expect(lines.slice(1, 4)).toEqual([
      '[   20.260119] libceph: loaded \ufffd (mon/osd proto 15/24)',
      "[   20.267932] FS-Cache: Netfs '\ufffdceph' registered for caching",
      '[   20.267936] ceph: loaded \ufffd\ufffd (mds proto 32)',
    ]);
  });

  it('stamps out of order: the events are placed by their own stamps and sorted', async () => {
    const incident =
      results.get('journal-out-of-order.txt') ?? (await withSample(fixture('journal-out-of-order.txt')));
    expect(eventsOf(incident, 'bad/journal-out-of-order.txt')).toEqual([
      [
        5,
        'mon-session-lost',
        '2019-11-12T10:13:58.000000Z',
        'Nov 12 10:13:58 oddnode kernel: libceph: mon0 10.99.10.1:6789 session lost, hunting for new mon',
      ],
      [
        3,
        'connection-reset',
        '2019-11-12T10:14:03.000000Z',
        'Nov 12 10:14:03 oddnode kernel: libceph: mon0 10.99.10.1:6789 socket closed (con state OPEN)',
      ],
    ]);
    const ts = incident.events.map((e) => e.ts ?? '');
    expect(ts.filter((t) => t !== '')).toEqual(ts.filter((t) => t !== '').sort());
  });

  it('stamps in 2099: an episode of their own, apart from the sample’s', async () => {
    const incident = results.get('journal-future.txt') ?? (await withSample(fixture('journal-future.txt')));
    expect(incident.episodes).toHaveLength(2);
    const future = incident.events.filter((e) => e.source === 'bad/journal-future.txt');
    expect(future.map((e) => e.ts)).toEqual(['2099-11-12T10:14:03.000000Z', '2099-11-12T10:14:03.000000Z']);
    expect(new Set(future.map((e) => e.episode)).size).toBe(1);
    expect(
      incident.events.filter((e) => e.source.startsWith('sample/') && e.episode === future[0]?.episode),
    ).toEqual([]);
  });

  it('a binary export field: the entries around it keep their own fields, the binary one its text', async () => {
    const incident =
      results.get('journal-export-binary.export') ??
      (await withSample(fixture('journal-export-binary.export')));
    expect(source(incident, 'bad/journal-export-binary.export')?.host).toBe('exportnode');
    expect(eventsOf(incident, 'bad/journal-export-binary.export')).toEqual([
      [
        1,
        'connection-reset',
        '2019-11-12T10:14:03.000000Z',
        'libceph: mon0 10.99.10.1:6789 socket closed (con state OPEN)',
      ],
      [
        10,
        'mon-session-lost',
        '2019-11-12T10:14:03.500000Z',
        `libceph: mon0 10.99.10.1:6789 session lost, hunting for new mon\n\ufffdsecond line of a binary value ${'.'.repeat(171)}`,
      ],
      [22, 'mds-hung', '2019-11-12T10:14:04.000000Z', 'ceph: mds0 hung'],
    ]);
  });
});

describe('generated cases (too big to commit)', () => {
  const MiB = 1024 * 1024;

  it('a 100 MB single line: read from its first 1 MiB, and the warning says so', {
    timeout: 120_000,
  }, async () => {
    const bad = file('bad/dmesg-100mb-line.txt', [
      '[    1.000000] ',
      new Uint8Array(100 * MiB).fill(0x78),
      '\n',
    ]);
    const incident = await withSample(bad);
    expect(outcomeOf(source(incident, 'bad/dmesg-100mb-line.txt'))).toEqual({
      format: 'dmesg',
      lines: 1,
      parsed: 1,
      unparsed: 0,
      warnings: [NOT_ALIGNED, '1 line(s) longer than 1 MiB were read from their first 1 MiB only.'],
      detection: 'dmesg: 1 of 1 lines matched (100%) in the first 1 lines',
    });
  });

  it('10 million one-character lines: unrecognised, and every line counted', {
    timeout: 120_000,
  }, async () => {
    const bad = file('bad/ten-million-lines.txt', [new TextEncoder().encode('x\n'.repeat(10_000_000))]);
    const incident = await withSample(bad);
    const reason = `no known format: none of the ${formatsTried} formats tried matched any of the first 200 lines`;
    expect(outcomeOf(source(incident, 'bad/ten-million-lines.txt'))).toEqual({
      format: 'unrecognised',
      lines: 10_000_000,
      parsed: 0,
      unparsed: 10_000_000,
      warnings: [],
      error: `Unrecognised format: ${reason}`,
      detection: reason,
    });
  });

  // Single compressed files cut short (the truncated tar.gz and zip are in bundles.test.ts).
  // k8s-worker-1's journal under another host name, so that it does not join the sample's host.
  const text = new TextDecoder().decode(sampleTree().get('sample/k8s-worker-1/journal.log'));
  const journal = new TextEncoder().encode(text.replaceAll('k8s-worker-1', 'cut-node'));
  const journalLines = text.split('\n').length - 1;
  it.each([
    ['gzip', 'journal.log.gz', () => gzipOf(journal)],
    ['xz', 'journal.log.xz', () => xzOf(journal)],
  ])(
    'a truncated %s file keeps the lines before the cut and says where it ends',
    async (kind, name, build) => {
      const incident = await withSample(file(`bad/${name}`, [truncated(build()) as Uint8Array<ArrayBuffer>]));
      const s = source(incident, `bad/${name}`);
      expect(s?.format).toBe('journal-short');
      expect(s?.error).toBe(
        `The ${kind} data ends early: the file is truncated; the ${s?.lines} lines before that point were read.`,
      );
      expect(s?.lines).toBeGreaterThan(journalLines / 4);
      expect(s?.lines).toBeLessThan(journalLines);
      expect((s?.parsed ?? 0) + (s?.unparsed ?? 0)).toBe(s?.lines);
    },
  );
});

describe('futureStamps', () => {
  it('flags a source whose last stamp is over a day past the time of the analysis, and no other', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const src = (last: string | null) => ({ path: last ?? 'none', last, warnings: [] as string[] });
    const sources = [src('2026-01-02T00:00:00.000000Z'), src('2026-01-02T00:00:00.001000Z'), src(null)];
    futureStamps({ sources } as unknown as Incident, now);
    expect(sources.map((s) => s.warnings.length)).toEqual([0, 1, 0]);
    expect(sources[1]?.warnings[0]).toMatch(/^Its last stamp, 2026-01-02T00:00:00\.001000Z, is later than/);
  });
});

describe('stamps going back', () => {
  const civil = (year: number | undefined, month: number, day: number, second: number) => ({
    ...(year === undefined ? {} : { year }),
    month,
    day,
    hour: 10,
    minute: 0,
    second,
    micros: 0,
  });
  const backSteps = (stamps: Parameters<typeof stamped>[1][]) => {
    const scan = newScan('x', 'journal-short', 0);
    stamps.forEach((st, i) => {
      stamped(scan, { ...st, line: i + 1 }, '');
    });
    return [scan.track.backSteps ?? 0, scan.track.firstBackLine];
  };

  it('counts a step back of over a second, and not a second or less, a new year or a reboot', () => {
    expect(
      backSteps([{ civil: civil(undefined, 11, 12, 5) }, { civil: civil(undefined, 11, 12, 4) }]),
    ).toEqual([0, undefined]);
    expect(
      backSteps([
        { civil: civil(undefined, 11, 12, 5) },
        { civil: civil(undefined, 11, 12, 3) },
        { civil: civil(undefined, 11, 12, 9) },
        { civil: civil(undefined, 11, 12, 1) },
      ]),
    ).toEqual([2, 2]);
    // Dec 31 → Jan 1: year-less (a rollover) or dated (the year went up) is time going on.
    expect(backSteps([{ civil: civil(undefined, 12, 31, 0) }, { civil: civil(undefined, 1, 1, 0) }])).toEqual(
      [0, undefined],
    );
    expect(backSteps([{ civil: civil(2019, 12, 31, 0) }, { civil: civil(2020, 1, 1, 0) }])).toEqual([
      0,
      undefined,
    ]);
    expect(backSteps([{ civil: civil(2020, 1, 1, 0) }, { civil: civil(2019, 12, 31, 0) }])).toEqual([1, 2]);
    expect(backSteps([{ epochMs: 5000 }, { epochMs: 4000 }, { epochMs: 2999 }])).toEqual([1, 3]);
    expect(backSteps([{ mono: 500 }, { mono: 1 }])).toEqual([0, undefined]);
  });
});

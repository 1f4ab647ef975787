import { describe, expect, it } from 'vitest';
import { parserFor } from '../parsers/formats.ts';
import type { KnownFormat } from '../parsers/types.ts';
import { Rng } from '../test/support/rng.ts';
import { toIso } from './clock.ts';
import { newScan, type SourceScan, scanFinished, scanLine } from './scan.ts';
import { medianOfCounts, type TimingOptions, timeSources } from './timing.ts';

/** A source scanned the way the engine scans it, line by line through the format's parser. */
function scanText(
  path: string,
  format: KnownFormat,
  lines: readonly string[],
  lastModified?: number,
): SourceScan {
  const scan = newScan(path, format, lines.join('\n').length, lastModified);
  const parser = parserFor(format);
  for (const [i, text] of lines.entries()) scanLine(scan, parser.parseLine(text, i + 1, 0), text, i + 1);
  if (parser.finish) scanFinished(scan, parser.finish());
  return scan;
}

/** Times every source, all on one host, and returns a lookup of an event's ISO time by its text. */
function timeAll(scans: SourceScan[], opts: TimingOptions = {}) {
  const timings = timeSources(scans, new Map(scans.map((s) => [s, 'node-a'])), opts);
  const timeOfEvent = (scan: SourceScan, text: string) => {
    const ev = scan.events.find((e) => e.text.includes(text));
    expect(ev, text).toBeDefined();
    return toIso(timings.get(scan)?.timeOf(ev as NonNullable<typeof ev>) ?? null);
  };
  return { timings, timeOfEvent, clock: (s: SourceScan) => timings.get(s)?.clock };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A journal short stamp (UTC) of an epoch second. */
function short(epochS: number): string {
  const d = new Date(Math.floor(epochS) * 1000);
  return `${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function dmesgLine(mono: number, msg: string): string {
  return `[${mono.toFixed(6).padStart(12, ' ')}] ${msg}`;
}

// ---------------------------------------------------------------------------------------------
// Boots

describe('a reboot inside one dmesg, two boots in the journal', () => {
  const bootA = Date.UTC(2023, 10, 12, 8, 0, 0) / 1000 + 0.25;
  const bootB = Date.UTC(2023, 10, 13, 9, 30, 0) / 1000 + 0.625;
  const idA = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
  const idB = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
  // Boot lines repeat in both boots (at nearly the same kernel time); the rest is unique to a boot.
  const common: [number, string][] = [
    [0, 'Linux version 5.15.0-91-generic (buildd@lcy02) #101-Ubuntu SMP'],
    [0.5, 'Command line: BOOT_IMAGE=/vmlinuz root=/dev/sda1'],
    [1.25, 'smpboot: CPU0: Intel Xeon Processor (Cascadelake)'],
    [2.5, 'EXT4-fs (sda1): mounted filesystem with ordered data mode'],
  ];
  // Veth churn at kernel times whose fractions spread over the second, so the fit is tight.
  const churn = (from: number, n: number, tag: string) =>
    Array.from({ length: n }, (_, i): [number, string] => [
      from + i * 37.137,
      `cni0: port ${i + 1}(veth${tag}${i}) entered forwarding state`,
    ]);
  const onlyA: [number, string][] = [
    [120.5, 'FS-Cache: Netfs ceph registered for caching'],
    ...churn(300, 12, 'a'),
    [5000.123456, 'ceph: mds0 closed our session'],
  ];
  const onlyB: [number, string][] = [...churn(95, 10, 'b'), [700.875, 'ceph: mds0 reconnect denied']];
  const linesA = [...common, ...onlyA];
  const linesB = [...common.map(([m, t]): [number, string] => [m + 0.3, t]), ...onlyB];
  const dmesg = [...linesA, ...linesB].map(([m, t]) => dmesgLine(m, t));
  // The journal copies: received 0-30 ms late, printed to the second.
  const copies = (boot: number, lines: [number, string][]) =>
    lines.map(([m, t], i) => `${short(boot + m + (i % 4) * 0.01)} node-a kernel: ${t}`);
  const header = '-- Logs begin at Sun 2023-11-12 08:00:00 UTC, end at Mon 2023-11-13 10:00:00 UTC. --';

  it.each([
    // journalctl prints the marker before the boot it names.
    [
      'journalctl order',
      [header, ...copies(bootA, linesA), `-- Boot ${idB} --`, ...copies(bootB, linesB)],
      [undefined, idB],
    ],
    // sos ≥ 4 (reversed twice): the marker follows its boot, and the header ends the file.
    [
      'sos ≥ 4 order',
      [...copies(bootA, linesA), `-- Boot ${idA} --`, ...copies(bootB, linesB), header],
      [idA, undefined],
    ],
  ])('fits each boot apart (%s)', (_, journalLines, bootIds) => {
    const d = scanText('node-a/dmesg', 'dmesg', dmesg);
    const j = scanText('node-a/journal', 'journal-short', journalLines);
    const { timeOfEvent, clock } = timeAll([d, j]);
    const c = clock(d);
    expect(c?.boots?.map((b) => [b.firstLine, b.lastLine, b.aligned])).toEqual([
      [1, linesA.length, true],
      [linesA.length + 1, dmesg.length, true],
    ]);
    expect(c?.boots?.map((b) => b.bootId)).toEqual(bootIds);
    expect(Math.abs((c?.boots?.[0]?.offsetSeconds ?? 0) - bootA)).toBeLessThan(0.05);
    expect(Math.abs((c?.boots?.[1]?.offsetSeconds ?? 0) - bootB)).toBeLessThan(0.05);
    expect(c?.method).toMatch(
      new RegExp(`^2 boots \\(reboot at line ${linesA.length + 1}\\), each fitted apart`),
    );
    const a = Date.parse(timeOfEvent(d, 'closed our session') as string) / 1000;
    const b = Date.parse(timeOfEvent(d, 'reconnect denied') as string) / 1000;
    expect(Math.abs(a - (bootA + 5000.123456))).toBeLessThan(0.05);
    expect(Math.abs(b - (bootB + 700.875))).toBeLessThan(0.05);
  });

  it('pairs each boot with the journal JSON boot whose entries carry the same printk times', () => {
    const entry =
      (boot: number, id: string) =>
      ([m, t]: [number, string], i: number) =>
        JSON.stringify({
          __REALTIME_TIMESTAMP: String(Math.round((boot + m + 0.003 + (i % 3) * 0.001) * 1e6)),
          _BOOT_ID: id,
          _SOURCE_MONOTONIC_TIMESTAMP: String(Math.round(m * 1e6)),
          _TRANSPORT: 'kernel',
          MESSAGE: t,
          _HOSTNAME: 'node-a',
        });
    // Only some lines reached the journal, and boot B's come first in the file.
    const json = [...linesB.slice(2).map(entry(bootB, idB)), ...linesA.slice(3).map(entry(bootA, idA))];
    const d = scanText('node-a/dmesg', 'dmesg', dmesg);
    const j = scanText('node-a/journal.json', 'journal-json', json);
    const { clock } = timeAll([d, j]);
    const boots = clock(d)?.boots ?? [];
    expect(boots.map((b) => b.bootId)).toEqual([idA, idB]);
    expect(Math.abs((boots[0]?.offsetSeconds ?? 0) - bootA)).toBeLessThan(0.005);
    expect(Math.abs((boots[1]?.offsetSeconds ?? 0) - bootB)).toBeLessThan(0.005);
    expect(boots[0]?.method).toMatch(/by their printk time; µs resolution/);
  });

  it('leaves a boot that no wall log covers off the timeline, and says so', () => {
    const d = scanText('node-a/dmesg', 'dmesg', dmesg);
    const j = scanText('node-a/journal', 'journal-short', [header, ...copies(bootB, linesB)]);
    const { timeOfEvent, clock } = timeAll([d, j]);
    expect(clock(d)?.boots?.map((b) => b.aligned)).toEqual([false, true]);
    expect(timeOfEvent(d, 'closed our session')).toBeNull();
    expect(timeOfEvent(d, 'reconnect denied')).not.toBeNull();
    expect(d.warnings.join('\n')).toContain(`Boot 1 of 2 (lines 1–${linesA.length})`);
  });
});

describe('anchors other than journal short copies', () => {
  const boot = Date.UTC(2024, 10, 12, 6, 0, 0) / 1000 + 0.4;
  const lines: [number, string][] = [
    [1.5, 'smpboot: CPU0: Intel Xeon Processor (Cascadelake)'],
    [250.125, 'FS-Cache: Netfs ceph registered for caching'],
    [3000.5, 'ceph: mds0 closed our session'],
    [3001.25, 'ceph: mds0 reconnect denied'],
  ];
  const dmesg = () =>
    scanText(
      'node-a/dmesg',
      'dmesg',
      lines.map(([m, t]) => dmesgLine(m, t)),
    );
  const ctime = (suspendS: number) =>
    lines.map(([m, t]) => {
      const d = new Date(Math.floor(boot + suspendS + m) * 1000);
      const wd = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
      const day = String(d.getUTCDate()).padStart(2, ' ');
      return `[${wd} ${MONTHS[d.getUTCMonth()]} ${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} 2024] ${t}`;
    });
  const json = lines.map(([m, t], i) => {
    const real = Math.round((boot + m + 0.002 + i * 0.001) * 1e6);
    return JSON.stringify({
      __REALTIME_TIMESTAMP: String(real),
      _BOOT_ID: 'cccccccccccccccccccccccccccccccc',
      _SOURCE_MONOTONIC_TIMESTAMP: String(Math.round(m * 1e6)),
      _TRANSPORT: 'kernel',
      SYSLOG_IDENTIFIER: 'kernel',
      MESSAGE: t,
      _HOSTNAME: 'node-a',
    });
  });

  it.each([
    [
      'journal JSON kernel entries (printk time beside the receive time)',
      () => [scanText('node-a/journal.json', 'journal-json', json)],
      /kernel lines matched in the journal \(4 anchors .*: 4 by their printk time; µs resolution/,
      0.01,
    ],
    [
      'dmesg -T copies when nothing better exists',
      () => [scanText('node-a/dmesg_-T', 'dmesg-ctime', ctime(0))],
      /^approximate: kernel lines matched in dmesg -T copies/,
      0.5,
    ],
    [
      'journal JSON preferred to a dmesg -T copy shifted by a suspend',
      () => [
        scanText('node-a/dmesg_-T', 'dmesg-ctime', ctime(600)),
        scanText('node-a/journal.json', 'journal-json', json),
      ],
      /^kernel lines matched in the journal/,
      0.01,
    ],
  ])('%s', (_, wall, method, tolerance) => {
    const d = dmesg();
    const walls = wall();
    for (const w of walls)
      w.facts.push({ line: 1, fact: { kind: 'time-zone', name: 'UTC', offsetMinutes: 0 } });
    const { clock, timeOfEvent } = timeAll([d, ...walls]);
    expect(clock(d)?.method).toMatch(method);
    const t = Date.parse(timeOfEvent(d, 'closed our session') as string) / 1000;
    expect(Math.abs(t - (boot + 3000.5))).toBeLessThan(tolerance);
  });

  it('falls back to the collection time minus uptime for the running boot, labelled approximate', () => {
    const d = dmesg();
    const date = scanText('node-a/date', 'host-date', ['Tue Nov 12 07:00:00 UTC 2024']);
    const collected = Date.UTC(2024, 10, 12, 7, 0, 0) / 1000;
    const uptime = scanText('node-a/proc/uptime', 'host-uptime', [`${(collected - boot).toFixed(2)} 100.00`]);
    const { clock, timeOfEvent } = timeAll([d, date, uptime]);
    expect(clock(d)?.method).toMatch(/^approximate: collection time \(node-a\/date\) minus uptime/);
    expect(clock(d)?.anchors).toBe(1);
    const t = Date.parse(timeOfEvent(d, 'closed our session') as string) / 1000;
    expect(Math.abs(t - (boot + 3000.5))).toBeLessThan(2);
  });
});

// ---------------------------------------------------------------------------------------------
// Years

describe('a New Year rollover in a journal short file, the year known only at the end', () => {
  const journal = [
    'Dec 31 23:59:58 node-a kernel: ceph: mds0 closed our session',
    'Dec 31 23:59:59 node-a kernel: ceph: mds0 reconnect start',
    'Jan 01 00:00:01 node-a kernel: ceph: mds0 reconnect denied',
  ];
  const utc = { line: 1, fact: { kind: 'time-zone' as const, name: 'UTC', offsetMinutes: 0 } };

  it.each([
    [
      'the collection time (date)',
      () => [scanText('node-a/date', 'host-date', ['Thu Jan  2 10:00:00 UTC 2020'])],
      undefined,
    ],
    ['the file modification time', () => [], Date.UTC(2020, 0, 3, 8, 0, 0)],
    [
      'a dated log of the host',
      () => [
        scanText('node-a/iso', 'journal-short-iso', [
          '2020-01-01T00:05:00+0000 node-a systemd[1]: Started Session 1.',
        ]),
      ],
      undefined,
    ],
  ])('from %s', (_, others, mtime) => {
    const j = scanText('node-a/journal', 'journal-short', journal, mtime);
    j.facts.push(utc);
    const { timeOfEvent, clock } = timeAll([j, ...others()]);
    expect(timeOfEvent(j, 'closed our session')).toBe('2019-12-31T23:59:58.000000Z');
    expect(timeOfEvent(j, 'reconnect start')).toBe('2019-12-31T23:59:59.000000Z');
    expect(timeOfEvent(j, 'reconnect denied')).toBe('2020-01-01T00:00:01.000000Z');
    expect(clock(j)?.year).toBe(2020);
    expect(clock(j)?.yearSource).toMatch(/1 new year\(s\) inside the file/);
    expect(clock(j)?.ambiguousYearLines).toBeUndefined();
  });

  it('counts the new year from a header at the start of the file', () => {
    const header = '-- Logs begin at Tue 2019-12-31 20:00:00 UTC, end at Wed 2020-01-01 00:10:00 UTC. --';
    const j = scanText('node-a/journal', 'journal-short', [header, ...journal]);
    const { timeOfEvent } = timeAll([j]);
    expect(timeOfEvent(j, 'closed our session')).toBe('2019-12-31T23:59:58.000000Z');
    expect(timeOfEvent(j, 'reconnect denied')).toBe('2020-01-01T00:00:01.000000Z');
  });

  it.each([
    ['no year reference at all', journal, undefined, 3, /No year is known for this file/],
    [
      'Feb 29 in a year that has none',
      [
        'Feb 28 23:59:59 node-a kernel: ceph: mds0 closed our session',
        'Feb 29 00:00:01 node-a kernel: ceph: mds0 reconnect denied',
      ],
      Date.UTC(2023, 2, 2),
      1,
      /Line\(s\) 2 say Feb 29, but the year inferred for them is not a leap year/,
    ],
  ])('flags lines whose year stays ambiguous: %s', (_, lines, mtime, count, warning) => {
    const j = scanText('node-a/journal', 'journal-short', lines, mtime);
    j.facts.push(utc);
    const { timeOfEvent, clock } = timeAll([j]);
    expect(clock(j)?.ambiguousYearLines).toBe(count);
    expect(j.warnings.join('\n')).toMatch(warning);
    expect(timeOfEvent(j, 'reconnect denied')).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// Zones

describe('zones of naive stamps', () => {
  const spring = [
    'Mar 25 12:00:00 node-a kernel: ceph: mds0 closed our session',
    'Mar 26 12:00:00 node-a kernel: ceph: mds0 reconnect denied',
  ];
  const date = () => scanText('node-a/date', 'host-date', ['Mon Nov  6 10:00:00 UTC 2023']);

  it.each<[string, TimingOptions, string[]]>([
    ['set for the file', { timeZones: { 'node-a/journal': 'Europe/Berlin' } }, []],
    ['given as the default', { defaultTimeZone: 'Europe/Berlin' }, []],
    ['named by timedatectl', {}, ['       Time zone: Europe/Berlin (CET, +0100)']],
  ])('an IANA zone follows the DST change (%s)', (_, opts, timedatectl) => {
    const j = scanText('node-a/journal', 'journal-short', spring);
    // `date` gives the year only here: its zone would otherwise be the bundle's word on the zone.
    const dt = date();
    dt.facts = dt.facts.filter((f) => f.fact.kind === 'clock-reading');
    const tdc = scanText('node-a/timedatectl', 'host-timedatectl', timedatectl);
    const { timeOfEvent, clock } = timeAll([j, dt, tdc], opts);
    expect(timeOfEvent(j, 'closed our session')).toBe('2023-03-25T11:00:00.000000Z');
    expect(timeOfEvent(j, 'reconnect denied')).toBe('2023-03-26T10:00:00.000000Z');
    expect(clock(j)?.zone).toBe('Europe/Berlin');
    expect(clock(j)?.zoneAssumed).toBe(false);
  });

  it('reads the repeated hour of the fall-back change at its second pass once the clock went back', () => {
    const j = scanText('node-a/journal', 'journal-short', [
      'Oct 29 02:30:00 node-a kernel: ceph: mds0 closed our session',
      'Oct 29 02:50:00 node-a kernel: ceph: mds0 reconnect start',
      'Oct 29 02:10:00 node-a kernel: ceph: mds0 reconnect denied',
      'Oct 29 02:40:00 node-a kernel: ceph: mds0 rejected session',
      'Oct 29 03:10:00 node-a kernel: ceph: mds0 caps stale',
    ]);
    const { timeOfEvent } = timeAll([j, date()], { timeZones: { 'node-a/journal': 'Europe/Berlin' } });
    expect(timeOfEvent(j, 'closed our session')).toBe('2023-10-29T00:30:00.000000Z');
    expect(timeOfEvent(j, 'reconnect start')).toBe('2023-10-29T00:50:00.000000Z');
    expect(timeOfEvent(j, 'reconnect denied')).toBe('2023-10-29T01:10:00.000000Z');
    expect(timeOfEvent(j, 'rejected session')).toBe('2023-10-29T01:40:00.000000Z');
    expect(timeOfEvent(j, 'caps stale')).toBe('2023-10-29T02:10:00.000000Z');
    expect(j.warnings.join('\n')).toMatch(/4 event line\(s\) fall in the hour that Europe\/Berlin repeats/);
  });

  it.each<[string, TimingOptions, string, boolean, RegExp]>([
    ['nothing known: UTC, assumed and said', {}, '2023-03-25T12:00:00.000000Z', true, /UTC is assumed/],
    [
      '--tz fills the unknown zone',
      { defaultTimeZone: '+08:00' },
      '2023-03-25T04:00:00.000000Z',
      false,
      /^$/,
    ],
    [
      'a zone set for the file wins over the bundle',
      { timeZones: { 'node-a/journal': '-05:00' }, defaultTimeZone: '+08:00' },
      '2023-03-25T17:00:00.000000Z',
      false,
      /^$/,
    ],
    [
      'a bad zone for the file is said and not used',
      { timeZones: { 'node-a/journal': 'CST' } },
      '2023-03-25T12:00:00.000000Z',
      true,
      /zone given for this file was not used: "CST" is an abbreviation/,
    ],
  ])('%s', (_, opts, iso, assumed, warning) => {
    const j = scanText('node-a/journal', 'journal-short', spring, Date.UTC(2023, 10, 1));
    const { timeOfEvent, clock } = timeAll([j], opts);
    expect(timeOfEvent(j, 'closed our session')).toBe(iso);
    expect(clock(j)?.zoneAssumed).toBe(assumed);
    expect(j.warnings.filter((w) => /zone/.test(w)).join('\n')).toMatch(warning);
  });
});

describe('medianOfCounts', () => {
  it('is the median of the values counted, as sorting them all would give', () => {
    const r = new Rng(17);
    for (let t = 0; t < 300; t++) {
      const values = Array.from(
        { length: r.int(1, 40) },
        () => r.int(-5, 5) * 900 + (r.chance(0.2) ? r.int(-3, 3) : 0),
      );
      const counts = new Map<number, number>();
      for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
      const sorted = [...values].sort((a, b) => a - b);
      expect(medianOfCounts(counts), JSON.stringify(values)).toBe(sorted[Math.floor(sorted.length / 2)]);
    }
    expect(medianOfCounts(new Map())).toBeNaN();
  });
});

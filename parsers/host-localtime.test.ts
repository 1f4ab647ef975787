import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLocaltimeParser, ianaFor, parsePosixTz } from './host-localtime.ts';

describe('POSIX TZ footers', () => {
  it.each([
    ['CST-8', { std: 'CST', stdMinutes: 480 }],
    ['UTC0', { std: 'UTC', stdMinutes: -0 }],
    ['<+0530>-5:30', { std: '+0530', stdMinutes: 330 }],
    ['CET-1CEST,M3.5.0,M10.5.0/3', { std: 'CET', stdMinutes: 60, dst: 'CEST', dstMinutes: 120 }],
    ['EST5EDT,M3.2.0,M11.1.0', { std: 'EST', stdMinutes: -300, dst: 'EDT', dstMinutes: -240 }],
    ['AEST-10AEDT,M10.1.0,M4.1.0/3', { std: 'AEST', stdMinutes: 600, dst: 'AEDT', dstMinutes: 660 }],
  ])('%s', (text, want) => {
    expect(parsePosixTz(text)).toEqual(want);
  });

  it.each(['', 'hello world', 'CST-99', '[ 5645.168000] ceph: mds0 closed our session'])(
    'refuses %j',
    (text) => {
      expect(parsePosixTz(text)).toBeNull();
    },
  );
});

describe('an IANA zone that keeps the rule', () => {
  it('finds a zone with the same winter and summer offsets, north and south', () => {
    const berlinLike = ianaFor({ std: 'CET', stdMinutes: 60, dst: 'CEST', dstMinutes: 120 });
    expect(berlinLike).toBeDefined();
    const sydneyLike = ianaFor({ std: 'AEST', stdMinutes: 600, dst: 'AEDT', dstMinutes: 660 });
    expect(sydneyLike).toMatch(/^(?:Australia|Antarctica)\//);
  });

  it('finds none for a rule no zone keeps', () => {
    expect(ianaFor({ std: 'XST', stdMinutes: 7, dst: 'XDT', dstMinutes: 67 })).toBeUndefined();
  });
});

describe('/etc/localtime files', () => {
  const feed = (path: string) => {
    const text = readFileSync(new URL(path, import.meta.url), 'latin1');
    const p = createLocaltimeParser();
    const outs = text.split('\n').map((l, i) => p.parseLine(l, i + 1, 0));
    return { outs, facts: p.finish?.() ?? [] };
  };

  it('a file without the TZif magic is not one', () => {
    const p = createLocaltimeParser();
    expect(p.parseLine('CST-8', 1, 0).t).toBe('unparsed');
    expect(p.finish?.()).toEqual([]);
  });

  it('a fixed zone gives its offset', () => {
    const { outs, facts } = feed('../test/fixtures/host-localtime/localtime-asia-shanghai.log');
    expect(outs.every((o) => o.t === 'part')).toBe(true);
    expect(facts.map((f) => f.kind === 'fact' && f.fact)).toEqual([
      { kind: 'time-zone', abbreviation: 'CST', offsetMinutes: 480 },
    ]);
  });

  it('a zone with daylight time gives an IANA name that applies it', () => {
    const { facts } = feed('../test/fixtures/host-localtime/localtime-europe-berlin.log');
    const fact = facts[0]?.kind === 'fact' ? facts[0].fact : null;
    expect(fact).toMatchObject({ kind: 'time-zone', abbreviation: 'CET', offsetMinutes: 60 });
    const name = fact?.kind === 'time-zone' ? fact.name : undefined;
    expect(name).toBeDefined();
    // The zone found has Berlin's offsets in winter and in summer.
    const off = (ms: number) =>
      new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: 'longOffset' })
        .formatToParts(new Date(ms))
        .find((p) => p.type === 'timeZoneName')?.value;
    expect([off(Date.UTC(2024, 0, 15)), off(Date.UTC(2024, 6, 15))]).toEqual(['GMT+01:00', 'GMT+02:00']);
  });
});

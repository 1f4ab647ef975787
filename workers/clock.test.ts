import { describe, expect, it } from 'vitest';
import { fitBootOffset, isLeapYear, lastYearOf, toIso, wallSecondsAt, type YearRef } from './clock.ts';
import { civilToEpochMs, parseZone } from './zones.ts';

describe('parseZone', () => {
  it.each([
    ['UTC', 0],
    ['GMT', 0],
    ['+0800', 480],
    ['+08:00', 480],
    ['-0530', -330],
    ['CST', null],
    ['+2500', null],
  ])('%s', (text, minutes) => {
    expect(parseZone(text)?.offsetMinutes ?? null).toBe(minutes);
  });
});

describe('civilToEpochMs / toIso', () => {
  it('reads a naive stamp in a zone and prints microseconds', () => {
    const t = { month: 11, day: 12, hour: 18, minute: 14, second: 3, micros: 412345 };
    const ms = civilToEpochMs(t, 2019, { name: 'UTC+08:00', offsetMinutes: 480 });
    expect(toIso(ms)).toBe('2019-11-12T10:14:03.412345Z');
  });
});

describe('fitBootOffset', () => {
  const boot = 1_572_900_000.25; // true epoch seconds of kernel time zero
  // Journal copies: received 0-40 ms late, printed truncated to the second.
  const pairs = Array.from({ length: 50 }, (_, i) => {
    const mono = 700_000 + i * 37.123457;
    const delay = ((i * 7) % 5) * 0.008;
    return { mono, wallSeconds: Math.floor(boot + mono + delay) };
  });

  it('recovers the boot time within the journal delay from one-second stamps', () => {
    const fit = fitBootOffset(pairs);
    expect(fit).not.toBeNull();
    expect(Math.abs((fit?.bootEpochSeconds ?? 0) - boot)).toBeLessThan(0.05);
    expect(fit?.anchors).toBe(50);
  });

  it('ignores wrongly paired lines far from the true offset', () => {
    const noisy = [...pairs, { mono: 10, wallSeconds: boot + 400 }, { mono: 20, wallSeconds: boot - 900 }];
    const fit = fitBootOffset(noisy);
    expect(fit?.anchors).toBe(50);
    expect(Math.abs((fit?.bootEpochSeconds ?? 0) - boot)).toBeLessThan(0.05);
  });

  it('returns null without anchors', () => {
    expect(fitBootOffset([])).toBeNull();
  });
});

describe('lastYearOf (input-formats §8.1)', () => {
  const t = (month: number, day: number, hour = 12) => ({
    month,
    day,
    hour,
    minute: 0,
    second: 0,
    micros: 0,
  });
  const ref = (kind: YearRef['kind'], year: number, month: number, day: number): YearRef => ({
    kind,
    time: { ...t(month, day), year },
    source: 'test',
  });

  it.each<[string, YearRef, ReturnType<typeof t>, ReturnType<typeof t>, number, number]>([
    ['bound after the last line', ref('bound', 2020, 1, 2), t(12, 30), t(12, 31), 0, 2019],
    ['bound with a new year inside', ref('bound', 2020, 1, 2), t(12, 30), t(1, 1), 1, 2020],
    ['bound a day before the last line', ref('bound', 2023, 6, 1), t(5, 1), t(6, 2, 6), 0, 2023],
    ['begin before the first line', ref('begin', 2019, 12, 30), t(12, 31), t(1, 2), 1, 2020],
    ['begin late in the year, file in the next', ref('begin', 2019, 12, 30), t(1, 3), t(1, 5), 0, 2020],
    ['near, just after the new year', ref('near', 2020, 1, 1), t(12, 31), t(12, 31), 0, 2019],
    ['near, same year', ref('near', 2023, 6, 1), t(5, 1), t(5, 30), 0, 2023],
  ])('%s', (_, r, first, last, rollovers, year) => {
    expect(lastYearOf(r, first, last, rollovers)).toBe(year);
  });

  it.each([
    [2024, true],
    [2023, false],
    [1900, false],
    [2000, true],
  ])('isLeapYear(%i)', (y, leap) => {
    expect(isLeapYear(y)).toBe(leap);
  });
});

describe('drift over a long boot', () => {
  // A kernel clock that runs 60 ppm fast against NTP time (the format notes show 627 s after 115
  // days): over three days the offset wall − mono falls by ~15.6 s.
  const boot = 1_700_000_000;
  const ppm = 60e-6;
  const trueWall = (mono: number) => boot + mono * (1 - ppm);
  const pairs = Array.from({ length: 3 * 24 * 6 }, (_, i) => {
    const mono = 1000 + i * 600; // one anchor every 10 minutes
    const delay = 0.002 + ((i * 37) % 11) * 0.004; // journald receive delay, µs stamps
    return { mono, wallSeconds: trueWall(mono) + delay, resolution: 1e-6 };
  });

  it('follows the drift with the lower envelope per hour, where one offset would be seconds off', () => {
    const fit = fitBootOffset(pairs);
    expect(fit?.envelope?.length ?? 0).toBeGreaterThan(48);
    expect(fit?.method).toContain('drift followed');
    for (const mono of [1500, 86_400, 200_000, 250_000]) {
      const err = wallSecondsAt(fit?.bootEpochSeconds ?? 0, fit?.envelope, mono) - trueWall(mono);
      expect(Math.abs(err), `at ${mono} s`).toBeLessThan(0.05);
    }
    // The single offset of the densest cluster alone would miss by seconds at one end.
    const single = (mono: number) => (fit?.bootEpochSeconds ?? 0) + mono - trueWall(mono);
    expect(Math.max(Math.abs(single(1500)), Math.abs(single(250_000)))).toBeGreaterThan(5);
  });

  it('keeps one offset for a short boot or whole-second stamps', () => {
    expect(fitBootOffset(pairs.slice(0, 10))?.envelope).toBeUndefined();
    const coarse = pairs.map((p) => ({ mono: p.mono, wallSeconds: Math.floor(p.wallSeconds) }));
    expect(fitBootOffset(coarse)?.envelope).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { civilToEpochMs, fitBootOffset, parseZone, toIso } from './clock.ts';

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

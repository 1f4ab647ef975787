// The zone the user types for showing times: IANA names only, spelled as the browser spells them, and
// every time printed with the zone it is in. UTC output must stay byte-identical to formatUtc.
import { describe, expect, it } from 'vitest';
import { DISPLAY_ZONES, displayForZone, parseDisplayZone } from '../../app/view/time-display.ts';
import { formatIn, formatUtc, withZone, zoneLabel } from '../../workers/report/time.ts';

describe('parseDisplayZone', () => {
  it('accepts IANA names in the browser spelling', () => {
    expect(parseDisplayZone('Asia/Shanghai')).toEqual({ ok: true, value: 'Asia/Shanghai' });
    expect(parseDisplayZone('  asia/shanghai ')).toEqual({ ok: true, value: 'Asia/Shanghai' });
    expect(parseDisplayZone('Etc/GMT-8')).toEqual({ ok: true, value: 'Etc/GMT-8' });
  });

  it('reads the names of UTC as UTC', () => {
    for (const text of ['UTC', 'utc', 'GMT', 'Z', 'Etc/UTC', 'Zulu']) {
      expect(parseDisplayZone(text), text).toEqual({ ok: true, value: 'UTC' });
    }
  });

  it('refuses offsets, abbreviations, unknown names and nothing, saying why', () => {
    const reason = (text: string) => {
      const parsed = parseDisplayZone(text);
      if (parsed.ok) throw new Error(`${text} was accepted`);
      return parsed.reason;
    };
    expect(reason('+08:00')).toMatch(/is an offset/);
    expect(reason('UTC+8')).toMatch(/is an offset/);
    expect(reason('CST')).toMatch(/abbreviation/);
    expect(reason('EST')).toMatch(/abbreviation/);
    expect(reason('Mars/Olympus_Mons')).toMatch(/not a time zone this browser knows/);
    expect(reason('   ')).toMatch(/Type a zone name/);
  });

  it('asks the browser, so a zone it does not know is refused', () => {
    const parsed = parseDisplayZone(
      'Asia/Shanghai',
      (z) => z,
      () => false,
    );
    expect(parsed.ok).toBe(false);
  });

  it('offers only zones the runtime knows', () => {
    for (const zone of DISPLAY_ZONES) expect(parseDisplayZone(zone), zone).toEqual({ ok: true, value: zone });
  });
});

describe('displayForZone', () => {
  it('makes UTC and a forgotten zone the UTC display', () => {
    expect(displayForZone(null)).toEqual({ mode: 'utc' });
    expect(displayForZone('UTC')).toEqual({ mode: 'utc' });
    expect(displayForZone('Asia/Tokyo')).toEqual({ mode: 'zone', zone: 'Asia/Tokyo' });
  });
});

describe('times in the zone shown', () => {
  const iso = '2019-11-12T10:14:03.412318Z';

  it('prints UTC exactly as the stage cards always did', () => {
    expect(formatIn(iso, { mode: 'utc' })).toBe(formatUtc(iso));
    expect(formatIn(iso, { mode: 'utc' })).toBe('2019-11-12 10:14:03');
  });

  it('moves the time by the zone offset, across the date line too', () => {
    expect(formatIn(iso, { mode: 'zone', zone: 'Asia/Shanghai' })).toBe('2019-11-12 18:14:03');
    expect(formatIn('2019-11-12T20:00:00Z', { mode: 'zone', zone: 'Asia/Shanghai' })).toBe(
      '2019-11-13 04:00:00',
    );
    expect(formatIn(null, { mode: 'zone', zone: 'Asia/Shanghai' })).toBe('—');
  });

  it('labels headings with the zone', () => {
    expect(withZone('First seen', { mode: 'utc' })).toBe('First seen (UTC)');
    expect(withZone('First seen', { mode: 'zone', zone: 'Asia/Shanghai' })).toBe(
      'First seen (Asia/Shanghai)',
    );
    expect(withZone('First seen', { mode: 'local' })).toMatch(/^First seen \(.+, browser time\)$/);
    expect(zoneLabel({ mode: 'zone', zone: 'Asia/Shanghai' })).toBe('Asia/Shanghai');
  });
});

describe('formatIn with fractional milliseconds (window lines carry microseconds)', () => {
  it('prints whole milliseconds in every zone', () => {
    const ms = 1573553991503.1094;
    expect(formatIn(ms, { mode: 'utc' }, true)).toBe('2019-11-12 10:19:51.503');
    expect(formatIn(ms, { mode: 'zone', zone: 'Asia/Shanghai' }, true)).toBe('2019-11-12 18:19:51.503');
  });
});

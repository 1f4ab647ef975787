import { describe, expect, it } from 'vitest';
import { toIso } from './clock.ts';
import { civilInZone, localToEpoch, offsetAt, parseZone, zoneSetting } from './zones.ts';

const at = (month: number, day: number, hour: number, minute = 0) => ({
  month,
  day,
  hour,
  minute,
  second: 0,
  micros: 0,
});

describe('zoneSetting', () => {
  it.each([
    ['+08:00', 'UTC+08:00', undefined],
    ['UTC-05:00', 'UTC-05:00', undefined],
    ['-0330', 'UTC-03:30', undefined],
    ['UTC', 'UTC', undefined],
    ['Etc/UTC', 'UTC', undefined],
    ['Asia/Shanghai', 'Asia/Shanghai', 'Asia/Shanghai'],
    ['America/New_York', 'America/New_York', 'America/New_York'],
  ])('accepts %s', (text, name, iana) => {
    const set = zoneSetting(text);
    expect('zone' in set && set.zone.name).toBe(name);
    expect('zone' in set && set.zone.iana).toBe(iana);
  });

  it.each([
    ['CST', /abbreviation/],
    ['IST', /abbreviation/],
    ['Mars/Olympus', /not a time zone/],
    ['+15:00', /not a time zone/],
    ['', /empty/],
  ])('refuses %j', (text, reason) => {
    const set = zoneSetting(text);
    expect('error' in set && set.error).toMatch(reason);
  });
});

describe('parseZone (zones printed beside stamps)', () => {
  it.each([
    ['+0800', 480],
    ['Z', 0],
    ['CST', null],
    ['Europe/Berlin', null],
  ])('%s', (text, minutes) => {
    expect(parseZone(text)?.offsetMinutes ?? null).toBe(minutes);
  });
});

describe('localToEpoch in an IANA zone', () => {
  const berlin = { name: 'Europe/Berlin', iana: 'Europe/Berlin', offsetMinutes: 60 };
  const newYork = { name: 'America/New_York', iana: 'America/New_York', offsetMinutes: -300 };

  it.each([
    ['winter', berlin, at(3, 25, 12), '2023-03-25T11:00:00.000000Z', undefined, undefined],
    ['summer', berlin, at(3, 26, 12), '2023-03-26T10:00:00.000000Z', undefined, undefined],
    ['skipped hour', berlin, at(3, 26, 2, 30), '2023-03-26T01:30:00.000000Z', undefined, true],
    [
      'repeated hour',
      berlin,
      at(10, 29, 2, 30),
      '2023-10-29T00:30:00.000000Z',
      '2023-10-29T01:30:00.000000Z',
      undefined,
    ],
    ['New York summer', newYork, at(7, 4, 9), '2023-07-04T13:00:00.000000Z', undefined, undefined],
    [
      'New York repeated hour',
      newYork,
      at(11, 5, 1, 30),
      '2023-11-05T05:30:00.000000Z',
      '2023-11-05T06:30:00.000000Z',
      undefined,
    ],
  ])('%s', (_, zone, civil, first, later, gap) => {
    const r = localToEpoch(civil, 2023, zone);
    expect(toIso(r.ms)).toBe(first);
    expect(r.later === undefined ? undefined : toIso(r.later)).toBe(later);
    expect(r.gap).toBe(gap);
  });

  it('reads an instant back as the zone shows it', () => {
    expect(offsetAt(berlin, Date.UTC(2023, 6, 1))).toBe(120);
    expect(civilInZone(Date.UTC(2023, 11, 31, 23, 30), berlin)).toMatchObject({
      year: 2024,
      month: 1,
      day: 1,
      hour: 0,
    });
  });
});

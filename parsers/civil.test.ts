import { describe, expect, it } from 'vitest';
import {
  digitsAt,
  digitsEnd,
  integerOf,
  isDigit,
  isValidCivil,
  isValidDate,
  MONTHS,
  monthAt,
  twoDigitsAt,
} from './civil.ts';
import type { CivilTime } from './types.ts';

describe('monthAt', () => {
  it('reads every C-locale month name as MONTHS does', () => {
    for (const [name, n] of Object.entries(MONTHS)) {
      expect(monthAt(name, 0), name).toBe(n);
      expect(monthAt(`Mon ${name} 13`, 4), name).toBe(n);
    }
  });

  it.each([
    ['jan', 0],
    ['JAN', 0],
    ['Jux', 0],
    ['Ma', 0],
    ['', 0],
    ['Sept', 9],
    ['xNov', 0],
  ])('%j at 0 → %i', (text, want) => {
    expect(monthAt(text, 0)).toBe(want);
  });
});

describe('digit readers', () => {
  it.each([
    ['07', 0, 7],
    ['x59', 1, 59],
    ['5', 0, -1],
    ['5a', 0, -1],
    ['/9', 0, -1],
    [':9', 0, -1],
  ])('twoDigitsAt(%j, %i) → %i', (text, at, want) => {
    expect(twoDigitsAt(text, at)).toBe(want);
  });

  it.each([
    ['000123', 0, 6, 123],
    ['T999999Z', 1, 6, 999_999],
    ['12345', 0, 6, -1],
    ['12a456', 0, 6, -1],
  ])('digitsAt(%j, %i, %i) → %i', (text, at, count, want) => {
    expect(digitsAt(text, at, count)).toBe(want);
  });

  it.each([
    ['[  123.4', 3, 6],
    ['abc', 0, 0],
    ['9', 0, 1],
    ['٣', 0, 0],
  ])('digitsEnd(%j, %i) → %i', (text, at, want) => {
    expect(digitsEnd(text, at)).toBe(want);
  });

  it('isDigit is `\\d`', () => {
    for (let c = 0; c < 0x3000; c++) expect(isDigit(c), String(c)).toBe(/\d/.test(String.fromCharCode(c)));
  });

  it.each(['0', '007', '123456789012345', '9007199254740993', '1'.repeat(40), '0'.repeat(30)])(
    'integerOf(%j) is Number() of the digits',
    (digits) => {
      expect(integerOf(`x${digits}y`, 1, 1 + digits.length)).toBe(Number(digits));
    },
  );
});

describe('isValidDate', () => {
  const byDate = (t: CivilTime) =>
    isValidCivil(t) &&
    (t.year === undefined || new Date(Date.UTC(t.year, t.month - 1, t.day)).getUTCDate() === t.day);

  it('answers as a Date does, for every day of every month of the years around the leap rules', () => {
    let invalid = 0;
    for (const year of [0, 4, 99, 100, 1899, 1900, 1999, 2000, 2023, 2024, 2100, 2400, 9999, undefined]) {
      for (const month of [...Array.from({ length: 14 }, (_, m) => m), 2.5]) {
        for (const day of [...Array.from({ length: 33 }, (_, d) => d), 1.5, 29.5]) {
          const t: CivilTime = { month, day, hour: 0, minute: 0, second: 0, micros: 0 };
          if (year !== undefined) t.year = year;
          if (!byDate(t)) invalid++;
          expect(isValidDate(t), JSON.stringify(t)).toBe(byDate(t));
        }
      }
    }
    expect(invalid).toBeGreaterThan(1000);
  });

  it.each([
    [2023, 2, 29, false],
    [2024, 2, 29, true],
    [1900, 2, 29, false],
    [2000, 2, 29, true],
    [2023, 4, 31, false],
    [2023, 12, 31, true],
  ])('%i-%i-%i → %s', (year, month, day, want) => {
    expect(isValidDate({ year, month, day, hour: 0, minute: 0, second: 0, micros: 0 })).toBe(want);
  });
});

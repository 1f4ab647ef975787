// Small text helpers shared by the features.

/** `1 file`, `3 files` */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** `812 B`, `4.2 MiB` */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** `+3600 s`, `-0.25 s` */
export function formatSignedSeconds(seconds: number): string {
  const text = Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(3).replace(/0+$/, '');
  return `${seconds >= 0 ? '+' : ''}${text} s`;
}

/** `0.995 s`, `30 s`: a duration or spread, to the millisecond. */
export function formatSeconds(seconds: number): string {
  const text = Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(3).replace(/\.?0+$/, '');
  return `${text} s`;
}

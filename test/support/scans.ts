// Scans built in memory, as the parsers would give them, for the correlator and diagnosis tests.
import type { CivilTime, Fact, FormatId, LineOutcome } from '../../parsers/types.ts';
import { newScan, type SourceScan, scanLine } from '../../workers/scan.ts';

/** A scan built from records, as a parser would give them (no file needed). */
export function scanOf(path: string, format: FormatId, records: LineOutcome[]) {
  const scan = newScan(path, format, 0);
  for (const [i, outcome] of records.entries()) scanLine(scan, outcome, `line ${i + 1}`, i + 1);
  return scan;
}

export const civil = { year: 2019, month: 11, day: 12, hour: 10, minute: 19, second: 14, micros: 372000 };

// ---- synthetic bundles: seconds after 2019-11-12 10:00:00 UTC -----------------------------------

const BASE_MS = Date.UTC(2019, 10, 12, 10, 0, 0);

export function civilAt(seconds: number): CivilTime {
  const d = new Date(BASE_MS + seconds * 1000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    micros: d.getUTCMilliseconds() * 1000,
  };
}

export type Line = [seconds: number, msg: string, ident?: string];

/** A host's syslog: kernel lines unless an ident is given; each cited as `<host> <ident>: <msg>`. */
export function hostLog(host: string, lines: Line[], path = `${host}/messages`): SourceScan {
  const scan = newScan(path, 'syslog-rfc3164', 0);
  for (const [i, [s, msg, ident = 'kernel']] of lines.entries()) {
    scanLine(
      scan,
      {
        t: 'record',
        rec: {
          kind: 'entry',
          line: i + 1,
          offset: 0,
          msg,
          time: { kind: 'civil', civil: civilAt(s), zone: 'UTC' },
          host,
          ident,
        },
      },
      `${host} ${ident}: ${msg}`,
      i + 1,
    );
  }
  return scan;
}

export function mdsLog(lines: Line[], path = 'ceph/ceph-mds.a.log'): SourceScan {
  const scan = newScan(path, 'ceph-mds-log', 0);
  for (const [i, [s, msg]] of lines.entries()) {
    scanLine(
      scan,
      {
        t: 'record',
        rec: {
          kind: 'entry',
          line: i + 1,
          offset: 0,
          msg,
          time: { kind: 'civil', civil: civilAt(s), zone: 'UTC' },
        },
      },
      `mds: ${msg}`,
      i + 1,
    );
  }
  return scan;
}

export function factsOf(path: string, format: FormatId, facts: Fact[]): SourceScan {
  return scanOf(
    path,
    format,
    facts.map((fact, i) => ({ t: 'record', rec: { kind: 'fact', line: i + 1, offset: 0, msg: '', fact } })),
  );
}

export function configDump(
  rows: [who: string, option: string, value: string][],
  path = 'ceph/config-dump.txt',
) {
  return scanOf(
    path,
    'ceph-config-dump',
    rows.map(([who, option, value], i) => ({
      t: 'record',
      rec: {
        kind: 'ceph-config',
        line: i + 2,
        offset: 0,
        msg: '',
        who,
        mask: '',
        level: 'advanced',
        option,
        value,
        ro: false,
      },
    })),
  );
}

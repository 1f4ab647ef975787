// Host facts as a sosreport holds them: `uname -a` (root `uname` → `sos_commands/kernel/uname_-a`),
// `date` / `date --utc` (`sos_commands/date/`), `timedatectl` (`sos_commands/systemd/timedatectl`,
// root `date` in sos 4), `uptime` and `/proc/uptime`, `hostname` / `/etc/hostname`. Each output is a
// few lines at most and becomes `fact` records; the mount table is in host-mounts.ts.
//
// Sample lines (constructed for the sample cluster from coreutils `uname -a` / `date` formats,
// systemd timedatectl.c and procps `uptime`; shapes as in the timedatectl pastes of
// bigtreetech/CB1#188 and michaelrsweet/htmldoc#485):
//   Linux k8s-worker-1 3.10.0-1062.4.1.el7.x86_64 #1 SMP Fri Oct 18 17:15:30 UTC 2019 x86_64 x86_64 x86_64 GNU/Linux
//   Tue Nov 12 11:05:02 UTC 2019
//                  Time zone: Asia/Shanghai (CST, +0800)
//    11:05:02 up 7 days,  8:23,  2 users,  load average: 0.52, 0.58, 0.59
//   k8s-worker-1
//
// Example:
//   const p = HOST_FACT_FORMATS.find((f) => f.id === 'host-date')?.create(); // one per file
//   p.parseLine('Tue Nov 12 11:05:02 UTC 2019', 2, 36)
//   // → { t: 'record', rec: { kind: 'fact', line: 2, offset: 36, fact: { kind: 'clock-reading', epochMs: 1573556702000 }, … },
//   //      more: [{ kind: 'fact', line: 2, offset: 36, fact: { kind: 'time-zone', abbreviation: 'UTC', offsetMinutes: 0 }, … }] }

import { civilOf, isValidDate, MONTHS } from './civil.ts';
import { isBlank, matchPrompt } from './lines.ts';
import type { CivilTime, Fact, FactRecord, FormatParser, FormatSpec, LineOutcome } from './types.ts';

type Out = LineOutcome<FactRecord>;

function fact(text: string, line: number, offset: number, f: Fact): FactRecord {
  return { kind: 'fact', line, offset, msg: text.trim(), fact: f };
}

/** Blank and prompt lines are the same in every format here; anything else is `unparsed` with `reason`. */
function other(text: string, reason: string): Out {
  if (isBlank(text)) return { t: 'blank' };
  const prompt = matchPrompt(text);
  if (prompt) return { t: 'meta', meta: { kind: 'prompt', text, ...prompt } };
  return { t: 'unparsed', reason };
}

function epochMs(t: CivilTime, offsetMinutes: number): number {
  return Date.UTC(t.year ?? 1970, t.month - 1, t.day, t.hour, t.minute, t.second) - offsetMinutes * 60_000;
}

/** `+0800`, `+08:00`, `+08`, `-0330` → minutes east of UTC; undefined for anything else. */
export function parseOffset(zone: string): number | undefined {
  const m = /^([+-])(\d{2})(?::?(\d{2}))?$/.exec(zone);
  if (!m) return undefined;
  const [hh, mm] = [Number(m[2]), Number(m[3] ?? 0)];
  if (hh > 14 || mm > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (hh * 60 + mm);
}

// ---- uname -a ------------------------------------------------------------------------------------
// coreutils prints kernel-name nodename kernel-release kernel-version machine [processor]
// [hardware-platform] operating-system; the version has spaces, so the machine is found from the
// end: the first of the (≤3) architecture words before `GNU/Linux` (`Linux` on Alpine/busybox).
const UNAME = /^Linux (?<host>\S+) (?<release>\d+\.\d+\S*) (?<version>#\S.*) (?:GNU\/)?Linux$/;
const ARCH =
  /^(?:x86_64|i[3-6]86|aarch64|arm\w*|ppc\w*|s390x?|riscv\d*|mips\w*|sparc\w*|loongarch\d*|ia64|alpha|unknown)$/;
const RELEASE_ONLY = /^\d+\.\d+(?:\.\d+)?[-+.~_][\w.+~-]*$|^\d+\.\d+\.\d+$/;

/**
 * `releaseOnly`: also take a lone `uname -r` line (`3.10.0-1062.4.1.el7.x86_64`). That line is too
 * generic to tell from content, so only a caller that knows the file is named `uname…` may ask.
 */
export function createUnameParser(releaseOnly = false): FormatParser<FactRecord> {
  return {
    id: 'host-uname',
    parseLine(text: string, line: number, offset: number): Out {
      const s = text.trim();
      const g = UNAME.exec(s)?.groups;
      if (g?.host && g.release && g.version) {
        const words = g.version.split(' ');
        let i = words.length;
        while (i > 1 && words.length - i < 3 && ARCH.test(words[i - 1] ?? '')) i--;
        const machine = i < words.length ? words[i] : undefined;
        const f: Fact = { kind: 'kernel-release', release: g.release, host: g.host };
        if (machine && machine !== 'unknown') f.machine = machine;
        return { t: 'record', rec: fact(text, line, offset, f) };
      }
      if (releaseOnly && RELEASE_ONLY.test(s)) {
        return { t: 'record', rec: fact(text, line, offset, { kind: 'kernel-release', release: s }) };
      }
      return other(text, 'not `uname -a` output (`Linux host release #version … GNU/Linux`)');
    },
  };
}

// ---- date ------------------------------------------------------------------------------------------
const WD = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MON = `(?<month>${Object.keys(MONTHS).join('|')})`;
const HMS = '(?<hour>\\d{2}):(?<minute>\\d{2}):(?<second>\\d{2})';
const ABBR = '(?<zone>[A-Za-z]{1,6}|[+-]\\d{2,4})';
/** `date` (C locale, `%a %b %e %H:%M:%S %Z %Y`), also `date --utc`: `Tue Nov 12 11:05:02 UTC 2019`. */
const DATE_C = new RegExp(`^${WD} ${MON} {1,2}(?<day>\\d{1,2}) ${HMS} ${ABBR} (?<year>\\d{4})$`);
/** en_US with glibc ≥ 2.29 (pastes, not sos): `Tue 12 Nov 2019 11:05:02 AM UTC`. */
const DATE_EN_US = new RegExp(`^${WD} (?<day>\\d{2}) ${MON} (?<year>\\d{4}) ${HMS} (?<ampm>AM|PM) ${ABBR}$`);
/** `date -R`: `Tue, 12 Nov 2019 11:05:02 +0000`. */
const DATE_RFC5322 = new RegExp(
  `^${WD}, (?<day>\\d{2}) ${MON} (?<year>\\d{4}) ${HMS} (?<offset>[+-]\\d{4})$`,
);
/** `date -I{hours,minutes,seconds,ns}`, `--rfc-3339={seconds,ns}`: `2019-11-12T11:05:02+00:00`. */
const DATE_ISO =
  /^(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})[T ](?<hour>\d{2})(?::(?<minute>\d{2})(?::(?<second>\d{2})(?:[.,]\d{1,9})?)?)?(?<offset>Z|[+-]\d{2}(?::?\d{2})?)$/;
const UTC_NAMES: ReadonlySet<string> = new Set(['UTC', 'GMT', 'UCT', 'UT', 'Z']);

/**
 * Reads one `date` line. A clock reading needs the offset, and only UTC/GMT or a numeric zone gives
 * it: abbreviations are not unique (CST is China +8, US Central −6 and Cuba −5; IST is India, Ireland
 * or Israel) and even unique ones need a zone database. So `Tue Nov 12 19:05:02 CST 2019` yields the
 * time-zone abbreviation only, and the correlator resolves it with `timedatectl`'s zone name.
 */
function readDate(s: string): { tz: Fact; clock?: Fact } | null {
  let g = DATE_C.exec(s)?.groups ?? DATE_EN_US.exec(s)?.groups;
  const zone: string | undefined = g?.zone;
  g ??= DATE_RFC5322.exec(s)?.groups ?? DATE_ISO.exec(s)?.groups;
  if (!g) return null;
  const t = civilOf(g);
  if (g.ampm) {
    if (t.hour < 1 || t.hour > 12) return null;
    t.hour = (t.hour % 12) + (g.ampm === 'PM' ? 12 : 0);
  }
  if (!isValidDate(t)) return null;
  let offsetMinutes: number | undefined;
  if (zone !== undefined) offsetMinutes = UTC_NAMES.has(zone) ? 0 : parseOffset(zone);
  else offsetMinutes = g.offset === 'Z' ? 0 : parseOffset(g.offset ?? '');
  if (zone === undefined && offsetMinutes === undefined) return null;
  const tz: Fact = { kind: 'time-zone' };
  if (zone !== undefined) tz.abbreviation = zone;
  if (offsetMinutes === undefined) return { tz };
  tz.offsetMinutes = offsetMinutes;
  return { tz, clock: { kind: 'clock-reading', epochMs: epochMs(t, offsetMinutes) } };
}

/** One line carries two facts: the clock reading, and the zone as a further record of the line. */
function createDateParser(): FormatParser<FactRecord> {
  return {
    id: 'host-date',
    parseLine(text: string, line: number, offset: number): Out {
      const d = readDate(text.trim());
      if (!d) return other(text, 'not `date` output (`Tue Nov 12 11:05:02 UTC 2019`, -R or -I form)');
      if (!d.clock) return { t: 'record', rec: fact(text, line, offset, d.tz) };
      return { t: 'record', rec: fact(text, line, offset, d.clock), more: [fact(text, line, offset, d.tz)] };
    },
  };
}

// ---- timedatectl -----------------------------------------------------------------------------------
// Labels are right-aligned to the longest one (`System clock synchronized` since systemd 239,
// `NTP synchronized` before); `Timezone:` is systemd ≤ 20x.
const TDC_LINE =
  /^ *(?<key>Local time|Universal time|RTC time|Time ?zone|System clock synchronized|NTP service|RTC in local TZ|NTP enabled|NTP synchronized|Network time on|DST active|Last DST change|Next DST change): ?(?<value>.*)$/;
const TDC_UNIVERSAL = new RegExp(
  `^\\S+ (?<year>\\d{4})-(?<month>\\d{2})-(?<day>\\d{2}) ${HMS} UTC$`, // weekday as the locale prints it
);
const TDC_STAMP = /^\S+ \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?: \S+)?$/;
const TDC_ZONE = /^(?<name>\S+) \((?<abbreviation>[^\s,()]+), (?<offset>[+-]\d{4})\)$/;
// Under `Last/Next DST change:` (systemd ≤ 23x) two stamps follow, indented to the value column.
const TDC_DST_STAMP = /^ {8,}\S+ \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \S+$/;

function createTimedatectlParser(): FormatParser<FactRecord> {
  let inWarning = false; // `Warning: The system is configured to read the RTC time in the local time zone.` + indented lines
  return {
    id: 'host-timedatectl',
    parseLine(text: string, line: number, offset: number): Out {
      const s = text.trimEnd();
      const g = TDC_LINE.exec(s)?.groups;
      const marker: Out = { t: 'meta', meta: { kind: 'other-marker', text: s.trim() } };
      if (!g?.key) {
        if (s.startsWith('Warning: ')) inWarning = true;
        else if (isBlank(s)) inWarning = false;
        if (s.startsWith('Warning: ') || (inWarning && /^\s/.test(s)) || TDC_DST_STAMP.test(s)) return marker;
        return other(text, 'not a `timedatectl` line (`   Time zone: Asia/Shanghai (CST, +0800)`)');
      }
      inWarning = false;
      const value = g.value ?? '';
      if (g.key === 'Universal time') {
        const u = TDC_UNIVERSAL.exec(value)?.groups;
        const t = u ? civilOf(u) : null;
        if (t && isValidDate(t)) {
          return {
            t: 'record',
            rec: fact(text, line, offset, { kind: 'clock-reading', epochMs: epochMs(t, 0) }),
          };
        }
      } else if (g.key.startsWith('Time')) {
        const z = TDC_ZONE.exec(value)?.groups;
        const minutes = parseOffset(z?.offset ?? '');
        if (z?.name && z.abbreviation && minutes !== undefined) {
          const known = { abbreviation: z.abbreviation, offsetMinutes: minutes };
          const tz: Fact = { kind: 'time-zone', ...(z.name === 'n/a' ? {} : { name: z.name }), ...known };
          return { t: 'record', rec: fact(text, line, offset, tz) };
        }
      } else if ((g.key !== 'Local time' && g.key !== 'RTC time') || TDC_STAMP.test(value)) {
        return marker;
      }
      if (value === 'n/a') return marker;
      return { t: 'unparsed', reason: `timedatectl "${g.key}" value "${value}" not understood` };
    },
  };
}

// ---- uptime, /proc/uptime --------------------------------------------------------------------------
// procps `uptime`: ` %02d:%02d:%02d up ` + [`%d day(s), `] + (`%2d:%02d` | `%d min`) + `, ` +
// [`%2d user(s), `] + ` load average: %.2f, %.2f, %.2f`. busybox omits users; BSD/macOS prints
// `18:25  up 3 days,  9:01, 12 users, load averages: 1.78 2.10 2.23`; old SUSE a 12-hour `9:36pm`.
const UPTIME =
  /^ *(?<hour>\d{1,2}):(?<minute>\d{2})(?::(?<second>\d{2}))?(?<ampm>[ap]m)? +up +(?:(?<days>\d+) days?,? +)?(?:(?<hours>\d{1,2}):(?<minutes>\d{2})|(?<mins>\d+) mins?),(?: +\d+ users?,)? +load averages?: \d+[.,]\d+,? \d+[.,]\d+,? \d+[.,]\d+$/;
const UNIT = '\\d+ (?:years?|weeks?|days?|hours?|minutes?)';
/** `uptime -p`: `up 1 week, 2 days, 8 hours, 23 minutes`. */
const UPTIME_PRETTY = new RegExp(`^up ${UNIT}(?:, ${UNIT})*$`);
const UNIT_SECONDS: Readonly<Record<string, number>> = {
  year: 365 * 86400, // procps: years = days / 365
  week: 7 * 86400,
  day: 86400,
  hour: 3600,
  minute: 60,
};
/** `/proc/uptime`: seconds since boot and the idle seconds summed over CPUs, two decimals each. */
const PROC_UPTIME = /^(?<seconds>\d+\.\d{2}) \d+\.\d{2}$/;

/**
 * `/proc/uptime` is just two numbers, too generic alone, yet the format does not need a path hint:
 * the file has exactly one line, so only the first such line of a file is taken and any further one
 * is `unparsed`. A column of number pairs (a data file) then scores low and is not taken for uptime,
 * while the `uptime` command line is distinctive enough on its own.
 */
function createUptimeParser(): FormatParser<FactRecord> {
  let procSeen = false;
  return {
    id: 'host-uptime',
    parseLine(text: string, line: number, offset: number): Out {
      const s = text.trimEnd();
      const g = UPTIME.exec(s)?.groups;
      if (g) {
        let hour = Number(g.hour);
        if (g.ampm) hour = (hour % 12) + (g.ampm === 'pm' ? 12 : 0);
        const at = { hour, minute: Number(g.minute), second: Number(g.second ?? 0) };
        const [h, m] = [Number(g.hours ?? 0), Number(g.minutes ?? 0)];
        if (at.hour > 23 || at.minute > 59 || at.second > 59 || h > 23 || m > 59) {
          return { t: 'unparsed', reason: 'uptime clock or duration out of range' };
        }
        const seconds = Number(g.days ?? 0) * 86400 + (h * 60 + m + Number(g.mins ?? 0)) * 60;
        return { t: 'record', rec: fact(text, line, offset, { kind: 'uptime', seconds, at }) };
      }
      if (UPTIME_PRETTY.test(s)) {
        let seconds = 0;
        for (const m of s.matchAll(/(\d+) (year|week|day|hour|minute)/g)) {
          seconds += Number(m[1]) * (UNIT_SECONDS[m[2] ?? ''] ?? 0);
        }
        return { t: 'record', rec: fact(text, line, offset, { kind: 'uptime', seconds }) };
      }
      const p = PROC_UPTIME.exec(s)?.groups;
      if (p?.seconds) {
        if (procSeen) return { t: 'unparsed', reason: 'a second /proc/uptime line (the file has one line)' };
        procSeen = true;
        return { t: 'record', rec: fact(text, line, offset, { kind: 'uptime', seconds: Number(p.seconds) }) };
      }
      return other(
        text,
        'not `uptime` output (` 11:05:02 up 7 days,  8:23, … load average: …`) nor /proc/uptime',
      );
    },
  };
}

// ---- hostname --------------------------------------------------------------------------------------
// RFC 1123 labels. A lone word says nothing about its format, hence `needsPathHint`.
const HOSTNAME =
  /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

function parseHostname(text: string, line: number, offset: number): Out {
  const s = text.trim();
  // An all-digit last label is an IP address; two leading numeric labels are a version (`5.15.0-125-generic`).
  if (s.length <= 253 && HOSTNAME.test(s) && !/(?:^|\.)\d+\.?$|^\d+\.\d+/.test(s)) {
    return { t: 'record', rec: fact(text, line, offset, { kind: 'hostname', name: s }) };
  }
  return other(text, 'not a host name (RFC 1123 labels, not an IP address or a version)');
}

const hostnameParser: FormatParser<FactRecord> = { id: 'host-hostname', parseLine: parseHostname };

export const HOST_FACT_FORMATS: readonly FormatSpec[] = [
  {
    id: 'host-uname',
    title: 'uname -a',
    create: () => createUnameParser(),
    pathHint: /(?:^|[._-])uname(?:$|[._-])/,
  },
  {
    id: 'host-date',
    title: 'date',
    create: createDateParser,
    // sos `date`, `date_--utc`; loose `node-a-date.txt`. Not `update…`, `hwclock`.
    pathHint: /(?:^|[._-])date(?:_-[-\w=]*)?(?:\.(?:txt|log|out))?$/,
    needsPathHint: true,
  },
  {
    id: 'host-timedatectl',
    title: 'timedatectl',
    create: createTimedatectlParser,
    pathHint: /timedatectl/,
  },
  {
    id: 'host-uptime',
    title: 'uptime, /proc/uptime',
    create: createUptimeParser,
    pathHint: /(?:^|[._-])uptime(?:$|[._-])/,
  },
  {
    id: 'host-hostname',
    title: 'hostname, /etc/hostname',
    create: () => hostnameParser,
    // sos root `hostname`, `hostname_-f`, `etc/hostname`; not `hostnamectl_status`.
    pathHint: /(?:^|[._-])hostname(?:_-{1,2}(?:f|s|fqdn|short|long))?(?:\.(?:txt|log|out))?$/,
    needsPathHint: true,
  },
];

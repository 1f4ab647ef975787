// Shared record types for every format parser. Parsers are pure: no DOM, worker or Node APIs.

/** Format ids: kebab-case with a family prefix (see docs/architecture.md). */
export const FORMAT_IDS = [
  // dmesg family
  'dmesg', // raw `[ 12345.678901] msg`
  'dmesg-ctime', // `dmesg -T` / `--ctime`
  'dmesg-iso', // `dmesg --time-format iso`
  'dmesg-raw-level', // `dmesg -r`: `<6>[ 12.345678] msg`
  'dmesg-decoded', // `dmesg -x`: `kern  :info  : [ 12.345678] msg`
  'dmesg-reltime', // `dmesg -e` / `--time-format reltime` and `delta`
  'kmsg', // /dev/kmsg records `pri,seq,usec,flags;msg`
  // journald
  'journal-short', // default short and short-precise (year-less)
  'journal-short-full',
  'journal-short-iso', // short-iso and short-iso-precise
  'journal-short-monotonic',
  'journal-short-unix',
  'journal-verbose',
  'journal-json', // json, json-seq, json-sse (one entry per line)
  'journal-json-pretty',
  'journal-export',
  // syslog files
  'syslog-rfc3164',
  'syslog-rfc5424',
  'syslog-rfc3339', // rsyslog RSYSLOG_FileFormat (high-precision stamps)
  // Kubernetes
  'klog',
  'klog-json',
  'cri',
  'kubectl-describe', // `kubectl describe pod` (container State block, Events)
  // Ceph
  'ceph-config-dump',
  'ceph-config-json',
  'ceph-conf',
  'ceph-mds-log',
  'ceph-cluster-log',
  'ceph-client-ls',
  'ceph-health-detail',
  'ceph-versions',
  // host facts (sosreport)
  'host-mounts',
  'host-uname',
  'host-date',
  'host-timedatectl',
  'host-uptime',
  'host-hostname',
  'host-localtime', // /etc/localtime (TZif): the host's zone
  'unrecognised',
] as const;
export type FormatId = (typeof FORMAT_IDS)[number];
export type KnownFormat = Exclude<FormatId, 'unrecognised'>;

/** The ids of the first parsers, by name, for code that names one. */
export const FORMAT = {
  dmesg: 'dmesg',
  journalShort: 'journal-short',
  klog: 'klog',
  cephConfigDump: 'ceph-config-dump',
  unrecognised: 'unrecognised',
} as const satisfies Record<string, FormatId>;

/**
 * A calendar time as printed, without a zone. `year` is absent when the format does not print one
 * (journal short, klog); the correlator infers it and says so.
 */
export interface CivilTime {
  year?: number;
  month: number; // 1-12
  day: number; // 1-31
  hour: number;
  minute: number;
  second: number;
  micros: number; // 0-999999
}

export type KlogLevel = 'I' | 'W' | 'E' | 'F';

/** A kubelet klog header found at the start of a message (in a klog file or inside a journal line). */
export interface KlogHeader {
  level: KlogLevel;
  time: CivilTime; // no year
  pid: number;
  file: string; // e.g. kubelet_volumes.go
  srcLine: number;
  msg: string; // text after `] `
}

interface RecordBase {
  /** 1-based physical line number in the source file. */
  line: number;
  /** Byte offset of the line start in the source file. */
  offset: number;
  /** The message text (after the timestamp/host/ident prefix). */
  msg: string;
}

/** `[ 12345.678901] msg` from `dmesg` (boot-relative seconds). */
export interface DmesgRecord extends RecordBase {
  kind: 'dmesg';
  /** Seconds since boot (local_clock), microsecond precision. */
  mono: number;
  /** CONFIG_PRINTK_CALLER id (`T123` thread or `C1` cpu) when dmesg printed one. */
  caller?: string;
}

/** `Nov 12 10:14:03 node-a kernel: msg` from `journalctl` (short). */
export interface JournalRecord extends RecordBase {
  kind: 'journal';
  time: CivilTime; // no year
  host: string;
  ident: string;
  pid?: number;
  /** Set when the message itself is a klog line (kubelet, kubenswrapper). */
  klog?: KlogHeader;
  /**
   * The printk stamp (seconds since boot) that syslog-style kernel lines sometimes keep as a
   * `[ 123.456789] ` prefix; it is removed from `msg` so the text matches the dmesg copy.
   */
  kernelMono?: number;
}

/** `E1112 10:20:01.123456    1234 file.go:65] msg` from a kubelet log file. */
export interface KlogRecord extends RecordBase {
  kind: 'klog';
  header: KlogHeader;
}

/** One row of `ceph config dump` (plain table). */
export interface CephConfigRecord extends RecordBase {
  kind: 'ceph-config';
  who: string;
  mask: string;
  level: string;
  option: string;
  value: string;
  ro: boolean;
}

/** When an entry happened, as its format states it. */
export type EntryTime =
  /** Seconds since boot (printk `local_clock`, kmsg usec / 1e6, journal short-monotonic). */
  | { kind: 'mono'; seconds: number }
  /** A calendar stamp; `zone` is the offset or name printed with it (`+0800`, `+08:00`, `Z`, `UTC`, `CST`), if any. */
  | { kind: 'civil'; civil: CivilTime; zone?: string }
  /** An exact instant: epoch milliseconds, fractional for microseconds (JSON realtime, short-unix, klog-json ts). */
  | { kind: 'epoch'; ms: number }
  /** The format prints no usable time (dmesg delta-only lines, `cat` output). */
  | { kind: 'none' };

/**
 * A log entry of any of the later formats (every dmesg variant but raw, journald modes, syslog,
 * klog JSON, CRI, Ceph daemon logs). One shape so the engine treats them alike.
 */
export interface EntryRecord extends RecordBase {
  kind: 'entry';
  time: EntryTime;
  /** Host named by the entry itself (journal/syslog host field, `_HOSTNAME`). */
  host?: string;
  /** `kernel` for kernel messages; otherwise the syslog identifier / program (`kubelet`, `dockerd`, `ceph-mds`). */
  ident?: string;
  pid?: number;
  /** Syslog severity 0 (emerg) … 7 (debug), when the format carries one. */
  severity?: number;
  facility?: number;
  /** Set when the message is a klog line (kubelet inside journald or syslog). */
  klog?: KlogHeader;
  /** journald `_BOOT_ID` (32 lowercase hex digits), when known. */
  bootId?: string;
  /** The printk timestamp in seconds when the entry carries it beside its own time (journal JSON `_SOURCE_MONOTONIC_TIMESTAMP`, a `[ 12.345678]` kept in syslog). */
  kernelMono?: number;
  /** kmsg sequence number. */
  seq?: number;
  /** Further structured fields worth keeping (journal fields, klog JSON keys, RFC 5424 structured data). */
  fields?: Record<string, string>;
}

/** A fact about a host or the cluster read from a command output (not a timed log entry). */
export type Fact =
  | { kind: 'kernel-release'; release: string; host?: string; machine?: string } // `uname -a`
  | { kind: 'hostname'; name: string } // /etc/hostname, `hostname`
  /** Time zone of the host: `timedatectl` `Time zone: Asia/Shanghai (CST, +0800)`, or `date` output. */
  | { kind: 'time-zone'; name?: string; abbreviation?: string; offsetMinutes?: number }
  /** A wall-clock reading at collection time (`date`, `timedatectl` Universal time). */
  | { kind: 'clock-reading'; epochMs: number }
  /** `uptime`: seconds since boot at the time of the reading (`at` is the printed clock, no date). */
  | { kind: 'uptime'; seconds: number; at?: { hour: number; minute: number; second: number } }
  /** A /proc/mounts line; `options` as printed (`rw`, `name=admin`, `fsc`, `recover_session=clean`, …). */
  | { kind: 'mount'; device: string; mountPoint: string; fsType: string; options: string[] }
  /** A session of `ceph tell mds.N client ls` / `session ls`. */
  | {
      kind: 'ceph-client';
      clientId: number;
      hostname?: string;
      address?: string;
      mountPoint?: string;
      kernelVersion?: string;
      state?: string;
      root?: string;
    }
  /** One check of `ceph health detail`: `[WRN] MDS_CLIENT_LATE_RELEASE: 1 clients failing …` plus detail lines. */
  | { kind: 'ceph-health'; code: string; severity: string; summary: string; detail: string[] }
  /** `ceph versions`: how many daemons of a kind run a version. */
  | { kind: 'ceph-version'; daemon: string; version: string; release?: string; count: number };

export interface FactRecord extends RecordBase {
  kind: 'fact';
  fact: Fact;
}

export type LogRecord =
  | DmesgRecord
  | JournalRecord
  | KlogRecord
  | CephConfigRecord
  | EntryRecord
  | FactRecord;

/** Facts a line can carry without being a log record (markers, headers, prompts). */
export type MetaFact =
  | { kind: 'journal-range'; begin: CivilTime; zone: string } // `-- Logs begin at … UTC, end at … --`
  | { kind: 'journal-boot'; bootId?: string } // `-- Boot <id> --` / `-- Reboot --`
  | { kind: 'header' } // table header such as `WHO MASK LEVEL OPTION VALUE RO`
  | { kind: 'prompt'; text: string; host?: string; command?: string } // a shell prompt pasted with the output
  | { kind: 'klog-created'; time: CivilTime } // klog `Log file created at: 2019/11/12 06:00:01` (has the year)
  | { kind: 'host'; name: string } // klog `Running on machine: node-a`
  | { kind: 'other-marker'; text: string }; // `-- No entries --` and the like

/** What a parser says about one physical line. */
export type LineOutcome<R extends LogRecord = LogRecord> =
  /** `more`: further records completed on the same line (a one-line JSON array of several objects). */
  | { t: 'record'; rec: R; more?: R[] }
  | { t: 'meta'; meta: MetaFact }
  /** An indented continuation of the previous record (multi-line message). */
  | { t: 'continuation'; text: string }
  /**
   * The line belongs to a multi-line record that is not complete yet (journal verbose/export,
   * pretty JSON). The record comes later, as the outcome of the line that completes it or from
   * `finish()`, with `line`/`offset` of its first line.
   */
  | { t: 'part' }
  | { t: 'blank' }
  | { t: 'unparsed'; reason: string };

/**
 * A format parser for one file. Line formats are stateless; formats whose records span lines
 * (verbose, export, pretty JSON, tables) keep state, so a fresh parser is made per file with
 * `FormatSpec.create()`. Joining plain continuations to their record is the caller's job.
 */
export interface FormatParser<R extends LogRecord = LogRecord> {
  readonly id: KnownFormat;
  /** Parse one physical line (no trailing `\n`; one trailing `\r` already removed). */
  parseLine(text: string, line: number, offset: number): LineOutcome<R>;
  /** At end of file: records still pending (the last verbose/export entry), else nothing. */
  finish?(): R[];
}

/** A format the engine knows: how to make its parser and what file names suggest it. */
export interface FormatSpec {
  id: KnownFormat;
  /** How a person calls it: `dmesg -T (ctime)`, `journalctl -o json`. */
  title: string;
  create(): FormatParser;
  /** A file name (basename, lower case) that suggests this format; only breaks ties in detection. */
  pathHint?: RegExp;
  /** Content too generic to tell alone (a one-word hostname file): a candidate only when `pathHint` matches. */
  needsPathHint?: boolean;
}

/** Result of sniffing the head of a file. */
export interface Detection {
  format: FormatId;
  /** matched lines / candidate lines over the sniffed head, 0..1 */
  score: number;
  /** Why this format won, or why none did (shown to the user for `unrecognised`). */
  reason: string;
  /** Per-format scores, best first, for the sources panel. */
  candidates: { format: KnownFormat; score: number }[];
}

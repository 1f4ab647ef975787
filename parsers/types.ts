// Shared record types for every format parser. Parsers are pure: no DOM, worker or Node APIs.

/** Format ids: kebab-case with a family prefix (see docs/architecture.md). */
export const FORMAT = {
  dmesg: 'dmesg',
  journalShort: 'journal-short',
  klog: 'klog',
  cephConfigDump: 'ceph-config-dump',
  unrecognised: 'unrecognised',
} as const;
export type FormatId = (typeof FORMAT)[keyof typeof FORMAT];
export const KNOWN_FORMATS: readonly Exclude<FormatId, 'unrecognised'>[] = [
  FORMAT.dmesg,
  FORMAT.journalShort,
  FORMAT.klog,
  FORMAT.cephConfigDump,
];

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

export type LogRecord = DmesgRecord | JournalRecord | KlogRecord | CephConfigRecord;

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
  | { t: 'record'; rec: R }
  | { t: 'meta'; meta: MetaFact }
  /** An indented continuation of the previous record (multi-line message). */
  | { t: 'continuation'; text: string }
  | { t: 'blank' }
  | { t: 'unparsed'; reason: string };

/**
 * A format parser. Stateless per line so that a file can be split at line boundaries and parsed
 * in parallel; joining continuations to their record is the caller's job.
 */
export interface FormatParser<R extends LogRecord = LogRecord> {
  readonly id: Exclude<FormatId, 'unrecognised'>;
  /** Parse one physical line (no trailing `\n`; one trailing `\r` already removed). */
  parseLine(text: string, line: number, offset: number): LineOutcome<R>;
}

/** Result of sniffing the head of a file. */
export interface Detection {
  format: FormatId;
  /** matched lines / candidate lines over the sniffed head, 0..1 */
  score: number;
  /** Why this format won, or why none did (shown to the user for `unrecognised`). */
  reason: string;
  /** Per-format scores, best first, for the sources panel. */
  candidates: { format: Exclude<FormatId, 'unrecognised'>; score: number }[];
}

// Ceph daemon and cluster logs: `/var/log/ceph/ceph-mds.<name>.log` (and the MDS container's stderr in
// Rook, where every line starts with `debug `), and the cluster log `/var/log/ceph/ceph.log` (also
// `ceph -w`, `ceph log last`), written by the mons from the daemons' clog entries.
//
// Sample lines (ceph/ceph-csi#5265 Rook MDS stderr; ceph/ceph#47515 Nautilus MDS log; ceph/ceph#22645
// cluster log):
//   debug 2025-04-27T10:12:45.617+0000 7f17a10a0640  0 log_channel(cluster) log [WRN] : evicting unresponsive client puhui-py:ai_asset (977313), after 316.554 seconds
//   debug 2025-04-27T10:12:45.617+0000 7f17a10a0640  1 mds.0.482 Evicting (and blocklisting) client session 977313 (v1:10.10.10.253:0/180833414)
//   2022-10-25 16:41:04.133 7f6c4e836700 20 mds.31.locker caps_tick 9 revoking caps
//   2019-07-13T18:12:45.451223+0000 mon.b (mon.0) 1415 : cluster [WRN] Health check failed: 1 clients failing to respond to capability release (MDS_CLIENT_LATE_RELEASE)
//
// Example:
//   cephMdsLogParser.parseLine('debug 2025-04-27T10:12:45.617+0000 7f17a10a0640  1 mds.0.482 Evicting (and blocklisting) client session 977313 (v1:10.10.10.253:0/180833414)', 2, 163)
//   // → { t: 'record', rec: { kind: 'entry', ident: 'ceph-mds', severity: 6,
//   //      time: { kind: 'civil', civil: { year: 2025, month: 4, day: 27, hour: 10, …, micros: 617000 }, zone: '+0000' },
//   //      fields: { thread: '7f17a10a0640', dout: '1', prefix: 'mds.0.482' },
//   //      msg: 'Evicting (and blocklisting) client session 977313 (v1:10.10.10.253:0/180833414)', … } }
//   cephClusterLogParser.parseLine('2019-07-13T18:12:45.451223+0000 mon.b (mon.0) 1415 : cluster [WRN] Health check failed: …', 1, 0)
//   // → { t: 'record', rec: { kind: 'entry', ident: 'ceph-mon', severity: 4,
//   //      fields: { daemon: 'mon.b', rank: 'mon.0', seq: '1415', channel: 'cluster', level: 'WRN' }, msg: 'Health check failed: …', … } }
//
// The MDS keeps the dout prefix (`mds.0.482`, `mds.0.server`) and the clog tag
// (`log_channel(cluster) log [WRN] : `) out of `msg` and in `fields`; the rule catalog (rules.ts, origin
// 'mds') accepts its messages with or without them.

import { civilOf, fractionMicros, isValidCivil } from './civil.ts';
import { isBlank, matchPrompt } from './lines.ts';
import type { EntryRecord, EntryTime, FormatParser, FormatSpec, LineOutcome } from './types.ts';

// ceph_clock_now() as the log prints it: `2025-04-27T10:12:45.617+0000` (Octopus+, ms and zone),
// `2022-10-25 16:41:04.133` (Nautilus), `2019-11-12 10:19:14.123456` (older, µs, no zone).
const STAMP = String.raw`(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})[T ](?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2})\.(?<frac>\d{1,9})(?<zone>Z|[+-]\d{2}:?\d{2})?`;

// dout line: `<stamp> <thread id in hex> <level right-aligned in 2> <text>`; Rook pods prefix `debug `.
const DAEMON_LINE = new RegExp(
  String.raw`^(?:debug )?${STAMP} (?<thread>[0-9a-f]{1,16}) +(?<dout>-?\d{1,3})(?: (?<rest>.*))?$`,
);
// clog entries the daemon also writes to its own log (LogChannel::do_log).
const CLOG = /^log_channel\((?<channel>[\w-]+)\) log \[(?<level>[A-Z]{3})\] : ?(?<msg>.*)$/;
// The dout prefix of the MDS subsystems: `mds.0.482 ` (rank.incarnation), `mds.0.server `, `mds.a `.
const MDS_PREFIX = /^(?<prefix>mds\.\S+) (?<msg>.*)$/;

// LogEntry: `<stamp> <name> (<rank>) <seq> : <channel> [<prio>] <msg>` (Nautilus+), or
// `<stamp> <name> <rank> <addr> <seq> : …` (Luminous, Mimic); the stamp may be epoch seconds.
const CLUSTER_LINE = new RegExp(
  String.raw`^(?:${STAMP}|(?<epoch>\d{9,11})\.(?<epochFrac>\d{1,9})) (?<daemon>[a-z]+\.\S+) (?:\((?<rank>[^()\s]+)\)|(?<rank2>[a-z]+\.\d+) (?<addr>\S+)) (?<seq>\d+) : (?<channel>[\w-]+) \[(?<level>[A-Z]{3})\] ?(?<msg>.*)$`,
);

/** clog priority → syslog severity (LogEntry.cc clog_type_to_syslog_level). */
const CLOG_SEVERITY: Readonly<Record<string, number>> = { DBG: 7, INF: 6, WRN: 4, ERR: 3, SEC: 2 };

/** dout level → syslog severity: -1 is derr, 0 always printed, 1-4 informational, ≥5 debug. */
function doutSeverity(level: number): number {
  if (level < 0) return 3;
  if (level === 0) return 5;
  return level < 5 ? 6 : 7;
}

type Groups = Record<string, string | undefined>;

function stampOf(g: Groups): EntryTime | null {
  if (g.epoch !== undefined) {
    return { kind: 'epoch', ms: Number(g.epoch) * 1000 + fractionMicros(g.epochFrac) / 1000 };
  }
  const civil = civilOf(g, fractionMicros(g.frac));
  if (!isValidCivil(civil)) return null;
  return g.zone === undefined ? { kind: 'civil', civil } : { kind: 'civil', civil, zone: g.zone };
}

/** A line no daemon-log header starts: prompt, continuation of a multi-line dump, or unparsed. */
function other(text: string, what: string): LineOutcome<EntryRecord> {
  if (isBlank(text)) return { t: 'blank' };
  const prompt = matchPrompt(text);
  if (prompt) return { t: 'meta', meta: { kind: 'prompt', text, ...prompt } };
  // Backtraces and `--- begin dump of recent events ---` bodies are indented.
  const first = text.charCodeAt(0);
  if (first === 0x20 || first === 0x09) return { t: 'continuation', text };
  return { t: 'unparsed', reason: what };
}

function parseMdsLine(text: string, line: number, offset: number): LineOutcome<EntryRecord> {
  const g = DAEMON_LINE.exec(text)?.groups;
  if (!g) return other(text, 'not a Ceph daemon log line (<time> <thread> <level> …)');
  const time = stampOf(g);
  if (!time) return { t: 'unparsed', reason: 'impossible date or time' };
  const dout = Number(g.dout);
  const rest = g.rest ?? '';
  const fields: Record<string, string> = { thread: g.thread ?? '', dout: g.dout ?? '' };
  let msg = rest;
  let severity = doutSeverity(dout);
  const clog = CLOG.exec(rest)?.groups;
  const prefixed = clog ? undefined : MDS_PREFIX.exec(rest)?.groups;
  if (clog) {
    fields.channel = clog.channel ?? '';
    fields.level = clog.level ?? '';
    severity = CLOG_SEVERITY[fields.level] ?? severity;
    msg = clog.msg ?? '';
  } else if (prefixed) {
    fields.prefix = prefixed.prefix ?? '';
    msg = prefixed.msg ?? '';
  }
  return {
    t: 'record',
    rec: { kind: 'entry', line, offset, msg, time, ident: 'ceph-mds', severity, fields },
  };
}

function parseClusterLine(text: string, line: number, offset: number): LineOutcome<EntryRecord> {
  const g = CLUSTER_LINE.exec(text)?.groups;
  if (!g)
    return other(text, 'not a cluster log line (<time> <daemon> (<rank>) <seq> : <channel> [<prio>] …)');
  const time = stampOf(g);
  if (!time) return { t: 'unparsed', reason: 'impossible date or time' };
  const daemon = g.daemon ?? '';
  const level = g.level ?? '';
  const fields: Record<string, string> = {
    daemon,
    rank: g.rank ?? g.rank2 ?? '',
    ...(g.addr === undefined ? {} : { addr: g.addr }),
    seq: g.seq ?? '',
    channel: g.channel ?? '',
    level,
  };
  const rec: EntryRecord = {
    kind: 'entry',
    line,
    offset,
    msg: g.msg ?? '',
    time,
    ident: `ceph-${daemon.slice(0, daemon.indexOf('.'))}`,
    fields,
  };
  const severity = CLOG_SEVERITY[level];
  if (severity !== undefined) rec.severity = severity;
  return { t: 'record', rec };
}

export const cephMdsLogParser: FormatParser<EntryRecord> = { id: 'ceph-mds-log', parseLine: parseMdsLine };
export const cephClusterLogParser: FormatParser<EntryRecord> = {
  id: 'ceph-cluster-log',
  parseLine: parseClusterLine,
};

export const CEPH_LOG_FORMATS: readonly FormatSpec[] = [
  {
    id: 'ceph-mds-log',
    title: 'Ceph MDS daemon log',
    create: () => cephMdsLogParser,
    pathHint: /mds/,
  },
  {
    id: 'ceph-cluster-log',
    title: 'Ceph cluster log (ceph.log)',
    create: () => cephClusterLogParser,
    pathHint: /^ceph(?:\.audit)?\.log|ceph_log_last|cluster.*\.log/,
  },
];

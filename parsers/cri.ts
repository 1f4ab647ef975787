// Container logs: the CRI format the runtime writes to /var/log/pods/<ns>_<pod>_<uid>/<container>/<n>.log
// (`RFC3339Nano stream tag content`; tag `P` = partial chunk, `F` = full/last chunk), and the form
// `kubectl logs --timestamps` / must-gather `current.log` prints (`RFC3339Nano content`, no stream/tag).
//
// Sample lines (kubernetes pkg/kubelet/kuberuntime/logs/logs.go, then a ceph-csi nodeplugin line from
// ceph/ceph-csi#6418 with the stamp `kubectl logs --timestamps` puts in front of it, constructed):
//   2016-10-06T00:17:09.669794202Z stdout P log content 1
//   2016-10-06T00:17:09.669794203Z stderr F log content 2
//   2026-07-27T13:38:40.221213497Z E0727 13:38:40.221086       1 utils.go:366] ID: 7 GRPC error: rpc error: code = Aborted desc = an operation with the given target path /var/lib/kubelet/pods/ca8be956-d2a4-47ed-a4dd-1167af26ebbc/volumes/kubernetes.io~csi/pvc-444f47a0-f2c2-4801-acbc-d12e632bb4c2/mount already exists
//
// Example:
//   const p = CRI_FORMATS[0].create();
//   p.parseLine('2016-10-06T00:17:09.669794202Z stdout P log content 1', 1, 0);   // → { t: 'part' }
//   p.parseLine('2016-10-06T00:17:09.669794203Z stdout F and 2', 2, 55);
//   // → { t: 'record', rec: { kind: 'entry', line: 1, offset: 0, msg: 'log content 1and 2',
//   //      time: { kind: 'civil', civil: { year: 2016, …, micros: 669794 }, zone: 'Z' }, fields: { stream: 'stdout', parts: '2' } } }

import {
  type DateTimeFields,
  digitsAt,
  digitsEnd,
  isoZoneEnd,
  isValidDate,
  readIsoDateTime,
} from './civil.ts';
import { parseKlogHeader } from './klog.ts';
import { hasLineBreak, isBlank, isSpaceCode, MAX_LINE_BYTES, matchPrompt } from './lines.ts';
import type { CivilTime, EntryRecord, FormatParser, FormatSpec, LineOutcome } from './types.ts';

/** A CRI or `--timestamps` line as readCri/readTimestamped find it; the time may not be valid. */
interface Head {
  civil: CivilTime;
  zone: string;
  stream: string;
  tag: number;
  msg: string;
}

/** Where readStamp reads a stamp's fields (one object for every line). */
const FIELDS: DateTimeFields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };

/** What a Head holds until readStamp sets its time (never handed out). */
const NO_TIME: CivilTime = { month: 0, day: 0, hour: 0, minute: 0, second: 0, micros: 0 };

/**
 * `\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{minDigits,9})?(?:Z|[+-]\d{2}:\d{2})` at the start, with
 * what the ISO stamp reader makes of it (the fraction cut to microseconds): sets `head.civil` and
 * `head.zone` and returns the index after the zone, or -1. `minDigits` 0: the fraction is optional.
 */
function readStamp(text: string, minDigits: number, head: Head): number {
  if (!readIsoDateTime(text, 0, FIELDS)) return -1;
  const { year, month, day, hour, minute, second } = FIELDS;
  let at = 19;
  let micros = 0;
  if (text.charCodeAt(at) === 0x2e) {
    const end = digitsEnd(text, at + 1);
    const digits = end - at - 1;
    if (digits < Math.max(1, minDigits) || digits > 9) return -1;
    const kept = Math.min(digits, 6);
    micros = digitsAt(text, at + 1, kept) * 10 ** (6 - kept);
    at = end;
  } else if (minDigits > 0) return -1;
  const zoneEnd = isoZoneEnd(text, at);
  if (zoneEnd < 0) return -1;
  head.civil = { month, day, hour, minute, second, micros };
  head.civil.year = year;
  head.zone = text.slice(at, zoneEnd);
  return zoneEnd;
}

/** `(?: (?<msg>.*))?$` at `at`: sets `head.msg` ('' at the end of the line), or false. */
function readMsg(text: string, at: number, head: Head): boolean {
  if (at === text.length) {
    head.msg = '';
    return true;
  }
  if (text.charCodeAt(at) !== 0x20 || hasLineBreak(text, at + 1)) return false;
  head.msg = text.slice(at + 1);
  return true;
}

/**
 * `^(?<ts>STAMP) (?<stream>stdout|stderr) (?<tag>[PF])(?::\S*)?(?: (?<msg>.*))?$`; further tags may
 * follow the P/F tag after `:` (CRI LogTagDelimiter). Read by hand: every line of a pod log.
 */
function readCri(text: string): Head | null {
  const head: Head = { civil: NO_TIME, zone: '', stream: '', tag: 0, msg: '' };
  const at = readStamp(text, 0, head);
  if (at < 0 || text.charCodeAt(at) !== 0x20) return null;
  if (text.startsWith('stdout ', at + 1)) head.stream = 'stdout';
  else if (text.startsWith('stderr ', at + 1)) head.stream = 'stderr';
  else return null;
  const tag = text.charCodeAt(at + 8);
  if (tag !== 0x50 && tag !== 0x46) return null;
  head.tag = tag;
  let i = at + 9;
  if (text.charCodeAt(i) === 0x3a) {
    i++;
    while (i < text.length && !isSpaceCode(text.charCodeAt(i))) i++;
  }
  return readMsg(text, i, head) ? head : null;
}

/**
 * The kubelet writes RFC3339NanoFixed (always 9 digits) for `--timestamps`; requiring them keeps
 * rsyslog and journalctl short-iso lines (≤ 6 digits, then a host) out:
 * `^(?<ts>STAMP\.\d{9}(?:Z|[+-]\d{2}:\d{2}))(?: (?<msg>.*))?$`.
 */
function readTimestamped(text: string): Head | null {
  const head: Head = { civil: NO_TIME, zone: '', stream: '', tag: 0, msg: '' };
  const at = readStamp(text, 9, head);
  return at >= 0 && readMsg(text, at, head) ? head : null;
}

/** A P chain still waiting for its F line. */
interface Pending {
  line: number;
  offset: number;
  civil: CivilTime;
  zone: string;
  chunks: string[];
  chars: number;
}

function entry(
  line: number,
  offset: number,
  civil: CivilTime,
  zone: string,
  msg: string,
  fields?: Record<string, string>,
): EntryRecord {
  const rec: EntryRecord = { kind: 'entry', line, offset, msg, time: { kind: 'civil', civil, zone } };
  if (fields) rec.fields = fields;
  const klog = parseKlogHeader(msg);
  if (klog) rec.klog = klog;
  return rec;
}

function joined(p: Pending, stream: string, last: string | null): EntryRecord {
  const chunks = last === null ? p.chunks : [...p.chunks, last];
  const fields: Record<string, string> = { stream };
  if (chunks.length > 1) fields.parts = String(chunks.length);
  // A chain with no F line (end of file, or longer than a line may be) is kept as it stands.
  if (last === null) fields.partial = 'true';
  return entry(p.line, p.offset, p.civil, p.zone, chunks.join(''), fields);
}

/** A fresh parser per file: it joins `P` chunks per stream until the stream's next `F` line. */
export function createCriParser(): FormatParser<EntryRecord> {
  const pending = new Map<string, Pending>();

  function parseLine(text: string, line: number, offset: number): LineOutcome<EntryRecord> {
    if (isBlank(text)) return { t: 'blank' };
    const g = readCri(text);
    if (g) {
      if (!isValidDate(g.civil))
        return { t: 'unparsed', reason: 'impossible date or time in the CRI timestamp' };
      const stamp = { civil: g.civil, zone: g.zone };
      const { stream, msg } = g;
      const open = pending.get(stream);
      if (g.tag === 0x46) {
        if (!open) return { t: 'record', rec: entry(line, offset, stamp.civil, stamp.zone, msg, { stream }) };
        pending.delete(stream);
        return { t: 'record', rec: joined(open, stream, msg) };
      }
      if (!open) {
        const chain = {
          line,
          offset,
          civil: stamp.civil,
          zone: stamp.zone,
          chunks: [msg],
          chars: msg.length,
        };
        pending.set(stream, chain);
        return { t: 'part' };
      }
      if (open.chars + msg.length > MAX_LINE_BYTES) {
        // Never hold more than one line's worth: emit what we have and start a new chain here.
        pending.set(stream, {
          line,
          offset,
          civil: stamp.civil,
          zone: stamp.zone,
          chunks: [msg],
          chars: msg.length,
        });
        return { t: 'record', rec: joined(open, stream, null) };
      }
      open.chunks.push(msg);
      open.chars += msg.length;
      return { t: 'part' };
    }
    const t = readTimestamped(text);
    if (t) {
      if (!isValidDate(t.civil)) return { t: 'unparsed', reason: 'impossible date or time in the timestamp' };
      return { t: 'record', rec: entry(line, offset, t.civil, t.zone, t.msg) };
    }
    const prompt = matchPrompt(text);
    if (prompt) return { t: 'meta', meta: { kind: 'prompt', text, ...prompt } };
    return {
      t: 'unparsed',
      reason: 'no CRI prefix (RFC3339Nano stdout|stderr P|F ) or kubectl --timestamps stamp',
    };
  }

  function finish(): EntryRecord[] {
    const out = [...pending].map(([stream, p]) => joined(p, stream, null));
    pending.clear();
    return out.sort((a, b) => a.line - b.line);
  }

  return { id: 'cri', parseLine, finish };
}

export const CRI_FORMATS: readonly FormatSpec[] = [
  {
    id: 'cri',
    title: 'container log (CRI, kubectl logs --timestamps)',
    create: createCriParser,
    // /var/log/pods/…/<n>.log (+ rotation `.20060102-150405`), /var/log/containers/…-<64 hex>.log,
    // must-gather …/logs/current.log and previous.log.
    pathHint: /^(?:\d+\.log(?:\.\d{8}-\d{6})?|current\.log|previous\.log)$|-[0-9a-f]{64}\.log$/,
  },
];

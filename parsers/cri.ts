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

import { parseKlogHeader } from './klog.ts';
import { isBlank, MAX_LINE_BYTES, matchPrompt } from './lines.ts';
import { parseIsoStamp } from './syslog.ts';
import type { CivilTime, EntryRecord, FormatParser, FormatSpec, LineOutcome } from './types.ts';

const STAMP = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}';
// Further tags may follow the P/F tag after `:` (CRI LogTagDelimiter).
const CRI = new RegExp(
  `^(?<ts>${STAMP}(?:\\.\\d{1,9})?(?:Z|[+-]\\d{2}:\\d{2})) (?<stream>stdout|stderr) (?<tag>[PF])(?::\\S*)?(?: (?<msg>.*))?$`,
);
// The kubelet writes RFC3339NanoFixed (always 9 digits) for `--timestamps`; requiring them keeps rsyslog
// and journalctl short-iso lines (≤ 6 digits, then a host) out.
const TIMESTAMPED = new RegExp(`^(?<ts>${STAMP}\\.\\d{9}(?:Z|[+-]\\d{2}:\\d{2}))(?: (?<msg>.*))?$`);

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
    const g = CRI.exec(text)?.groups;
    if (g) {
      const stamp = parseIsoStamp(g.ts ?? '');
      if (!stamp) return { t: 'unparsed', reason: 'impossible date or time in the CRI timestamp' };
      const stream = g.stream ?? '';
      const msg = g.msg ?? '';
      const open = pending.get(stream);
      if (g.tag === 'F') {
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
    const t = TIMESTAMPED.exec(text)?.groups;
    if (t) {
      const stamp = parseIsoStamp(t.ts ?? '');
      if (!stamp) return { t: 'unparsed', reason: 'impossible date or time in the timestamp' };
      return { t: 'record', rec: entry(line, offset, stamp.civil, stamp.zone, t.msg ?? '') };
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

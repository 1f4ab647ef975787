// Kubernetes component-base JSON logs (`kubelet --logging-format=json`, `logging: {format: json}` in the
// KubeletConfiguration): one object per line, `ts` in epoch MILLISECONDS (float), `caller`, `msg`, `v`
// on info records, `err` on error records, then the structured keys. Lines printed before logging is
// configured are plain text and stay unparsed.
//
// Sample lines (kubernetes/kubernetes#104997 and #100409, the first quoted with the text line the same
// failure printed before that fix):
//   E0914 10:54:57.540301   69656 server.go:271] "Failed to construct kubelet dependencies" err="error reading /var/lib/kubelet/pki/kubelet.key, certificate and key must be supplied as a pair"
//   {"ts":1631610094233.7605,"caller":"app/server.go:276","msg":"Failed to construct kubelet dependencies","err":"error reading /var/lib/kubelet/pki/kubelet.key, certificate and key must be supplied as a pair"}
//   {"ts":1616398324656.7524,"msg":"FLAG: --eviction-soft=\"\"\n","v":1}
//
// Example:
//   klogJsonParser.parseLine('{"ts":1616398324656.7524,"msg":"FLAG: --eviction-soft=\\"\\"\\n","v":1}', 1, 0)
//   // → { t: 'record', rec: { kind: 'entry', time: { kind: 'epoch', ms: 1616398324656.7524 }, ident: 'kubelet',
//   //      severity: 7, fields: { v: '1' }, msg: 'FLAG: --eviction-soft=""', line: 1, offset: 0 } }

import { isBlank, matchPrompt } from './lines.ts';
import { parseIsoStamp } from './syslog.ts';
import type { EntryRecord, EntryTime, FormatParser, FormatSpec, LineOutcome } from './types.ts';

/** `ts` above this is epoch milliseconds (component-base), below it epoch seconds (zap defaults). */
const MILLIS_THRESHOLD = 1e11;
/** Fields are for display and filtering, not a copy of the object: keep them small. */
const MAX_FIELDS = 24;
const MAX_FIELD_CHARS = 256;

// zap level names (controller-runtime and other zap loggers print `level` instead of `v`/`err`).
const LEVELS: Readonly<Record<string, number>> = {
  debug: 7,
  info: 6,
  warn: 4,
  warning: 4,
  error: 3,
  dpanic: 2,
  panic: 2,
  fatal: 2,
};

function str(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function clip(s: string): string {
  return s.length > MAX_FIELD_CHARS ? `${s.slice(0, MAX_FIELD_CHARS - 1)}…` : s;
}

function entryTime(ts: unknown): EntryTime | null {
  if (typeof ts === 'number' && Number.isFinite(ts) && ts > 0) {
    return { kind: 'epoch', ms: ts > MILLIS_THRESHOLD ? ts : ts * 1000 };
  }
  if (typeof ts === 'string') {
    const stamp = parseIsoStamp(ts);
    if (stamp) return { kind: 'civil', civil: stamp.civil, zone: stamp.zone };
  }
  return null;
}

function severity(obj: Record<string, unknown>): number | undefined {
  if (obj.err !== undefined) return 3;
  if (typeof obj.level === 'string') return LEVELS[obj.level.toLowerCase()];
  if (typeof obj.v === 'number') return obj.v > 0 ? 7 : 6;
  return undefined;
}

function parseLine(text: string, line: number, offset: number): LineOutcome<EntryRecord> {
  if (isBlank(text)) return { t: 'blank' };
  if (text.charCodeAt(0) !== 0x7b /* { */) {
    const prompt = matchPrompt(text);
    if (prompt) return { t: 'meta', meta: { kind: 'prompt', text, ...prompt } };
    return { t: 'unparsed', reason: 'not a JSON log line (text printed before JSON logging started?)' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { t: 'unparsed', reason: 'malformed JSON (cut or wrapped line?)' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { t: 'unparsed', reason: 'JSON line is not an object' };
  }
  const obj = value as Record<string, unknown>;
  const time = entryTime(obj.ts);
  if (!time || typeof obj.msg !== 'string') {
    return { t: 'unparsed', reason: 'JSON object without a numeric "ts" and a "msg" (not klog JSON)' };
  }
  // component-base appends the `\n` of Infof-style calls to msg.
  let msg = obj.msg.endsWith('\n') ? obj.msg.slice(0, -1) : obj.msg;
  // Rules that look for the error text in a klog line (`err="…"`) see it here too.
  if (obj.err !== undefined) msg += ` err=${JSON.stringify(str(obj.err))}`;
  const rec: EntryRecord = { kind: 'entry', line, offset, msg, time, ident: 'kubelet' };
  const sev = severity(obj);
  if (sev !== undefined) rec.severity = sev;
  const fields: Record<string, string> = {};
  let n = 0;
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'ts' || k === 'msg' || k === 'err') continue;
    if (n++ >= MAX_FIELDS) break;
    fields[k] = clip(str(v));
  }
  if (n > 0) rec.fields = fields;
  return { t: 'record', rec };
}

export const klogJsonParser: FormatParser<EntryRecord> = { id: 'klog-json', parseLine };

export const KLOG_JSON_FORMATS: readonly FormatSpec[] = [
  {
    id: 'klog-json',
    title: 'kubelet JSON logs (--logging-format=json)',
    create: () => klogJsonParser,
    pathHint: /^kubelet/,
  },
];

// `ceph health detail` (plain text, mon HealthMonitor / health_check_map_t): a `HEALTH_*` summary line,
// then one line per check with its detail lines indented by four spaces.
//
// Sample lines (ceph/ceph#47515, a Nautilus cluster: the pre-Octopus layout has no `[WRN]` tag and no
// colon after the code; Octopus+ prints `[WRN] CODE: summary`, see the example below):
//   HEALTH_WARN 1 clients failing to respond to capability release
//   MDS_CLIENT_LATE_RELEASE 1 clients failing to respond to capability release
//       mds.mds020(mds.31): Client KN1791 failing to respond to capability release client_id: 110688476
//
// Example:
//   const p = createCephHealthDetailParser(); // one per file: a check is complete at the next check
//   p.parseLine('HEALTH_WARN 1 clients failing to respond to capability release', 1, 0) // → meta other-marker
//   p.parseLine('[WRN] MDS_CLIENT_LATE_RELEASE: 1 clients failing to respond to capability release', 2, 64) // → part
//   p.parseLine('    mds.cfs01.ceph2.qwkfzp(mds.0): Client gpu-node-17 failing to respond to capability release client_id: 4305', 3, 147) // → part
//   p.finish()
//   // → [{ kind: 'fact', line: 2, offset: 64, msg: '[WRN] MDS_CLIENT_LATE_RELEASE: 1 clients failing …',
//   //      fact: { kind: 'ceph-health', code: 'MDS_CLIENT_LATE_RELEASE', severity: 'WRN',
//   //              summary: '1 clients failing to respond to capability release', detail: ['mds.cfs01.ceph2.qwkfzp(mds.0): Client …'] } }]

import { matchCommandLine } from './ceph-json.ts';
import { isBlank } from './lines.ts';
import type { FactRecord, FormatParser, FormatSpec, LineOutcome } from './types.ts';

const STATUS = /^(?<status>HEALTH_(?:OK|WARN|ERR))(?: (?<summary>.*))?$/;
// Octopus+: `[WRN] MDS_CLIENT_LATE_RELEASE: 1 clients …`.
const CHECK = /^(?:\(MUTED\) )?\[(?<severity>[A-Z]{3})\] (?<code>[A-Z][A-Z0-9_]*): (?<summary>.*)$/;
// Luminous-Nautilus: `MDS_CLIENT_LATE_RELEASE 1 clients …` (only after a HEALTH_ line: codes have a `_`).
// Both may start with `(MUTED) ` (`ceph health mute`), which stays in `msg`.
const OLD_CHECK = /^(?:\(MUTED\) )?(?<code>[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+) (?<summary>\S.*)$/;
const DETAIL = /^(?: +|\t)(?<text>\S.*)$/;
/** Checks such as PG_DEGRADED can list thousands of PGs; detail beyond this is counted, not kept. */
export const MAX_DETAIL_LINES = 1000;

const STATUS_SEVERITY: Readonly<Record<string, string>> = {
  HEALTH_OK: 'INF',
  HEALTH_WARN: 'WRN',
  HEALTH_ERR: 'ERR',
};

interface Pending {
  line: number;
  offset: number;
  msg: string;
  code: string;
  severity: string;
  summary: string;
  detail: string[];
}

function toRecord(p: Pending): FactRecord {
  const { line, offset, msg, code, severity, summary, detail } = p;
  return { kind: 'fact', line, offset, msg, fact: { kind: 'ceph-health', code, severity, summary, detail } };
}

export function createCephHealthDetailParser(): FormatParser<FactRecord> {
  let pending: Pending | null = null;
  /** Severity of the latest HEALTH_ line, for the untagged pre-Octopus checks; null before one. */
  let status: string | null = null;
  const queue: FactRecord[] = [];

  /** Starts a new check; the previous one, if any, is complete and is this line's record. */
  const start = (next: Pending): LineOutcome<FactRecord> => {
    const done = pending;
    pending = next;
    return done ? { t: 'record', rec: toRecord(done) } : { t: 'part' };
  };
  /** A line that is not part of a check closes the pending one; it goes to finish() so the line keeps its meta. */
  const close = (): void => {
    if (pending) queue.push(toRecord(pending));
    pending = null;
  };

  return {
    id: 'ceph-health-detail',
    parseLine(text: string, line: number, offset: number): LineOutcome<FactRecord> {
      if (isBlank(text)) return { t: 'blank' };
      const s = STATUS.exec(text)?.groups;
      if (s) {
        close();
        status = STATUS_SEVERITY[s.status ?? ''] ?? null;
        return { t: 'meta', meta: { kind: 'other-marker', text } };
      }
      const c = CHECK.exec(text)?.groups;
      if (c) {
        const { severity = '', code = '', summary = '' } = c;
        return start({ line, offset, msg: text, code, severity, summary, detail: [] });
      }
      const old = status === null ? undefined : OLD_CHECK.exec(text)?.groups;
      if (old && status !== null) {
        const { code = '', summary = '' } = old;
        return start({ line, offset, msg: text, code, severity: status, summary, detail: [] });
      }
      const d = DETAIL.exec(text)?.groups;
      if (d) {
        if (!pending) return { t: 'unparsed', reason: 'indented detail line before any health check' };
        if (pending.detail.length < MAX_DETAIL_LINES) pending.detail.push(d.text ?? '');
        return { t: 'part' };
      }
      const meta = matchCommandLine(text);
      if (meta) {
        close();
        return { t: 'meta', meta };
      }
      return {
        t: 'unparsed',
        reason:
          status === null
            ? 'not a health check line ([WRN] CODE: summary) and no HEALTH_ line before it'
            : 'not a health check line (CODE summary) or an indented detail line',
      };
    },
    finish(): FactRecord[] {
      close();
      return queue.splice(0);
    },
  };
}

export const CEPH_HEALTH_FORMATS: readonly FormatSpec[] = [
  {
    id: 'ceph-health-detail',
    title: 'ceph health detail',
    create: () => createCephHealthDetailParser(),
    pathHint: /health/,
  },
];

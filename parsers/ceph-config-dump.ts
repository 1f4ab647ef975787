// `ceph config dump` (and `ceph config get <who>`) plain table, as printed by ConfigMonitor.cc.
//
// Sample lines (mcgarrah/mcgarrah.github.io, a Proxmox cluster `harlan`):
//   root@harlan:~# ceph config dump
//   WHO    MASK  LEVEL     OPTION                                             VALUE      RO
//   mgr          advanced  mgr/dashboard/ssl                                  true       *
//   osd.0        basic     osd_mclock_max_capacity_iops_hdd                   86.136079
//
// Example:
//   const p = createCephConfigDumpParser(); // one per file: it remembers the header's columns
//   p.parseLine('WHO    MASK  LEVEL     OPTION …  VALUE      RO', 2, 32); // → { t: 'meta', meta: { kind: 'header' } }
//   p.parseLine('mgr          advanced  mgr/dashboard/ssl  …  true       *', 6, 374)
//   // → { t: 'record', rec: { kind: 'ceph-config', who: 'mgr', mask: '', level: 'advanced',
//   //      option: 'mgr/dashboard/ssl', value: 'true', ro: true, … } }

import { isBlank, matchPrompt } from './lines.ts';
import type { CephConfigRecord, FormatParser, LineOutcome } from './types.ts';

export const CEPH_CONFIG_HEADER = /^ *WHO +MASK +LEVEL +OPTION +VALUE +RO\s*$/;
const LEVELS: ReadonlySet<string> = new Set(['basic', 'advanced', 'dev', 'unknown']);
const NOT_BEFORE_HEADER = 'row before the WHO MASK LEVEL OPTION VALUE RO header';

interface Columns {
  who: number;
  mask: number;
  level: number;
  option: number;
  value: number;
  ro: number;
}

function columnsOf(header: string): Columns {
  // Search each name after the previous one: `WHO` also occurs nowhere else, but stay strict.
  const who = header.indexOf('WHO');
  const mask = header.indexOf('MASK', who + 3);
  const level = header.indexOf('LEVEL', mask + 4);
  const option = header.indexOf('OPTION', level + 5);
  const value = header.indexOf('VALUE', option + 6);
  const ro = header.indexOf('RO', value + 5);
  return { who, mask, level, option, value, ro };
}

/** A cell boundary must fall on a space (or past the end of a short row), or the row is not aligned. */
function isBoundary(text: string, at: number): boolean {
  return at >= text.length || text[at - 1] === ' ';
}

function parseRow(c: Columns, text: string, line: number, offset: number): LineOutcome<CephConfigRecord> {
  for (const at of [c.mask, c.level, c.option, c.value, c.ro]) {
    if (!isBoundary(text, at)) {
      return { t: 'unparsed', reason: 'row does not line up with the header columns' };
    }
  }
  if (text.slice(0, c.who).trim() !== '') {
    return { t: 'unparsed', reason: 'text before the WHO column' };
  }
  // Older releases indent WHO by section (`global`, `  mon`, `    mon.a`), so every cell is trimmed.
  const who = text.slice(c.who, c.mask).trim();
  const mask = text.slice(c.mask, c.level).trim();
  const level = text.slice(c.level, c.option).trim();
  const option = text.slice(c.option, c.value).trim();
  const value = text.slice(c.value, c.ro).trim();
  const roCell = text.slice(c.ro).trim();
  if (!LEVELS.has(level))
    return { t: 'unparsed', reason: `LEVEL "${level}" is not basic/advanced/dev/unknown` };
  if (who === '' || option === '') return { t: 'unparsed', reason: 'row without WHO or OPTION' };
  if (roCell !== '' && roCell !== '*')
    return { t: 'unparsed', reason: `RO "${roCell}" is neither empty nor *` };
  return {
    t: 'record',
    rec: {
      kind: 'ceph-config',
      line,
      offset,
      msg: text.trim(),
      who,
      mask,
      level,
      option,
      value,
      ro: roCell === '*',
    },
  };
}

/**
 * A parser for one config dump file. Unlike the other formats the row layout is not in the row: the
 * columns are as wide as their widest cell and VALUE may contain spaces or be empty, so the only
 * reliable cut points are the offsets of the names in the header line. The parser therefore keeps
 * the offsets of the last header it saw (ODF must-gather files can hold several concatenated dumps,
 * each with its own header). Use one instance per file; to parse a file in parts, seed each part
 * with the header line via `header`.
 */
export function createCephConfigDumpParser(header?: string): FormatParser<CephConfigRecord> {
  let cols: Columns | null =
    header !== undefined && CEPH_CONFIG_HEADER.test(header) ? columnsOf(header) : null;
  return {
    id: 'ceph-config-dump',
    parseLine(text: string, line: number, offset: number): LineOutcome<CephConfigRecord> {
      if (isBlank(text)) return { t: 'blank' };
      if (CEPH_CONFIG_HEADER.test(text)) {
        cols = columnsOf(text);
        return { t: 'meta', meta: { kind: 'header' } };
      }
      const row = cols ? parseRow(cols, text, line, offset) : null;
      if (row?.t === 'record') return row;
      const prompt = matchPrompt(text);
      if (prompt) return { t: 'meta', meta: { kind: 'prompt', text, ...prompt } };
      return row ?? { t: 'unparsed', reason: NOT_BEFORE_HEADER };
    },
  };
}

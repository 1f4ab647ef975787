// ceph.conf (`/etc/ceph/ceph.conf`, `ceph config generate-minimal-conf`, sos `etc/ceph/ceph.conf`): INI
// sections `[global]`, `[mds]`, `[mon.a]`, `[client.admin]` with `key = value` options.
//
// Sample lines (a vstart-style ceph.conf kept in lpl6338236/ceph `src/ceph.c`; note the `;` comment
// after a value and the tab-indented option):
//   [global]
//           fsid = 9f82eb35-1bf6-4c27-8a28-efd62c681aa5
//           osd pgp bits = 5  ; (invalid, but ceph should cope!)
//   	chdir = ""
//
// Example:
//   const p = createCephConfParser(); // one per file: it remembers the section
//   p.parseLine('[mds]', 1, 0); // → { t: 'meta', meta: { kind: 'other-marker', text: '[mds]' } }
//   p.parseLine('mds session blacklist on timeout = false', 2, 6)
//   // → { t: 'record', rec: { kind: 'ceph-config', who: 'mds', option: 'mds_session_blacklist_on_timeout',
//   //      value: 'false', level: '', mask: '', ro: false, … } }
//
// In option names spaces, `_` and `-` are the same (ConfFile::normalize_key_name); the record carries the
// `_` spelling, the one `ceph config dump` prints. Repeated sections simply continue.

import { isBlank, matchPrompt } from './lines.ts';
import type { CephConfigRecord, FormatParser, FormatSpec, LineOutcome } from './types.ts';

const SECTION = /^\s*\[(?<section>[^\][\s]+)\]\s*(?:[;#].*)?$/;
/** Ceph's own section names: a daemon type, optionally `.id` (`mon.a`, `client.rgw.gw1`), or global. */
const CEPH_SECTION = /^(?:global|mon|mgr|osd|mds|client|rgw|radosgw)(?:\.\S+)?$/;
const COMMENT = /^\s*[;#]/;
// Words of a key are separated by blanks; the `=` may have blanks around it. Linear: words cannot hold blanks.
const OPTION = /^\s*(?<key>[A-Za-z][\w./-]*(?:[ \t]+[\w./-]+)*)[ \t]*=[ \t]*(?<value>.*)$/;

/** `mds session blocklist on timeout` and `mds-session-blocklist-on-timeout` → `mds_session_blocklist_on_timeout`. */
export function normaliseOptionName(key: string): string {
  return key
    .trim()
    .replace(/[ \t]+/g, '_')
    .replace(/-/g, '_');
}

/** The value without quotes or a trailing `;`/`#` comment; null when a quoted value is not closed. */
function optionValue(raw: string): string | null {
  const text = raw.trim();
  if (text.startsWith('"')) {
    for (let i = 1; i < text.length; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '"') {
        const after = text.slice(i + 1).trim();
        return after === '' || after.startsWith(';') || after.startsWith('#') ? text.slice(1, i) : null;
      }
    }
    return null;
  }
  const cut = text.search(/[;#]/);
  return (cut < 0 ? text : text.slice(0, cut)).trimEnd();
}

export function createCephConfParser(): FormatParser<CephConfigRecord> {
  /** The current section; null before the first, '' inside a section that is not Ceph's. */
  let section: string | null = null;
  return {
    id: 'ceph-conf',
    parseLine(text: string, line: number, offset: number): LineOutcome<CephConfigRecord> {
      if (isBlank(text)) return { t: 'blank' };
      const s = SECTION.exec(text)?.groups?.section;
      if (s !== undefined) {
        if (!CEPH_SECTION.test(s)) {
          section = '';
          return {
            t: 'unparsed',
            reason: `[${s}] is not a Ceph section (global, mon, mgr, osd, mds, client…)`,
          };
        }
        section = s;
        return { t: 'meta', meta: { kind: 'other-marker', text: text.trim() } };
      }
      // Before prompts: a `# comment` would otherwise read as a bare `#` prompt.
      if (COMMENT.test(text)) return { t: 'meta', meta: { kind: 'other-marker', text: text.trim() } };
      const o = OPTION.exec(text)?.groups;
      if (o) {
        if (section === null) return { t: 'unparsed', reason: 'option before any [section]' };
        if (section === '') return { t: 'unparsed', reason: 'option in a section that is not Ceph’s' };
        const value = optionValue(o.value ?? '');
        if (value === null) return { t: 'unparsed', reason: 'quoted value without its closing quote' };
        return {
          t: 'record',
          rec: {
            kind: 'ceph-config',
            line,
            offset,
            msg: text.trim(),
            who: section,
            mask: '',
            level: '',
            option: normaliseOptionName(o.key ?? ''),
            value,
            ro: false,
          },
        };
      }
      const prompt = matchPrompt(text);
      if (prompt) return { t: 'meta', meta: { kind: 'prompt', text, ...prompt } };
      return { t: 'unparsed', reason: 'not a [section], key = value or comment line' };
    },
  };
}

export const CEPH_CONF_FORMATS: readonly FormatSpec[] = [
  {
    id: 'ceph-conf',
    title: 'ceph.conf',
    create: () => createCephConfParser(),
    pathHint: /^ceph.*\.conf$|minimal-conf/,
  },
];

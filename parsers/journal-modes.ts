// `journalctl -o short-full` (and `-o with-unit`), `-o short-iso` / `short-iso-precise`,
// `-o short-monotonic` and `-o short-unix`: the default short line with another timestamp in front.
// The rest of the line is the same `host ident[pid]: msg` body as `-o short` (logs-show.c output_short).
//
// Sample lines (systemd/systemd PR #29134 short-iso and short-iso-precise before v255, systemd issue
// #30054 short-monotonic, then short-full rendered from the bug-report line in the format notes §3.7
// and a constructed short-unix kernel line):
//   2023-09-08T17:20:30+0200 tarta r710_fan_controller.sh[20911]: Highest drive temperature: 43 Celcius.
//   2023-09-08T17:20:30.655028+0200 tarta r710_fan_controller.sh[20911]: Highest drive temperature: 43 Celcius.
//   [   18.754670] localhost systemd[1]: Create System Users was skipped because of a failed condition check (ConditionNeedsUpdate=/etc).
//   Tue 2023-11-21 16:56:27 EST faldara kernel: Linux version 6.7.0-rc2+ (psusi@faldara) (gcc (Debian 10.2.1-6) 10.2.1 20210110, GNU ld (GNU Binutils for Debian) 2.35.2) #42 SMP PREEMPT_DYNAMIC Mon Nov 20 17:11:59 EST 2023
//   1700603787.512345 faldara kernel: libceph: mon0 (1)192.168.20.29:6789 session lost, hunting for new mon
//
// Example:
//   journalShortIsoParser.parseLine('2023-09-08T17:20:30.655028+0200 tarta r710_fan_controller.sh[20911]: Highest drive temperature: 43 Celcius.', 2, 107)
//   // → { t: 'record', rec: { kind: 'entry', time: { kind: 'civil', civil: { year: 2023, month: 9, day: 8, hour: 17,
//   //      minute: 20, second: 30, micros: 655028 }, zone: '+0200' }, host: 'tarta', ident: 'r710_fan_controller.sh',
//   //      pid: 20911, msg: 'Highest drive temperature: 43 Celcius.', line: 2, offset: 107 } }

import { civilOf, isValidCivil } from './civil.ts';
import { journalShortParser, RSYSLOG_REPEAT, setMessage } from './journal-short.ts';
import { isBlank, matchPrompt } from './lines.ts';
import type { EntryRecord, EntryTime, FormatParser, FormatSpec, KnownFormat, LineOutcome } from './types.ts';

// The body every short mode prints after its timestamp: ` host ident[pid]: msg`. The host never holds
// `:` or brackets (hostname_is_valid), which keeps `systemd[1]: …` and `ceph: …` of a raw dmesg line
// from passing as a host. The identifier stops at whitespace, `[` or `:` like journal-short's.
const BODY = /^(?<host>[^\s:[\]]+) (?<ident>[^\s[:]+)(?:\[(?<pid>\d+)\])?:(?: (?<msg>.*))?$/;

// short-full / with-unit: format_timestamp() = `%a %Y-%m-%d %H:%M:%S %Z` (`--utc`: `UTC`). %Z can be a
// numeric abbreviation such as `+08` for zones without a name.
const FULL =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2}) (?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2}) (?<zone>[A-Za-z]{1,6}|[+-]\d{2}(?:\d{2})?) (?<body>.*)$/;
// short-iso(-precise): `%Y-%m-%dT%H:%M:%S[.%06u]` + `+hhmm` (before v255) or `+hh:mm` (v255+, PR #29134).
const ISO =
  /^(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})T(?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2})(?:\.(?<micros>\d{6}))?(?<zone>[+-]\d{2}:?\d{2}) (?<body>.*)$/;
// short-monotonic: `[%5llu.%06llu]`, seconds since boot.
const MONOTONIC = /^\[ *(?<seconds>\d+)\.(?<micros>\d{6})\] (?<body>.*)$/;
// short-unix: `%10ld.%06lu` epoch seconds (UTC).
const UNIX = /^ *(?<seconds>\d{1,11})\.(?<micros>\d{6}) (?<body>.*)$/;

// Lines journalctl prints around entries (`-- Boot … --`, `-- Logs begin at … --`, `-- No entries --`,
// catalog text, `Hint:` on stderr): journal-short already reads them.
const MARKER_LIKE = /^(?:-- |░░ |(?:Hint|Warning|Notice): )/;
// print_multiline() indents continuation lines to the message column, which is never < 8.
const CONTINUATION = /^\s{8,}\S/;

/** Reads ` host ident[pid]: msg` (after the timestamp) into an entry, or null when it is not that shape. */
export function parseShortBody(
  body: string,
  time: EntryTime,
  line: number,
  offset: number,
): EntryRecord | null {
  const g = BODY.exec(body)?.groups;
  if (!g || RSYSLOG_REPEAT.test(g.msg ?? '')) return null;
  const ident = g.ident ?? '';
  const msg = g.msg ?? '';
  const rec: EntryRecord = { kind: 'entry', line, offset, msg, time, host: g.host ?? '', ident };
  if (g.pid) rec.pid = Number(g.pid);
  return setMessage(rec, msg);
}

/** How one short mode reads its timestamp: the body after it and the time, or a reason it is bad. */
type Stamp = { body: string; time: EntryTime } | { bad: string } | null;

/** The outcome of a line that is not an entry: markers, continuations, prompts, else `unparsed`. */
function notAnEntry(text: string, line: number, offset: number, reason: string): LineOutcome<EntryRecord> {
  if (MARKER_LIKE.test(text)) {
    const out = journalShortParser.parseLine(text, line, offset);
    if (out.t === 'meta') return out;
  }
  if (CONTINUATION.test(text)) return { t: 'continuation', text: text.trimStart() };
  const prompt = matchPrompt(text);
  if (prompt) return { t: 'meta', meta: { kind: 'prompt', text, ...prompt } };
  return { t: 'unparsed', reason };
}

function shortParser(
  id: KnownFormat,
  stamp: (text: string) => Stamp,
  shape: string,
  accept?: (rec: EntryRecord) => string | null,
): FormatParser<EntryRecord> {
  return {
    id,
    parseLine(text, line, offset) {
      if (isBlank(text)) return { t: 'blank' };
      const s = stamp(text);
      if (s === null) return notAnEntry(text, line, offset, `no ${id} prefix (${shape})`);
      if ('bad' in s) return { t: 'unparsed', reason: s.bad };
      const rec = parseShortBody(s.body, s.time, line, offset);
      if (!rec) return { t: 'unparsed', reason: `${id} timestamp without a host ident[pid]: body after it` };
      const refusal = accept?.(rec);
      if (refusal) return { t: 'unparsed', reason: refusal };
      return { t: 'record', rec };
    },
  };
}

function civilStamp(re: RegExp): (text: string) => Stamp {
  return (text) => {
    const g = re.exec(text)?.groups;
    if (!g) return null;
    const civil = civilOf(g);
    if (!isValidCivil(civil)) return { bad: 'timestamp is not a calendar time' };
    return { body: g.body ?? '', time: { kind: 'civil', civil, zone: g.zone ?? '' } };
  };
}

export const journalShortFullParser = shortParser(
  'journal-short-full',
  civilStamp(FULL),
  'Www YYYY-MM-DD HH:MM:SS TZ host ident[pid]: ',
);

export const journalShortIsoParser = shortParser(
  'journal-short-iso',
  civilStamp(ISO),
  'YYYY-MM-DDTHH:MM:SS[.uuuuuu]+hhmm host ident[pid]: ',
);

export const journalShortUnixParser = shortParser(
  'journal-short-unix',
  (text) => {
    const g = UNIX.exec(text)?.groups;
    if (!g) return null;
    // Epoch milliseconds from the decimal digits, so the microseconds stay exact as the fraction.
    const micros = g.micros ?? '000000';
    const ms = Number(`${g.seconds}${micros.slice(0, 3)}.${micros.slice(3)}`);
    return { body: g.body ?? '', time: { kind: 'epoch', ms } };
  },
  'seconds.micros host ident[pid]: ',
);

/**
 * short-monotonic has raw dmesg's `[seconds.micros] ` stamp, and a dmesg message such as `usb 1-1: …`
 * or `Hardware name: …` also reads as `host ident: msg`. What sets the journal apart is that (nearly)
 * every line names the same host, so the parser remembers the host of the file's first entry. Another
 * host is taken only from lines journald shapes itself (`kernel:` or `ident[pid]:`), e.g. the early-boot
 * `localhost` giving way to the real name; any other line with a new host token is refused.
 */
export function createJournalShortMonotonicParser(): FormatParser<EntryRecord> {
  const hosts = new Set<string>();
  let first: string | undefined;
  return shortParser(
    'journal-short-monotonic',
    (text) => {
      const g = MONOTONIC.exec(text)?.groups;
      if (!g) return null;
      return { body: g.body ?? '', time: { kind: 'mono', seconds: Number(`${g.seconds}.${g.micros}`) } };
    },
    '[seconds.micros] host ident[pid]: ',
    (rec) => {
      const host = rec.host ?? '';
      if (first === undefined) first = host;
      if (hosts.has(host) || hosts.size === 0 || rec.ident === 'kernel' || rec.pid !== undefined) {
        hosts.add(host);
        return null;
      }
      return `host token "${host}" differs from the file's first host "${first}" (raw dmesg line?)`;
    },
  );
}

export const JOURNAL_MODE_FORMATS: readonly FormatSpec[] = [
  {
    id: 'journal-short-full',
    title: 'journalctl -o short-full / with-unit',
    create: () => journalShortFullParser,
    pathHint: /^journal|short-full|with-unit/,
  },
  {
    id: 'journal-short-iso',
    title: 'journalctl -o short-iso / short-iso-precise',
    create: () => journalShortIsoParser,
    pathHint: /^journal|short-iso/,
  },
  {
    id: 'journal-short-monotonic',
    title: 'journalctl -o short-monotonic',
    create: () => createJournalShortMonotonicParser(),
    pathHint: /^journal|monotonic/,
  },
  {
    id: 'journal-short-unix',
    title: 'journalctl -o short-unix',
    create: () => journalShortUnixParser,
    pathHint: /^journal|short-unix/,
  },
];

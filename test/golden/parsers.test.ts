// Golden test: every `test/fixtures/<format>/<case>.log` is detected and parsed line by line, and
// the result is compared with `<case>.expected.json`. The directory name is the format detection
// must give. Goldens are written only with UPDATE_GOLDEN=1, and must be read before committing.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ACCEPT_SCORE, detectFormat, parserFor, SNIFF_BYTES } from '../../parsers/detect.ts';
import { FORMATS } from '../../parsers/formats.ts';
import { LineSplitter } from '../../parsers/lines.ts';
import {
  type CivilTime,
  type EntryTime,
  FORMAT_IDS,
  type KlogHeader,
  type KnownFormat,
  type LineOutcome,
  type LogRecord,
} from '../../parsers/types.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
function civil(t: CivilTime): string {
  const date = `${t.year === undefined ? '' : `${t.year}-`}${pad(t.month)}-${pad(t.day)}`;
  const frac = t.micros ? `.${pad(t.micros, 6)}` : '';
  return `${date} ${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}${frac}`;
}
function klogHeader(h: KlogHeader): string {
  return `${h.level} ${civil(h.time)} ${h.pid} ${h.file}:${h.srcLine}`;
}

/** One line per record in the golden, with the fields a reader can check against the source line. */
function compact(r: LogRecord): Record<string, unknown> {
  const base = { line: r.line, offset: r.offset };
  switch (r.kind) {
    case 'dmesg':
      return { ...base, mono: r.mono, ...(r.caller ? { caller: r.caller } : {}), msg: r.msg };
    case 'journal':
      return {
        ...base,
        time: civil(r.time),
        host: r.host,
        ident: r.ident,
        ...(r.pid === undefined ? {} : { pid: r.pid }),
        ...(r.kernelMono === undefined ? {} : { kernelMono: r.kernelMono }),
        ...(r.klog ? { klog: klogHeader(r.klog) } : {}),
        msg: r.msg,
      };
    case 'klog':
      return { ...base, klog: klogHeader(r.header), msg: r.msg };
    case 'ceph-config':
      return {
        ...base,
        who: r.who,
        mask: r.mask,
        level: r.level,
        option: r.option,
        value: r.value,
        ro: r.ro,
      };
    case 'entry':
      return {
        ...base,
        time: entryTime(r.time),
        ...(r.host === undefined ? {} : { host: r.host }),
        ...(r.ident === undefined ? {} : { ident: r.ident }),
        ...(r.pid === undefined ? {} : { pid: r.pid }),
        ...(r.severity === undefined ? {} : { severity: r.severity }),
        ...(r.facility === undefined ? {} : { facility: r.facility }),
        ...(r.seq === undefined ? {} : { seq: r.seq }),
        ...(r.bootId === undefined ? {} : { bootId: r.bootId }),
        ...(r.kernelMono === undefined ? {} : { kernelMono: r.kernelMono }),
        ...(r.klog ? { klog: klogHeader(r.klog) } : {}),
        ...(r.fields ? { fields: r.fields } : {}),
        msg: r.msg,
      };
    case 'fact':
      return { ...base, ...r.fact };
  }
}

function entryTime(t: EntryTime): string {
  switch (t.kind) {
    case 'mono':
      return `mono ${t.seconds}`;
    case 'civil':
      return `${civil(t.civil)}${t.zone === undefined ? '' : ` ${t.zone}`}`;
    case 'epoch':
      return `epoch ${t.ms}`;
    case 'none':
      return 'none';
  }
}

interface Parsed {
  lines: number;
  outcomes: { line: number; out: LineOutcome; final?: boolean }[];
}

function parseBytes(bytes: Uint8Array, format: KnownFormat, chunk: number): Parsed {
  const parser = parserFor(format);
  const outcomes: Parsed['outcomes'] = [];
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  const splitter = new LineSplitter((text, line, offset) => {
    // The offset is what the evidence viewer will `slice()` the file at: it must land on this line.
    // (A line with undecodable bytes re-encodes longer than it was, so it is checked by its start.)
    const lossy = text.includes('\uFFFD');
    const start = lossy ? text.slice(0, text.indexOf('\uFFFD')) : text;
    expect(dec.decode(bytes.subarray(offset, offset + enc.encode(start).length))).toBe(start);
    outcomes.push({ line, out: parser.parseLine(text, line, offset) });
  });
  for (let i = 0; i < bytes.length; i += chunk) splitter.push(bytes.subarray(i, i + chunk));
  splitter.end();
  // Records still open at the end of the file (verbose, export, pretty JSON) come from finish().
  for (const rec of parser.finish?.() ?? [])
    outcomes.push({ line: rec.line, out: { t: 'record', rec }, final: true });
  return { lines: outcomes.filter((o) => !o.final).length, outcomes };
}

function summarise(bytes: Uint8Array, path: string): Record<string, unknown> {
  const head = new TextDecoder().decode(bytes.subarray(0, SNIFF_BYTES));
  const d = detectFormat(head, path);
  const summary: Record<string, unknown> = {
    format: d.format,
    score: Math.round(d.score * 1000) / 1000,
    reason: d.reason,
    // Only serious contenders: a format added later must not rewrite every golden.
    candidates: d.candidates
      .filter((c) => c.score >= ACCEPT_SCORE)
      .map((c) => `${c.format} ${Math.round(c.score * 1000) / 1000}`),
  };
  if (d.format === 'unrecognised') return summary;
  const parsed = parseBytes(bytes, d.format, 64 * 1024);
  // Tiny chunks put boundaries inside lines and characters; the result must not change.
  expect(parseBytes(bytes, d.format, 7)).toEqual(parsed);
  const counts = { record: 0, meta: 0, continuation: 0, part: 0, blank: 0, unparsed: 0 };
  const records: unknown[] = [];
  const meta: unknown[] = [];
  const continuations: unknown[] = [];
  const unparsed: unknown[] = [];
  for (const { line, out } of parsed.outcomes) {
    counts[out.t]++;
    if (out.t === 'record') records.push(compact(out.rec));
    else if (out.t === 'meta') meta.push({ line, ...out.meta });
    else if (out.t === 'continuation') continuations.push({ line, text: out.text });
    else if (out.t === 'unparsed') unparsed.push({ line, reason: out.reason });
  }
  return { ...summary, lines: parsed.lines, counts, meta, unparsed, continuations, records };
}

/** Pretty JSON with one array element per line, so a golden reads like the log it came from. */
function stringify(summary: Record<string, unknown>): string {
  const body = Object.entries(summary).map(([k, v]) => {
    if (Array.isArray(v) && v.length > 0) {
      return `  ${JSON.stringify(k)}: [\n${v.map((e) => `    ${JSON.stringify(e)}`).join(',\n')}\n  ]`;
    }
    return `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`;
  });
  return `{\n${body.join(',\n')}\n}\n`;
}

// bad/ is the bad-input corpus (bad-inputs.test.ts), not a format.
const dirs = readdirSync(FIXTURES).filter((d) => d !== 'bad' && statSync(join(FIXTURES, d)).isDirectory());

describe('golden fixtures', () => {
  it('has fixtures for every registered format and for unrecognised input, and no other', () => {
    expect(dirs.sort()).toEqual([...FORMATS.map((f) => f.id), 'unrecognised'].sort());
  });

  it('registers a parser for every format id', () => {
    expect(FORMATS.map((f) => f.id).sort()).toEqual(FORMAT_IDS.filter((f) => f !== 'unrecognised').sort());
  });

  for (const dir of dirs) {
    for (const file of readdirSync(join(FIXTURES, dir)).filter((f) => f.endsWith('.log'))) {
      const base = join(FIXTURES, dir, file.slice(0, -'.log'.length));
      it(`${dir}/${file}`, () => {
        expect(existsSync(`${base}.source.md`), 'every fixture keeps a provenance note').toBe(true);
        const summary = summarise(readFileSync(join(FIXTURES, dir, file)), file);
        expect(summary.format, 'the directory names the format detection must give').toBe(dir);
        // Detected as no other: alone at the top score, or (a true tie such as journal short and
        // RFC 3164 syslog with two-digit days) decided by the file name, which the reason then says.
        const top = (summary.candidates as string[]).filter((c) => c.endsWith(` ${summary.score}`));
        if (top.length > 1) expect(summary.reason).toContain('the file name suggests');
        const golden = `${base}.expected.json`;
        if (UPDATE) writeFileSync(golden, stringify(summary));
        if (!existsSync(golden)) {
          throw new Error(
            `missing golden ${golden}: run UPDATE_GOLDEN=1 npx vitest run test/golden, then read it`,
          );
        }
        expect(summary).toEqual(JSON.parse(readFileSync(golden, 'utf8')));
      });
    }
  }
});

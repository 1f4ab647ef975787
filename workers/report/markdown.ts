// The incident as a GitHub-flavoured Markdown postmortem, to paste into an incident review. Log text
// is hostile: it goes into code spans (fence longer than any backtick run inside), and every other
// string from the logs or the incident is escaped so it renders as itself, never as HTML, a link, an
// image, emphasis or a table cell of its own.
import type { Incident } from '../incident.ts';
import { buildReportModel, type ReportModel, type ReportOptions, visibleControls } from './report-model.ts';

export type { ReportOptions } from './report-model.ts';

/**
 * Plain text taken from the logs or the incident, escaped for Markdown: every character with a
 * meaning inline (`\` `` ` `` `*` `_` `[` `]` `<` `>` `&` `|` `~` `$` `#` `!`) gets a backslash, the
 * characters GFM's autolinks start from (`://`, `www.`, `@`) are broken up the same way, and a line
 * start that would open a list, quote, heading or indented code block is neutralised.
 */
export function mdText(text: string): string {
  let out = visibleControls(text)
    .replace(/[\\`*_[\]<>&|~$#!]/g, '\\$&')
    .replace(/:(?=\/\/)/g, '\\:')
    .replace(/(?<=www)\./gi, '\\.')
    .replace(/@/g, '\\@');
  const lead = /^ +/.exec(out)?.[0].length ?? 0;
  if (lead > 0) out = '&#32;'.repeat(lead) + out.slice(lead);
  else out = out.replace(/^[-+=]/, '\\$&').replace(/^(\d+)([.)])/, '$1\\$2');
  return out;
}

function fenceFor(content: string, min: number): string {
  let longest = 0;
  for (const run of content.matchAll(/`+/g)) longest = Math.max(longest, run[0].length);
  return '`'.repeat(Math.max(min, longest + 1));
}

/** An inline code span of text whose control characters are already visible. */
function rawCodeSpan(content: string): string {
  if (content === '') return '';
  const fence = fenceFor(content, 1);
  // A span is stripped of one space at each end when it has one at both: pad so none of the text is lost.
  const pad =
    content.startsWith('`') ||
    content.endsWith('`') ||
    (content.startsWith(' ') && content.endsWith(' ') && content.trim() !== '')
      ? ' '
      : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/** Log text as an inline code span: shown verbatim, control characters as visible escapes. */
export function codeSpan(text: string): string {
  return rawCodeSpan(visibleControls(text));
}

/**
 * Log text as code inside a table cell. GFM splits a row at every `|` before it parses code spans,
 * so pipes are written `\|` even there. A backslash right before a pipe cannot be written inside a
 * span at all (cmark-gfm reads `\\|` as an escaped backslash and a cell boundary, which would let the
 * rest of the line out of the span), so the text is cut into spans at such pipes and each of those
 * pipes is written as plain escaped text between them.
 */
export function tableCode(text: string): string {
  return visibleControls(text)
    .split(/(?<=\\)\|/)
    .map((part) => rawCodeSpan(part).replaceAll('|', '\\|'))
    .join('\\|');
}

/** A fenced code block whose fence no line inside can close. */
export function codeBlock(lines: readonly string[], info = ''): string {
  const content = lines.map(visibleControls).join('\n');
  const fence = fenceFor(content, 3);
  return `${fence}${info}\n${content}\n${fence}`;
}

function table(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => (c === '' ? ' ' : c)).join(' | ')} |`;
  return [line(columns.map(mdText)), line(columns.map(() => '---')), ...rows.map(line)].join('\n');
}

const SEVERITY_WORD = { critical: 'Critical', warning: 'Warning', info: 'Info' } as const;

function severityWord(severity: string): string {
  return SEVERITY_WORD[severity as keyof typeof SEVERITY_WORD] ?? mdText(severity);
}

function summarySection(model: ReportModel): string[] {
  const out = ['## Summary', ''];
  if (model.noCascade !== null) return [...out, mdText(model.noCascade), ''];
  for (const block of model.overview) {
    const span = `${mdText(block.span)}.`;
    out.push(block.label ? `**${mdText(block.label)}**, ${span}` : span, '');
    out.push(mdText(block.summary), '');
    if (block.hostOrder.length > 0) {
      out.push('Hosts in the order they fell:', '');
      block.hostOrder.forEach((h, i) => {
        out.push(`${i + 1}. ${mdText(h)}`);
      });
      out.push('');
    }
    if (block.spread !== null) out.push(mdText(block.spread), '');
  }
  return out;
}

function timelineSection(model: ReportModel): string[] {
  const { timeline } = model;
  const out = [`## ${mdText(timeline.heading)}`, '', mdText(timeline.note), ''];
  if (timeline.rows.length === 0) return out;
  const rows = timeline.rows.map((r) => [
    mdText(r.time),
    mdText(r.host),
    mdText(r.stage),
    tableCode(r.ref),
    tableCode(r.text),
  ]);
  return [...out, table(timeline.columns, rows), ''];
}

function stagesSection(model: ReportModel): string[] {
  if (model.stages.sections.length === 0) return [];
  const out = ['## Stages', ''];
  for (const s of model.stages.sections) {
    out.push(`### ${mdText(s.title)}`, '');
    for (const [label, value] of s.facts) out.push(`- **${mdText(label)}:** ${mdText(value)}`);
    out.push('');
    if (s.annotation) out.push(mdText(s.annotation), '');
  }
  if (model.stages.unseen) out.push(mdText(model.stages.unseen), '');
  return out;
}

function findingsSection(model: ReportModel): string[] {
  if (model.findings.length === 0) {
    return model.hasEvents ? ['## Findings', '', 'No finding.', ''] : [];
  }
  const out = ['## Findings', ''];
  for (const f of model.findings) {
    out.push(`### ${severityWord(f.severity)}: ${mdText(f.title)}`, '');
    if (f.episode) out.push(`*${mdText(f.episode)}*`, '');
    out.push(mdText(f.detail), '');
    if (f.evidence.length > 0) {
      out.push('Evidence:', '');
      for (const e of f.evidence) {
        const when = e.time === null ? '' : `${mdText(e.time)} `;
        out.push(`- ${when}${codeSpan(e.ref)} ${codeSpan(e.text)}`.trimEnd());
      }
      out.push('');
    }
  }
  return out;
}

function remediationSection(model: ReportModel): string[] {
  if (model.remediation.length === 0) return [];
  const lines = model.remediation.flatMap((g, i) => [...(i > 0 ? [''] : []), `# ${g.title}`, ...g.commands]);
  return [
    '## Remediation steps',
    '',
    'The findings’ commands, each once, in the order of the remediation plan, then what the other findings add. ' +
      'Read each command before running it: paths and names in it come from the logs.',
    '',
    codeBlock(lines, 'sh'),
    '',
  ];
}

function clocksSection(model: ReportModel): string[] {
  const out = ['## Clock and time-zone assumptions', '', mdText(model.clocks.intro), ''];
  for (const c of model.clocks.sources) {
    out.push(`- ${codeSpan(c.path)} (${mdText(c.what)}): ${c.notes.map(mdText).join('; ')}.`);
  }
  out.push('');
  if (model.clocks.hosts.length > 0) {
    out.push('Host clock corrections (cross-host skew):', '');
    for (const h of model.clocks.hosts) out.push(`- ${mdText(h)}`);
    out.push('');
  }
  return out;
}

function sourcesSection(model: ReportModel): string[] {
  const { sources } = model;
  const rows = sources.rows.map((r) => [
    tableCode(r.path),
    mdText(r.format),
    mdText(r.host),
    r.lines,
    r.parsed,
    r.unparsed,
    r.events,
    mdText(r.error),
  ]);
  const out = ['## Sources analysed', '', mdText(sources.summary), '', table(sources.columns, rows), ''];
  if (sources.warnings.length > 0) {
    out.push('Warnings:', '');
    for (const w of sources.warnings) out.push(`- ${codeSpan(w.path)}: ${mdText(w.text)}`);
    out.push('');
  }
  if (sources.bundles.length > 0) {
    const bundleRows = sources.bundles.map((b) => [
      tableCode(b.path),
      mdText(b.kind),
      mdText(b.layout),
      b.entries,
      b.analysed,
      b.skipped,
      mdText(b.error),
    ]);
    out.push('Archives:', '', table(sources.bundleColumns, bundleRows), '');
  }
  return out;
}

/** The postmortem: summary, timeline table, stages, findings, remediation, clocks, sources. */
export function incidentMarkdown(incident: Incident, options: ReportOptions): string {
  const model = buildReportModel(incident, options);
  const out = [`# ${mdText(model.title)}`, ''];
  if (model.notices.length > 0) {
    for (const n of model.notices) out.push(`> ${mdText(n)}`, '>');
    out.pop();
    out.push('');
  }
  out.push(mdText(model.generated), '');
  out.push(
    ...summarySection(model),
    ...timelineSection(model),
    ...stagesSection(model),
    ...findingsSection(model),
    ...remediationSection(model),
    ...clocksSection(model),
    ...sourcesSection(model),
  );
  return `${out.join('\n').trimEnd()}\n`;
}

// The incident as one self-contained HTML file: opens offline in any browser, holds no script at all,
// and says so to the browser with a Content-Security-Policy that forbids every fetch and every script
// (styles inline, images only as data: URLs). Every string from the incident is HTML-escaped and
// its control characters made visible; the only markup not written here is the timeline SVG, which
// trusted code renders and which is still left out if it carries anything active.
import type { Incident } from '../incident.ts';
import { buildReportModel, type ReportModel, type ReportOptions, visibleControls } from './report-model.ts';

export type { ReportOptions } from './report-model.ts';

export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for element content or a quoted attribute: `& < > " '` escaped, control characters visible. */
export function escapeHtml(text: string): string {
  return visibleControls(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}

const ACTIVE_TAG =
  /^<\s*\/?\s*(script|foreignobject|iframe|object|embed|link|meta|base|animate|set|handler)\b/i;
const EVENT_ATTRIBUTE = /[\s"'/]on[a-z]+\s*=/i;
const SCRIPT_URL = /(?:java|vb)script\s*:|data\s*:\s*text\/html/i;

/**
 * Whether an SVG string is inert: one `<svg>` element with no script, event handler, scripted URL,
 * embedded document or animation (which can rewrite attributes into any of those). The CSP would
 * block them anyway; leaving such a picture out keeps the file free of script in any viewer.
 */
export function isInertSvg(svg: string): boolean {
  const trimmed = svg.trim();
  if (!/^<svg[\s>]/i.test(trimmed) || !/<\/svg>$/i.test(trimmed)) return false;
  if (/<!(?:DOCTYPE|ENTITY)|<\?/i.test(trimmed)) return false;
  for (const tag of trimmed.matchAll(/<[^>]*>/g)) {
    const text = tag[0];
    if (ACTIVE_TAG.test(text) || EVENT_ATTRIBUTE.test(text) || SCRIPT_URL.test(text)) return false;
  }
  return true;
}

const CSS = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de;
  --head: #f6f8fa; --code: #f3f4f6; --critical: #b42318; --warning: #9a6700; --info: #0969da; --note: #fff8c5; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --head: #151b23; --code: #1f2630;
    --critical: #ff7b72; --warning: #d29922; --info: #4493f8; --note: #3b2e00; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 .5rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; padding-bottom: .25rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .25rem; }
p, ul, ol { margin: .4rem 0 .8rem; }
a { color: var(--info); }
code, pre { font: 12.5px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
code { background: var(--code); border-radius: 4px; padding: 0 .25em; white-space: pre-wrap;
  overflow-wrap: anywhere; }
pre { background: var(--code); border: 1px solid var(--line); border-radius: 6px; padding: .75rem;
  overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
pre code { background: none; padding: 0; }
.muted { color: var(--muted); }
.notice { background: var(--note); border: 1px solid var(--line); border-radius: 6px; padding: .5rem .75rem; }
nav ol { columns: 2; padding-left: 1.2rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: var(--head); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.time { white-space: nowrap; font-variant-numeric: tabular-nums; }
td.host { white-space: nowrap; }
td.ref { min-width: 11rem; }
tr.recovery td { color: var(--muted); }
.sev { display: inline-block; border-radius: 4px; padding: 0 .4em; font-size: .8em; font-weight: 600;
  text-transform: uppercase; border: 1px solid currentColor; }
.sev-critical { color: var(--critical); } .sev-warning { color: var(--warning); } .sev-info { color: var(--info); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: .25rem 0 .5rem; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
figure.timeline { margin: 1rem 0; overflow-x: auto; }
figure.timeline svg { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: .9em; }
@media print {
  :root { --bg: #ffffff; --fg: #000000; --muted: #444444; --line: #999999; --head: #eeeeee; --code: #f4f4f4; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav { display: none; }
  h2 { break-after: avoid; } h3 { break-after: avoid; }
  table { font-size: 8.5pt; } thead { display: table-header-group; } tr { break-inside: avoid; }
  pre, figure.timeline { break-inside: avoid; overflow: visible; }
  a { color: inherit; text-decoration: none; }
}
`;

const SEVERITIES = new Set(['critical', 'warning', 'info']);

function severityBadge(severity: string): string {
  const cls = SEVERITIES.has(severity) ? ` sev-${severity}` : '';
  return `<span class="sev${cls}">${escapeHtml(severity)}</span>`;
}

const code = (text: string) => `<code>${escapeHtml(text)}</code>`;
const p = (text: string, cls?: string) => `<p${cls ? ` class="${cls}"` : ''}>${escapeHtml(text)}</p>`;

function htmlTable(
  columns: readonly string[],
  rows: readonly { cells: readonly string[]; cls?: string }[],
  cellClasses: readonly (string | null)[] = [],
): string {
  const head = columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('');
  const body = rows
    .map((r) => {
      const cells = r.cells
        .map((c, i) => {
          const cls = cellClasses[i];
          return `<td${cls ? ` class="${cls}"` : ''}>${c}</td>`;
        })
        .join('');
      return `<tr${r.cls ? ` class="${r.cls}"` : ''}>${cells}</tr>`;
    })
    .join('\n');
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function summarySection(model: ReportModel, svg: string | null, zoneNote: string): string {
  const parts: string[] = ['<section id="summary">', '<h2>Summary</h2>'];
  if (model.noCascade !== null) parts.push(p(model.noCascade));
  for (const block of model.overview) {
    const span = `${escapeHtml(block.span)}.`;
    parts.push(`<p>${block.label ? `<strong>${escapeHtml(block.label)}</strong>, ${span}` : span}</p>`);
    parts.push(p(block.summary));
    if (block.hostOrder.length > 0) {
      parts.push('<p>Hosts in the order they fell:</p>');
      parts.push(`<ol>${block.hostOrder.map((h) => `<li>${escapeHtml(h)}</li>`).join('')}</ol>`);
    }
    if (block.spread !== null) parts.push(p(block.spread));
  }
  if (svg !== null) {
    parts.push(
      isInertSvg(svg)
        ? `<figure class="timeline">${svg}<figcaption>${escapeHtml(zoneNote)}</figcaption></figure>`
        : p(
            'The timeline picture was left out: it held active content (script, event handlers or links).',
            'notice',
          ),
    );
  }
  parts.push('</section>');
  return parts.join('\n');
}

function timelineSection(model: ReportModel): string {
  const { timeline } = model;
  const parts = ['<section id="timeline">', `<h2>${escapeHtml(timeline.heading)}</h2>`, p(timeline.note)];
  if (timeline.rows.length > 0) {
    parts.push(
      htmlTable(
        timeline.columns,
        timeline.rows.map((r) => ({
          cells: [escapeHtml(r.time), escapeHtml(r.host), escapeHtml(r.stage), code(r.ref), code(r.text)],
          ...(r.recovery ? { cls: 'recovery' } : {}),
        })),
        ['time', 'host', null, 'ref', null],
      ),
    );
  }
  parts.push('</section>');
  return parts.join('\n');
}

function stagesSection(model: ReportModel): string {
  if (model.stages.sections.length === 0) return '';
  const parts = ['<section id="stages">', '<h2>Stages</h2>'];
  for (const s of model.stages.sections) {
    const facts = s.facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('');
    parts.push(`<h3>${escapeHtml(s.title)}</h3>`, `<dl class="facts">${facts}</dl>`);
    if (s.annotation) parts.push(p(s.annotation));
  }
  if (model.stages.unseen) parts.push(p(model.stages.unseen, 'muted'));
  parts.push('</section>');
  return parts.join('\n');
}

function findingsSection(model: ReportModel): string {
  if (model.findings.length === 0) {
    return model.hasEvents
      ? '<section id="findings">\n<h2>Findings</h2>\n<p>No finding.</p>\n</section>'
      : '';
  }
  const parts = ['<section id="findings">', '<h2>Findings</h2>'];
  for (const f of model.findings) {
    parts.push(`<h3>${severityBadge(f.severity)} ${escapeHtml(f.title)}</h3>`);
    if (f.episode) parts.push(p(f.episode, 'muted'));
    parts.push(p(f.detail));
    if (f.evidence.length > 0) {
      const items = f.evidence
        .map(
          (e) => `<li>${e.time === null ? '' : `${escapeHtml(e.time)} `}${code(e.ref)} ${code(e.text)}</li>`,
        )
        .join('\n');
      parts.push('<p>Evidence:</p>', `<ul class="evidence">\n${items}\n</ul>`);
    }
  }
  parts.push('</section>');
  return parts.join('\n');
}

function remediationSection(model: ReportModel): string {
  if (model.remediation.length === 0) return '';
  const lines = model.remediation.flatMap((g, i) => [...(i > 0 ? [''] : []), `# ${g.title}`, ...g.commands]);
  return [
    '<section id="remediation">',
    '<h2>Remediation steps</h2>',
    p(
      'The findings’ commands, each once, in the order of the remediation plan, then what the other findings add. ' +
        'Read each command before running it: paths and names in it come from the logs.',
    ),
    `<pre><code>${lines.map(escapeHtml).join('\n')}</code></pre>`,
    '</section>',
  ].join('\n');
}

function clocksSection(model: ReportModel): string {
  const parts = ['<section id="clocks">', '<h2>Clock and time-zone assumptions</h2>', p(model.clocks.intro)];
  const items = model.clocks.sources
    .map((c) => `<li>${code(c.path)} (${escapeHtml(c.what)}): ${escapeHtml(c.notes.join('; '))}.</li>`)
    .join('\n');
  parts.push(`<ul>\n${items}\n</ul>`);
  if (model.clocks.hosts.length > 0) {
    parts.push(
      '<p>Host clock corrections (cross-host skew):</p>',
      `<ul>${model.clocks.hosts.map((h) => `<li>${escapeHtml(h)}</li>`).join('')}</ul>`,
    );
  }
  parts.push('</section>');
  return parts.join('\n');
}

function sourcesSection(model: ReportModel): string {
  const { sources } = model;
  const NUM = 'num';
  const parts = ['<section id="sources">', '<h2>Sources analysed</h2>', p(sources.summary)];
  parts.push(
    htmlTable(
      sources.columns,
      sources.rows.map((r) => ({
        cells: [
          code(r.path),
          escapeHtml(r.format),
          escapeHtml(r.host),
          r.lines,
          r.parsed,
          r.unparsed,
          r.events,
          escapeHtml(r.error),
        ],
      })),
      [null, null, null, NUM, NUM, NUM, NUM, null],
    ),
  );
  if (sources.warnings.length > 0) {
    const items = sources.warnings.map((w) => `<li>${code(w.path)}: ${escapeHtml(w.text)}</li>`).join('\n');
    parts.push('<p>Warnings:</p>', `<ul>\n${items}\n</ul>`);
  }
  if (sources.bundles.length > 0) {
    parts.push(
      '<p>Archives:</p>',
      htmlTable(
        sources.bundleColumns,
        sources.bundles.map((b) => ({
          cells: [
            code(b.path),
            escapeHtml(b.kind),
            escapeHtml(b.layout),
            b.entries,
            b.analysed,
            b.skipped,
            escapeHtml(b.error),
          ],
        })),
        [null, null, null, NUM, NUM, NUM, null],
      ),
    );
  }
  parts.push('</section>');
  return parts.join('\n');
}

const NAV: readonly [string, string][] = [
  ['summary', 'Summary'],
  ['timeline', 'Timeline'],
  ['stages', 'Stages'],
  ['findings', 'Findings'],
  ['remediation', 'Remediation steps'],
  ['clocks', 'Clock and time-zone assumptions'],
  ['sources', 'Sources analysed'],
];

/** The report as one HTML document; `timelineSvg` (trusted renderer output) goes under the summary. */
export function incidentHtml(
  incident: Incident,
  options: ReportOptions & { timelineSvg: string | null; title?: string },
): string {
  const model = buildReportModel(incident, options);
  const sections = [
    summarySection(model, options.timelineSvg, `Timeline of all events, times in ${model.zone}.`),
    timelineSection(model),
    stagesSection(model),
    findingsSection(model),
    remediationSection(model),
    clocksSection(model),
    sourcesSection(model),
  ].filter((s) => s !== '');
  const present = new Set(sections.map((s) => /^<section id="([a-z]+)"/.exec(s)?.[1]));
  const nav = NAV.filter(([id]) => present.has(id))
    .map(([id, label]) => `<li><a href="#${id}">${label}</a></li>`)
    .join('');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="${escapeHtml(incident.generatedBy)}">`,
    `<title>${escapeHtml(model.title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${escapeHtml(model.title)}</h1>`,
    ...model.notices.map((n) => p(n, 'notice')),
    p(model.generated, 'muted'),
    `<nav aria-label="Sections"><ol>${nav}</ol></nav>`,
    '</header>',
    '<main>',
    ...sections,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

// What each export writes, from the incident as shown (the episode chosen, the timeline's lane
// mode and zoom, the log view's filters, the time display), redacted first when asked. The
// renderers are the pure ones the command line uses (workers/report/).
import type { Incident, IncidentEvent } from '../../workers/incident.ts';
import { eventsCsv } from '../../workers/report/csv.ts';
import { incidentHtml } from '../../workers/report/html-report.ts';
import { incidentMarkdown } from '../../workers/report/markdown.ts';
import { createRedactor, type Replacement, redactIncident } from '../../workers/report/redact.ts';
import type { TimeZoneChoice } from '../../workers/report/time.ts';
import { buildView, type LaneMode, prepareTimeline } from '../../workers/report/timeline-model.ts';
import { type SvgTheme, type TimelineSvg, timelineSvg } from '../../workers/report/timeline-svg.ts';

export const EXPORT_KINDS = ['markdown', 'html', 'json', 'csv', 'svg', 'png'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const EXPORT_LABELS: Record<ExportKind, string> = {
  markdown: 'Markdown postmortem',
  html: 'HTML report',
  json: 'JSON (cascade/incident@1)',
  csv: 'CSV of events',
  svg: 'Timeline as SVG',
  png: 'Timeline as PNG',
};

/** The view the exports are made from. */
export interface ExportSource {
  /** The incident as shown (narrowed to the episode chosen). */
  incident: Incident;
  /** The log view's rows (its filters applied), in time order: the CSV's events. */
  logEvents(): IncidentEvent[];
  /** Whether the log view's filters narrow anything (the CSV then says it holds a part). */
  logFiltered: boolean;
  laneMode: LaneMode;
  zoom: [number, number] | null;
  display: TimeZoneChoice;
  theme: SvgTheme;
  /** `Episode 2 of 3`, or null for the whole incident. */
  scope: string | null;
  /** The time of the export (ISO), stated in the reports. */
  now: string;
}

export interface ExportFile {
  name: string;
  mime: string;
  /** The file's text (everything but PNG, which is drawn from `svg` when saved). */
  text: string | null;
  svg: TimelineSvg | null;
  /** What redaction replaced; empty when not redacted. */
  replacements: Replacement[];
  /** A sentence on what the file holds: `7,982 events`, `the timeline zoomed to …`. */
  summary: string;
}

/** The PNG is drawn at twice the SVG's size, so it stays sharp in a document. */
export const PNG_SCALE = 2;

const MIME: Record<ExportKind, string> = {
  markdown: 'text/markdown;charset=utf-8',
  html: 'text/html;charset=utf-8',
  json: 'application/json',
  csv: 'text/csv;charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
};

const EXTENSION: Record<ExportKind, string> = {
  markdown: 'md',
  html: 'html',
  json: 'json',
  csv: 'csv',
  svg: 'svg',
  png: 'png',
};

/**
 * `cascade-2019-11-12T1014Z-episode-2.md`: named by the incident's first time, never by a host or a
 * file (a redacted export must not carry a name in its file name).
 */
export function exportFileName(incident: Incident, kind: ExportKind, scope: string | null): string {
  const first = incident.events.find((e) => e.ts !== null)?.ts ?? null;
  const stamp = first ? `-${first.slice(0, 16).replace(/:/g, '')}Z` : '';
  const part = scope
    ? `-${scope
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')}`
    : '';
  return `cascade${stamp}${part}.${EXTENSION[kind]}`;
}

function timelineTitle(incident: Incident): string {
  const episodes = incident.episodes ?? [];
  const shown = new Set(incident.events.map((e) => e.episode));
  const own = episodes.filter((e) => shown.has(e.id));
  return own.length === 1 ? `Root cause: ${own[0]?.summary}` : 'CephFS eviction cascade: incident timeline';
}

/** The timeline picture of `incident` as the screen draws it for this lane mode, zoom and zone. */
export function timelinePicture(
  incident: Incident,
  options: {
    laneMode: LaneMode;
    zoom: [number, number] | null;
    display: TimeZoneChoice;
    theme: SvgTheme;
    scope: string | null;
  },
): TimelineSvg | null {
  const prepared = prepareTimeline(incident);
  if (!prepared) return null;
  const view = buildView(prepared, { mode: options.laneMode, zoom: options.zoom, display: options.display });
  const zoomed = view.zoomed ? 'zoomed in; ' : '';
  return timelineSvg(view, {
    display: options.display,
    theme: options.theme,
    title: timelineTitle(incident),
    subtitle: `${options.scope ? `${options.scope}; ` : ''}${zoomed}${view.visible.toLocaleString('en-US')} of ${view.timed.toLocaleString('en-US')} events in view; one lane per ${options.laneMode}`,
  });
}

/** The file of `kind` for the view `source`, redacted first when `redact`. */
export function buildExport(kind: ExportKind, source: ExportSource, redact: boolean): ExportFile {
  const redactor = redact ? createRedactor(source.incident) : null;
  // The CSV redacts only its rows (with the pseudonyms the whole incident gives them), so the
  // preview's counts are those of the file.
  const incident =
    redactor && kind !== 'csv' ? redactIncident(source.incident, redactor).incident : source.incident;
  const options = {
    display: source.display,
    generatedAt: source.now,
    redacted: redact,
    ...(source.scope ? { scope: source.scope } : {}),
  };
  const name = exportFileName(source.incident, kind, source.scope);
  const base = { name, mime: MIME[kind], svg: null, text: null };
  const done = (file: Omit<ExportFile, 'replacements'>): ExportFile => ({
    ...file,
    replacements: redactor?.replacements() ?? [],
  });
  switch (kind) {
    case 'markdown':
      return done({
        ...base,
        text: incidentMarkdown(incident, options),
        summary:
          'The postmortem: summary, timeline table, stages, findings with their cited lines, remediation, clocks and sources.',
      });
    case 'json':
      return done({
        ...base,
        text: JSON.stringify(incident, null, 2),
        summary: `The incident as cascade/incident@1 JSON: ${incident.events.length.toLocaleString('en-US')} events, ${incident.findings.length} findings, ${incident.sources.length} sources.`,
      });
    case 'csv': {
      const shown = source.logEvents();
      // The log view's rows, redacted with the same pseudonyms as the rest of the incident.
      const events = redactor
        ? redactIncident({ ...source.incident, events: shown }, redactor).incident.events
        : shown;
      return done({
        ...base,
        text: eventsCsv(events, { display: source.display }),
        summary: `${events.length.toLocaleString('en-US')} events${source.logFiltered ? ', as the log view’s filters narrow them' : ''}, one row each.`,
      });
    }
    case 'html': {
      const picture = timelinePicture(incident, { ...source, theme: 'light' });
      return done({
        ...base,
        text: incidentHtml(incident, { ...options, timelineSvg: picture?.svg ?? null }),
        summary:
          'A self-contained report (no script, opens offline): the postmortem with the timeline picture.',
      });
    }
    case 'svg':
    case 'png': {
      const picture = timelinePicture(incident, source);
      return done({
        ...base,
        text: kind === 'svg' ? (picture?.svg ?? null) : null,
        svg: picture,
        summary: picture
          ? kind === 'svg'
            ? `The timeline as shown, ${picture.width} × ${picture.height} px.`
            : `The timeline as shown, drawn at ${picture.width * PNG_SCALE} × ${picture.height * PNG_SCALE} px.`
          : 'No event has a known time, so there is no timeline to draw.',
      });
    }
  }
}

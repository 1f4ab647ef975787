// Export: one button per file kind; each opens a preview of exactly the file that will be saved
// (redacted or not), then saves it as a download. Nothing is uploaded anywhere.
import { useEffect, useState } from 'react';
import type { Incident, IncidentEvent } from '../../workers/incident.ts';
import { PreviewDialog } from '../lib/preview-dialog.tsx';
import { useAfterPaint } from '../lib/use-after-paint.ts';
import { useStore } from '../store.ts';
import {
  buildExport,
  EXPORT_KINDS,
  EXPORT_LABELS,
  type ExportFile,
  type ExportKind,
  type ExportSource,
  PNG_SCALE,
} from './export-files.ts';
import { saveBlob, svgToPng } from './save-file.ts';

const SHORT: Record<ExportKind, string> = {
  markdown: 'Markdown',
  html: 'HTML',
  json: 'JSON',
  csv: 'CSV',
  svg: 'SVG',
  png: 'PNG',
};

function resolvedTheme(theme: 'system' | 'light' | 'dark'): 'light' | 'dark' {
  if (theme !== 'system') return theme;
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export interface ExportMenuProps {
  /** The incident as shown (narrowed to the episode chosen). */
  incident: Incident;
  /** The log view's rows with its filters applied, and whether the filters narrow anything. */
  logEvents(): { events: IncidentEvent[]; filtered: boolean };
  /** `Episode 2 of 3`, or null for the whole incident. */
  scope: string | null;
}

export function ExportMenu({ incident, logEvents, scope }: ExportMenuProps) {
  const [kind, setKind] = useState<ExportKind | null>(null);
  return (
    <fieldset className="export-menu">
      <legend className="control-label export-legend">Export</legend>
      {EXPORT_KINDS.map((k) => (
        <button
          key={k}
          type="button"
          className="small-button"
          title={EXPORT_LABELS[k]}
          aria-label={`Export ${EXPORT_LABELS[k]}`}
          onClick={() => setKind(k)}
        >
          {SHORT[k]}
        </button>
      ))}
      {kind ? (
        <ExportDialog
          kind={kind}
          incident={incident}
          logEvents={logEvents}
          scope={scope}
          onClose={() => setKind(null)}
        />
      ) : null}
    </fieldset>
  );
}

function ExportDialog({
  kind,
  incident,
  logEvents,
  scope,
  onClose,
}: ExportMenuProps & { kind: ExportKind; onClose(): void }) {
  const [redact, setRedact] = useState(false);
  const laneMode = useStore((s) => s.laneMode);
  const zoom = useStore((s) => s.zoom);
  const display = useStore((s) => s.timeDisplay);
  const theme = useStore((s) => s.theme);
  // A redacted export of a large incident takes a second or more: the dialog paints first.
  const file = useAfterPaint(() => {
    // Only the CSV holds the log view's rows; the filter runs once per build.
    const log = kind === 'csv' ? logEvents() : { events: [], filtered: false };
    const source: ExportSource = {
      incident,
      logEvents: () => log.events,
      logFiltered: log.filtered,
      laneMode,
      zoom,
      display,
      theme: resolvedTheme(theme),
      scope,
      now: new Date().toISOString(),
    };
    try {
      return buildExport(kind, source, redact);
    } catch (err) {
      return err instanceof Error ? err : new Error(String(err));
    }
  }, [kind, incident, logEvents, scope, laneMode, zoom, display, theme, redact]);

  const [status, setStatus] = useState('');
  const save = async () => {
    if (file === null || file instanceof Error) return;
    try {
      if (kind === 'png') {
        if (!file.svg) return;
        saveBlob(await svgToPng(file.svg, PNG_SCALE), file.name);
      } else if (file.text !== null) saveBlob(new Blob([file.text], { type: file.mime }), file.name);
      setStatus(`Saved ${file.name}.`);
    } catch (err) {
      setStatus(`Could not save the file: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const copy = async () => {
    if (file === null || file instanceof Error || file.text === null) return;
    try {
      await navigator.clipboard.writeText(file.text);
      setStatus('Copied to the clipboard.');
    } catch {
      setStatus('The browser did not allow copying; select the text in the preview instead.');
    }
  };

  const ready = file !== null && !(file instanceof Error) && (file.text !== null || file.svg !== null);
  return (
    <PreviewDialog
      title={`Export ${EXPORT_LABELS[kind]}`}
      onClose={onClose}
      redact={redact}
      onRedactChange={setRedact}
      replacements={file === null ? null : file instanceof Error ? [] : file.replacements}
      actions={
        <>
          <button type="button" disabled={!ready} onClick={() => void save()}>
            Save {file === null || file instanceof Error ? 'file' : file.name}
          </button>
          {kind !== 'svg' && kind !== 'png' ? (
            <button type="button" disabled={!ready} onClick={() => void copy()}>
              Copy text
            </button>
          ) : null}
          <span className="small" role="status">
            {status}
          </span>
        </>
      }
    >
      {file === null ? (
        <p className="small" role="status" aria-busy="true">
          {redact ? 'Redacting and writing' : 'Writing'} the file…
        </p>
      ) : file instanceof Error ? (
        <p className="row-error" role="alert">
          The export could not be made: {file.message}
        </p>
      ) : (
        <ExportPreview file={file} />
      )}
    </PreviewDialog>
  );
}

function ExportPreview({ file }: { file: ExportFile }) {
  return (
    <div className="export-preview">
      <p className="small">
        {file.summary} {scopeNote(file)}
      </p>
      {file.svg ? <PicturePreview svg={file.svg.svg} /> : null}
      {file.text !== null && !file.mime.startsWith('image/') ? (
        <textarea
          className="mono preview-text"
          readOnly
          value={file.text}
          aria-label={`Contents of ${file.name}`}
          spellCheck={false}
        />
      ) : null}
    </div>
  );
}

const scopeNote = (file: ExportFile) =>
  file.replacements.length > 0
    ? 'Shown here exactly as it will be saved, pseudonyms in place.'
    : 'Shown here exactly as it will be saved.';

/** The picture through a blob URL (the page's CSP allows `blob:` images, never remote ones). */
function PicturePreview({ svg }: { svg: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const made = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [svg]);
  return url ? <img className="preview-picture" src={url} alt="The timeline as it will be saved" /> : null;
}

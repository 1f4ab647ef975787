// "Share link": the incident and the view, compressed into the URL's fragment (which browsers never
// send to a server), redacted first by default, with a preview of exactly what the link carries.
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Incident } from '../../workers/incident.ts';
import { createRedactor, type Redactor, redactIncident } from '../../workers/report/redact.ts';
import { buildShareLink, SHARE_URL_LIMIT, type ShareView } from '../../workers/share/share-link.ts';
import { formatCount, plural } from '../lib/format.ts';
import { PreviewDialog } from '../lib/preview-dialog.tsx';
import { useAfterPaint } from '../lib/use-after-paint.ts';
import { type Store, useStore } from '../store.ts';

/** The view the link opens with, from the store. */
function currentView(s: Store): ShareView {
  return {
    laneMode: s.laneMode,
    zoom: s.zoom,
    episode: s.episode,
    timeDisplay: s.timeDisplay,
    logFilter: s.logFilter,
    focus: s.focus,
  };
}

/** The view with every name in it (hosts, files, the search) through the same pseudonyms as the incident. */
export function redactView(view: ShareView, redactor: Redactor): ShareView {
  return {
    ...view,
    logFilter: {
      ...view.logFilter,
      hosts: view.logFilter.hosts.map((h) => redactor.text(h)),
      sources: view.logFilter.sources.map((s) => redactor.text(s)),
      query: redactor.text(view.logFilter.query),
    },
    focus: view.focus ? { ...view.focus, source: redactor.text(view.focus.source) } : null,
  };
}

/** The page's own address without its fragment: where the link points. */
const pageUrl = () => `${location.origin}${location.pathname}${location.search}`;

export function ShareButton({ incident }: { incident: Incident }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="small-button share-button" onClick={() => setOpen(true)}>
        Share link…
      </button>
      {open ? <ShareDialog incident={incident} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function ShareDialog({ incident, onClose }: { incident: Incident; onClose(): void }) {
  const [redact, setRedact] = useState(true);
  const [status, setStatus] = useState('');
  const state = useStore(useShallow(currentView));
  // Redacting and packing the sample takes about a second: the dialog paints first and says so.
  const built = useAfterPaint(() => {
    const redactor = redact ? createRedactor(incident) : null;
    const shared = redactor ? redactIncident(incident, redactor).incident : incident;
    const link = buildShareLink(shared, redactor ? redactView(state, redactor) : state, {
      baseUrl: pageUrl(),
      created: new Date().toISOString(),
      redacted: redact,
    });
    return { link, replacements: redactor?.replacements() ?? [] };
  }, [incident, redact, state]);
  const link = built?.link ?? null;

  const copy = async () => {
    if (!link?.ok) return;
    try {
      await navigator.clipboard.writeText(link.url);
      setStatus('Link copied to the clipboard.');
    } catch {
      setStatus('The browser did not allow copying; select the link above instead.');
    }
  };

  return (
    <PreviewDialog
      title="Share a link to this view"
      onClose={onClose}
      redact={redact}
      onRedactChange={setRedact}
      replacements={built?.replacements ?? null}
      actions={
        <>
          <button type="button" disabled={!link?.ok} onClick={() => void copy()}>
            Copy link
          </button>
          {link?.ok ? (
            <a className="button-link" href={link.url} target="_blank" rel="noopener noreferrer">
              Open the link in a new tab
            </a>
          ) : null}
          <span className="small" role="status">
            {status}
          </span>
        </>
      }
    >
      <p className="small">
        The incident travels inside the link, after the <code>#</code>: browsers never send that part to a
        server, so the page that opens it (this same app, from any host) reads it in the browser. The link
        shows the timeline, stages, findings and the lines they cite, read-only; never whole log files.
      </p>
      {link === null ? (
        <p className="small" role="status" aria-busy="true">
          {redact ? 'Redacting and packing' : 'Packing'} the incident into a link…
        </p>
      ) : link.ok ? (
        <>
          <label className="preview-link">
            <span className="control-label">Link</span>
            <input
              type="text"
              readOnly
              value={link.url}
              className="mono"
              onFocus={(e) => e.target.select()}
            />
          </label>
          <p className="small" data-testid="share-size">
            {formatCount(link.length)} of at most {formatCount(SHARE_URL_LIMIT)} characters (short enough for
            chat tools, tickets and e-mail).{' '}
            {link.payload.omittedEvents > 0
              ? `To fit, it carries ${plural(link.payload.incident.events.length, 'event')} of ${formatCount(link.payload.totalEvents)}: every line a finding cites, each host's first, first recovery and last line of every stage, and the rest thinned evenly over time. Stage counts still describe the whole incident.`
              : `It carries all ${plural(link.payload.totalEvents, 'event')}.`}
          </p>
          <details className="preview-payload">
            <summary>What the link carries, decoded</summary>
            <textarea
              className="mono preview-text"
              readOnly
              value={JSON.stringify(link.payload, null, 2)}
              aria-label="The link's contents, decoded"
              spellCheck={false}
            />
          </details>
        </>
      ) : (
        <p className="row-error" role="alert">
          No link can be made: {link.error} Export a file instead (the HTML report opens offline anywhere).
        </p>
      )}
    </PreviewDialog>
  );
}

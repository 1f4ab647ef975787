// The lines around the focused line, read again from the user's file when the focus changes (a
// worker of its own reads a slice; nothing of the file stays in memory). The focused line is shown
// whole here, however long, so a row cut at the edge of the grid can be read in full.
import { useEffect, useMemo, useState } from 'react';
import type { IncidentEvent } from '../../workers/incident.ts';
import { useStore } from '../store.ts';
import { type ContextPlan, type ContextShown, contextLines, lineRefText, planContext } from './focus.ts';

const AROUND = 10;
/** Each "more" adds this many lines on each side, up to MAX_AROUND (the file is read again each time). */
const MORE = 50;
const MAX_AROUND = 2000;

type Read = { plan: ContextPlan; shown: ContextShown };

export function LogContext({ anchors }: { anchors: readonly IncidentEvent[] }) {
  const focus = useStore((s) => s.focus);
  const readContext = useStore((s) => s.readContext);
  const focusLine = useStore((s) => s.focusLine);
  // A shared snapshot carries the lines it shows, not the files: there is nothing around them to read.
  const snapshot = useStore((s) => s.snapshot !== null);
  // How far around the focus to read; a new focus starts again at AROUND.
  const [widened, setWidened] = useState<{ focus: typeof focus; around: number }>({ focus, around: AROUND });
  const around = widened.focus === focus ? widened.around : AROUND;
  const plan = useMemo(
    () => (focus && !snapshot ? planContext(anchors, focus, around) : null),
    [anchors, focus, around, snapshot],
  );
  // The last read, with the plan it answers: a read for an older focus is never shown as this one's.
  const [read, setRead] = useState<Read | null>(null);

  useEffect(() => {
    if (!plan) return;
    let live = true;
    readContext(plan.request).then(
      (result) => {
        if (live) setRead({ plan, shown: contextLines(plan, result) });
      },
      (err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        if (live) setRead({ plan, shown: { lines: [], error: `Could not read the file: ${message}` } });
      },
    );
    return () => {
      live = false;
    };
  }, [plan, readContext]);

  if (!focus) return null;
  const name = lineRefText(focus);
  const own = snapshot ? anchors.find((e) => e.source === focus.source && e.line === focus.line) : undefined;
  const shown: ContextShown | null = snapshot
    ? {
        lines: own ? [{ line: own.line, text: own.text }] : [],
        error:
          'A shared snapshot carries only the lines it shows, not the log files: the lines around this one are not in it.',
      }
    : !plan
      ? {
          lines: [],
          error: `The lines around ${name} cannot be read: no line near it has a known position in the file.`,
        }
      : read?.plan === plan
        ? read.shown
        : null;
  const first = Math.max(1, focus.line - around);

  return (
    <section className="lv-context" aria-labelledby="lv-context-title" aria-busy={shown === null}>
      <div className="panel-head">
        <h3 id="lv-context-title">
          Context of <span className="mono">{name}</span>
        </h3>
        <div className="lv-context-actions">
          <button
            type="button"
            className="small-button"
            disabled={snapshot || around >= MAX_AROUND || shown === null}
            onClick={() => setWidened({ focus, around: Math.min(MAX_AROUND, around + MORE) })}
          >
            {around >= MAX_AROUND ? `Showing ±${MAX_AROUND} lines` : `Show ${MORE} more lines on each side`}
          </button>
          <button type="button" className="small-button" onClick={() => focusLine(null)}>
            Close
          </button>
        </div>
      </div>
      {shown === null ? (
        <p className="muted small" role="status" data-testid="context-loading">
          Reading lines {first}–{focus.line + around} from the file…
        </p>
      ) : null}
      {shown?.error ? (
        <p className="row-error small" role="alert" data-testid="context-error">
          {shown.error}
        </p>
      ) : null}
      {shown && shown.lines.length > 0 ? (
        <ol className="lv-context-lines mono" aria-label={`Lines around ${name}`}>
          {shown.lines.map((l) => {
            const here = l.line === focus.line;
            return (
              <li
                key={l.line}
                data-context-line={l.line}
                aria-current={here ? 'true' : undefined}
                className={here ? 'lv-context-focus' : undefined}
              >
                <span className="lv-context-number">{l.line}</span>
                <span className="lv-context-text">{l.text}</span>
              </li>
            );
          })}
        </ol>
      ) : null}
    </section>
  );
}

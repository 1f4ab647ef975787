// Why the focused line is not among the rows of the log view, and what would bring it back.
import type { ReactNode } from 'react';
import { useStore } from '../store.ts';
import { lineRefText } from './focus.ts';

/**
 * `filter`: the filters hide it; `episode`: it belongs to an episode not shown; `not-event`: it is
 * no event line (its context is still read); `outside`: it lies outside the window of all lines;
 * `not-in-window`: the window's read does not hold it (its source left out, or no time for it).
 */
export type FocusHidden = 'filter' | 'episode' | 'not-event' | 'outside' | 'not-in-window';

export function FocusNotice({ hidden, onCentre }: { hidden: FocusHidden; onCentre?: () => void }) {
  const focus = useStore((s) => s.focus);
  const resetLogFilter = useStore((s) => s.resetLogFilter);
  const selectEpisode = useStore((s) => s.selectEpisode);
  if (!focus) return null;
  const name = <span className="mono">{lineRefText(focus)}</span>;
  let body: ReactNode;
  switch (hidden) {
    case 'filter':
      body = (
        <>
          The filters hide {name}.{' '}
          <button type="button" className="small-button" onClick={resetLogFilter}>
            Clear filters
          </button>
        </>
      );
      break;
    case 'episode':
      body = (
        <>
          {name} belongs to another episode.{' '}
          <button type="button" className="small-button" onClick={() => selectEpisode(null)}>
            Show all episodes
          </button>
        </>
      );
      break;
    case 'not-event':
      body = <>{name} is not one of the event lines; its context is shown below.</>;
      break;
    case 'outside':
      body = (
        <>
          {name} lies outside this window.{' '}
          {onCentre ? (
            <button type="button" className="small-button" onClick={onCentre}>
              Centre on it
            </button>
          ) : null}
        </>
      );
      break;
    case 'not-in-window':
      body = <>{name} is not among the lines read for this window; its context is shown below.</>;
      break;
  }
  return (
    <p className="lv-notice" role="status" data-testid="log-focus-notice">
      {body}
    </p>
  );
}

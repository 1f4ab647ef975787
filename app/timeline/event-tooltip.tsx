import { STAGE_BY_ID } from '../../parsers/stages.ts';
import { formatAxisIn, formatIn, type TimeZoneChoice } from '../../workers/report/time.ts';
import { axisZone, type Mark } from '../../workers/report/timeline-model.ts';
import { plural } from '../lib/format.ts';

interface TooltipProps {
  active?: boolean;
  payload?: ReadonlyArray<{ payload?: unknown }>;
  display: TimeZoneChoice;
}

const isMark = (value: unknown): value is Mark =>
  typeof value === 'object' && value !== null && 'kind' in value && 'source' in value;

/** The hovered marker or bin. Log text is rendered as text, never as markup. */
export function EventTooltip({ active, payload, display }: TooltipProps) {
  const mark = payload?.map((p) => p.payload).find(isMark);
  if (!active || !mark) return null;
  const zone = axisZone(display);
  return (
    <div className="event-tooltip">
      <p className="tooltip-head">
        <strong>{mark.host}</strong> · {STAGE_BY_ID[mark.stage].title}
        {mark.kind === 'event' && mark.recovery ? <span className="recovery-tag"> recovery</span> : null}
      </p>
      {mark.kind === 'bin' ? (
        <>
          <p>
            <strong>{plural(mark.count, 'event')}</strong> {formatAxisIn(mark.x0, display, false)}–
            {formatAxisIn(mark.x1, display, false)} ({zone})
            {mark.recoveries > 0 ? `, ${plural(mark.recoveries, 'recovery', 'recoveries')}` : ''}
          </p>
          <p className="muted">
            {formatIn(mark.x0, display).slice(0, 10)} · the first of them, shown on click:
          </p>
        </>
      ) : (
        <p>
          {formatIn(mark.x, display, true)} ({zone})
        </p>
      )}
      <p className="mono">
        {mark.source}:{mark.line}
      </p>
      <pre className="tooltip-line">{mark.text}</pre>
    </div>
  );
}

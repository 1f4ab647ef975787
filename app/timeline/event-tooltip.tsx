import { STAGE_BY_ID } from '../../parsers/stages.ts';
import { formatUtcMillis } from '../lib/time.ts';
import type { TimelinePoint } from './timeline-data.ts';

interface TooltipProps {
  active?: boolean;
  payload?: ReadonlyArray<{ payload?: unknown }>;
}

const isPoint = (value: unknown): value is TimelinePoint =>
  typeof value === 'object' && value !== null && 'host' in value && 'source' in value;

export function EventTooltip({ active, payload }: TooltipProps) {
  const point = payload?.map((p) => p.payload).find(isPoint);
  if (!active || !point) return null;
  return (
    <div className="event-tooltip">
      <p className="tooltip-head">
        <strong>{point.host}</strong> · {STAGE_BY_ID[point.stage].title}
        {point.recovery ? <span className="recovery-tag"> recovery</span> : null}
      </p>
      <p>{formatUtcMillis(point.x)}</p>
      <p className="mono">
        {point.source}:{point.line}
      </p>
      <pre className="tooltip-line">{point.text}</pre>
      {point.folded > 0 ? <p className="muted">and {point.folded} more like it close by</p> : null}
    </div>
  );
}

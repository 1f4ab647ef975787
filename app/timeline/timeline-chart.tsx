import { CartesianGrid, Legend, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from 'recharts';
import { formatClock, formatDayClock } from '../lib/time.ts';
import { EventTooltip } from './event-tooltip.tsx';
import type { TimelineModel } from './timeline-data.ts';

const LANE_HEIGHT = 46;

/** Draws nothing: the lane anchors exist only to fix the Y categories and their order. */
const Invisible = () => <g />;

export default function TimelineChart({ model }: { model: TimelineModel }) {
  // A category axis takes its categories from the data in order of appearance. One invisible
  // anchor per stage, drawn first, keeps all seven lanes present and in cascade order.
  const anchors = model.laneTitles.map((y) => ({ x: model.domain[0], y }));
  const tickFormatter = (ms: number) => (model.multiDay ? formatDayClock(ms) : formatClock(ms));
  const legendRows = Math.ceil(model.series.length / 6);

  return (
    <ScatterChart
      responsive
      accessibilityLayer={false}
      style={{ width: '100%', height: model.laneTitles.length * LANE_HEIGHT + 70 + legendRows * 22 }}
      margin={{ top: 10, right: 28, bottom: 4, left: 4 }}
    >
      <CartesianGrid strokeDasharray="3 3" />
      <XAxis
        type="number"
        dataKey="x"
        name="Time (UTC)"
        domain={model.domain}
        ticks={model.ticks}
        tickFormatter={tickFormatter}
        allowDataOverflow
      />
      <YAxis type="category" dataKey="y" name="Stage" width={250} allowDuplicatedCategory={false} reversed />
      <ZAxis range={[48, 48]} />
      <Tooltip content={EventTooltip} isAnimationActive={false} cursor={{ strokeDasharray: '3 3' }} />
      <Legend verticalAlign="bottom" formatter={(host) => <span className="legend-host">{host}</span>} />
      <Scatter
        name="lanes"
        data={anchors}
        shape={Invisible}
        legendType="none"
        tooltipType="none"
        isAnimationActive={false}
      />
      {model.series.map((s) => (
        <Scatter
          key={s.host}
          name={s.host}
          data={s.points}
          fill={s.color}
          shape={s.shape}
          legendType={s.shape}
          isAnimationActive={false}
        />
      ))}
    </ScatterChart>
  );
}

// The recharts part of the log-volume histogram (its own lazy chunk): one bar per bucket of the
// incident's grid, stacked by host, under the same left gutter as the timeline so that a bar sits
// above the events of its time. A click on a bar's column zooms the timeline to its bucket.
import { useCallback, useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, ReferenceArea, Tooltip, XAxis, YAxis } from 'recharts';
import { formatAxisIn, type TimeZoneChoice } from '../../workers/report/time.ts';
import { axisZone, laneAxisWidth, type TimelineView } from '../../workers/report/timeline-model.ts';
import { formatCount, plural } from '../lib/format.ts';
import { useStore } from '../store.ts';
import { MARGIN, STAGE_AXIS_WIDTH } from './timeline-chart.tsx';
import { barRange, barsIn, type VolumeBar, type VolumeView, volumeTicks } from './volume-model.ts';

const HEIGHT = 132;
const DAY_MS = 86_400_000;

interface BarProps {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  fill?: string;
  payload?: unknown;
}

const isBar = (value: unknown): value is VolumeBar =>
  typeof value === 'object' && value !== null && 't0' in value && 'total' in value;

/** One host's part of a bar, with what the tests and the table read from it. */
function BarPart({ x, y, width, height, fill, payload, host }: BarProps & { host: string }) {
  if (x === undefined || y === undefined || !width || !height || !isBar(payload)) return <g />;
  return (
    <rect
      className="volume-bar"
      x={x}
      y={y}
      width={Math.max(width, 1)}
      height={height}
      fill={fill}
      data-bucket={payload.i}
      data-t0={payload.t0}
      data-t1={payload.t1}
      data-total={payload.total}
      data-host={host}
    />
  );
}

/** One recharts shape function per host (a module-level factory keeps each stable per host). */
const barShape = (host: string) => (props: BarProps) => <BarPart {...props} host={host} />;

function VolumeTooltip({
  active,
  payload,
  view,
  display,
}: {
  active?: boolean;
  payload?: ReadonlyArray<{ payload?: unknown }>;
  view: VolumeView;
  display: TimeZoneChoice;
}) {
  const bar = payload?.map((p) => p.payload).find(isBar);
  if (!active || !bar) return null;
  return (
    <div className="event-tooltip volume-tooltip">
      <p className="tooltip-head">
        <strong>{plural(bar.total, 'line')}</strong> {barRange(bar, display)} ({axisZone(display)})
      </p>
      <ul>
        {view.hosts
          .filter((h) => (bar[h.key] ?? 0) > 0)
          .map((h) => (
            <li key={h.key}>
              <span className="volume-swatch" style={{ background: h.color }} /> {h.name}:{' '}
              {formatCount(bar[h.key] ?? 0)}
            </li>
          ))}
      </ul>
      <p className="muted">Click to zoom the timeline to this bar.</p>
    </div>
  );
}

export default function VolumeChart({
  view,
  timeline,
  display,
}: {
  view: VolumeView;
  /** The timeline shown under the chart: its gutter, and its zoom (shaded here). */
  timeline: TimelineView;
  display: TimeZoneChoice;
}) {
  const setZoom = useStore((s) => s.setZoom);
  const first = view.bars[0];
  const last = view.bars[view.bars.length - 1];
  const withDay = first !== undefined && last !== undefined && last.t1 - first.t0 >= DAY_MS / 2;
  const ticks = useMemo(() => volumeTicks(view, display), [view, display]);
  // Stable props: recharts copies them into its store whenever they change (see timeline-chart.tsx).
  const tickFormatter = useCallback(
    (i: number) => {
      const bar = view.bars[i - (first?.i ?? 0)];
      return bar ? formatAxisIn(bar.t0, display, withDay) : '';
    },
    [view.bars, first, display, withDay],
  );
  const pick = useCallback((bar: VolumeBar | undefined) => bar && setZoom([bar.t0, bar.t1]), [setZoom]);
  // A bar is picked by its own click; the empty part of a column by the column the pointer is over.
  const onBarClick = useCallback(
    (item: { payload?: unknown }) => {
      if (isBar(item.payload)) pick(item.payload);
    },
    [pick],
  );
  const onChartClick = useCallback(
    (state: { activeTooltipIndex?: number | string | null }, event: { target?: unknown }) => {
      if (event.target instanceof Element && event.target.closest('.volume-bar')) return;
      const index = state.activeTooltipIndex;
      if (index === null || index === undefined || index === '') return;
      pick(view.bars[Number(index)]);
    },
    [view.bars, pick],
  );
  const tooltip = useCallback(
    (props: { active?: boolean; payload?: unknown }) => (
      <VolumeTooltip active={props.active} payload={props.payload as never} view={view} display={display} />
    ),
    [view, display],
  );
  const shapes = useMemo(() => view.hosts.map((h) => barShape(h.name)), [view.hosts]);
  const margin = useMemo(() => ({ ...MARGIN, top: 6 }), []);
  const selected = timeline.zoomed ? barsIn(view, timeline.domain) : null;

  return (
    <div className="volume-chart" data-selected={selected ? selected.join('-') : undefined}>
      <BarChart
        responsive
        accessibilityLayer={false}
        data={view.bars}
        style={{ width: '100%', height: HEIGHT }}
        margin={margin}
        barCategoryGap={1}
        onClick={onChartClick}
      >
        <CartesianGrid vertical={false} strokeDasharray="3 3" />
        <XAxis dataKey="i" ticks={ticks} interval={0} tickFormatter={tickFormatter} height={24} />
        <YAxis
          width={laneAxisWidth(timeline, 7.6, STAGE_AXIS_WIDTH)}
          allowDecimals={false}
          tickCount={3}
          tickFormatter={formatCount}
        />
        <Tooltip
          content={tooltip}
          isAnimationActive={false}
          cursor={{ fill: 'var(--accent)', fillOpacity: 0.1 }}
        />
        {selected ? (
          <ReferenceArea
            x1={selected[0]}
            x2={selected[1]}
            className="volume-selection"
            fill="var(--accent)"
            fillOpacity={0.14}
            ifOverflow="hidden"
          />
        ) : null}
        {view.hosts.map((h, k) => (
          <Bar
            key={h.key}
            dataKey={h.key}
            name={h.name}
            stackId="lines"
            fill={h.color}
            shape={shapes[k]}
            isAnimationActive={false}
            onClick={onBarClick}
          />
        ))}
      </BarChart>
    </div>
  );
}

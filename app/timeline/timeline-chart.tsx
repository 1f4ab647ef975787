// The recharts part of the timeline (its own lazy chunk): the lanes with their markers and count
// bins, the stage-start annotations, wheel zoom, and the overview with its brush.
import { type RefObject, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  Area,
  AreaChart,
  Brush,
  CartesianGrid,
  Legend,
  ReferenceLine,
  Scatter,
  ScatterChart,
  Symbols,
  Tooltip,
  usePlotArea,
  useXAxisScale,
  useYAxisScale,
  XAxis,
  YAxis,
} from 'recharts';
import { formatAxisIn, type TimeZoneChoice } from '../../workers/report/time.ts';
import {
  type Annotation,
  type BinMark,
  brushToZoom,
  clampZoom,
  type EventMark,
  labelWidth,
  laneAxisWidth,
  laneHeight,
  type Mark,
  type OverviewBin,
  panBy,
  type Shape,
  staggerLabels,
  type TimelineView,
  zoomAround,
  zoomToBrush,
} from '../../workers/report/timeline-model.ts';
import { useStore } from '../store.ts';
import { EventTooltip } from './event-tooltip.tsx';
import { showLine } from './show-line.ts';

/** The chart's margins and its stage-lane gutter: the log-volume chart above lines up with them. */
export const MARGIN = { right: 28, bottom: 4, left: 4 };
export const STAGE_AXIS_WIDTH = 262;
const LABEL_ROW = 16;
const X_AXIS_HEIGHT = 46;
const LEGEND_ROW = 24;
const MARKER_SIZE = 48;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The element's width, followed as the page resizes. */
function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.getBoundingClientRect().width);
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(entry.contentRect.width);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

/** Reports where recharts put the plot area, for the wheel and the annotation callouts. */
function PlotProbe({ onPlot }: { onPlot: (box: Box) => void }) {
  const plot = usePlotArea();
  const x = plot?.x;
  const y = plot?.y;
  const width = plot?.width;
  const height = plot?.height;
  useEffect(() => {
    if (x !== undefined && y !== undefined && width !== undefined && height !== undefined) {
      onPlot({ x, y, width, height });
    }
  }, [x, y, width, height, onPlot]);
  return null;
}

interface PlacedAnnotation {
  annotation: Annotation;
  row: number;
  anchor: 'start' | 'end';
}

/** The stage-start callouts above the plot, each tied to its line by a short stalk. */
function AnnotationLabels({ placed }: { placed: PlacedAnnotation[] }) {
  const xScale = useXAxisScale();
  const plot = usePlotArea();
  if (!xScale || !plot) return null;
  return (
    <g className="timeline-annotations">
      {placed.map(({ annotation, row, anchor }) => {
        const px = xScale(annotation.x);
        if (px === undefined) return null;
        const y = plot.y - 6 - row * LABEL_ROW;
        return (
          <g key={annotation.stage} data-stage={annotation.stage} data-x={annotation.x}>
            <line className="annotation-stalk" x1={px} x2={px} y1={y + 3} y2={plot.y} />
            <text
              className="annotation-label"
              x={anchor === 'start' ? px + 3 : px - 3}
              y={y}
              textAnchor={anchor}
            >
              {annotation.label}
            </text>
          </g>
        );
      })}
    </g>
  );
}

interface MarkProps {
  cx?: number;
  cy?: number;
  payload?: unknown;
}

function EventShape({
  cx,
  cy,
  mark,
  color,
  shape,
}: {
  cx: number;
  cy: number;
  mark: EventMark;
  color: string;
  shape: Shape;
}) {
  return (
    <g
      className="timeline-mark"
      style={{ color }}
      data-mark="event"
      data-lane={mark.lane}
      data-stage={mark.stage}
      data-host={mark.host}
      data-recovery={mark.recovery}
      data-ref={`${mark.source}:${mark.line}`}
    >
      {/* Recovery lines are drawn hollow (styles.css): the same host and stage, things getting better. */}
      <Symbols type={shape} cx={cx} cy={cy} size={MARKER_SIZE} fill={color} />
    </g>
  );
}

function BinShape({ cy, mark, color, maxBin }: { cy: number; mark: BinMark; color: string; maxBin: number }) {
  const xScale = useXAxisScale();
  const yScale = useYAxisScale();
  const x0 = xScale?.(mark.x0);
  const x1 = xScale?.(mark.x1);
  if (x0 === undefined || x1 === undefined) return null;
  const lane = yScale ? Math.abs((yScale(1) ?? 0) - (yScale(0) ?? 0)) : 44;
  const height = Math.min(Math.max(mark.h * lane - 3, 5), 16);
  const width = Math.max(x1 - x0 - 1, 2);
  // Darker for fuller bins, on a log scale: a 1000-event bin beside a 3-event one stays readable.
  const opacity = 0.35 + (0.6 * Math.log1p(mark.count)) / Math.log1p(Math.max(maxBin, 2));
  const label = String(mark.count);
  return (
    <g
      className="timeline-mark"
      data-mark="bin"
      data-lane={mark.lane}
      data-stage={mark.stage}
      data-host={mark.host}
      data-count={mark.count}
      data-ref={`${mark.source}:${mark.line}`}
    >
      <rect
        className="bin-rect"
        x={x0 + 0.5}
        y={cy - height / 2}
        width={width}
        height={height}
        rx={2}
        fill={color}
        fillOpacity={opacity}
        stroke={color}
      />
      {width >= label.length * 5.8 + 3 && height >= 10 ? (
        <text className="bin-count" x={x0 + 0.5 + width / 2} y={cy + 3.5} textAnchor="middle">
          {label}
        </text>
      ) : null}
    </g>
  );
}

const isMark = (value: unknown): value is Mark =>
  typeof value === 'object' && value !== null && 'kind' in value;

function MarkShape({
  cx,
  cy,
  payload,
  color,
  shape,
  maxBin,
}: MarkProps & { color: string; shape: Shape; maxBin: number }) {
  if (cx === undefined || cy === undefined || !isMark(payload)) return <g />;
  return payload.kind === 'bin' ? (
    <BinShape cy={cy} mark={payload} color={color} maxBin={maxBin} />
  ) : (
    <EventShape cx={cx} cy={cy} mark={payload} color={color} shape={shape} />
  );
}

/** One recharts shape function per series: markers for single events, rectangles for bins. */
const markShape = (color: string, shape: Shape, maxBin: number) => (props: MarkProps) => (
  <MarkShape
    cx={props.cx}
    cy={props.cy}
    payload={props.payload}
    color={color}
    shape={shape}
    maxBin={maxBin}
  />
);

/**
 * Wheel over the plot zooms around the pointer (the page does not scroll while the pointer is over
 * the plot; elsewhere it scrolls as usual); a sideways wheel pans. Steps are gathered per frame.
 */
function useWheelZoom(
  wrap: RefObject<HTMLDivElement | null>,
  latest: RefObject<{ view: TimelineView; plot: Box }>,
) {
  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    let pending: [number, number] | null | undefined;
    let frame = 0;
    const onWheel = (e: WheelEvent) => {
      const { view, plot } = latest.current;
      const rect = el.getBoundingClientRect();
      const px = e.clientX - rect.left;
      const py = e.clientY - rect.top;
      if (px < plot.x || px > plot.x + plot.width || py < plot.y || py > plot.y + plot.height) return;
      e.preventDefault();
      const scale = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? rect.height : 1;
      const current =
        pending === undefined ? clampZoom(useStore.getState().zoom, view.full) : (pending ?? view.full);
      const span = current[1] - current[0];
      if (Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
        pending = panBy(current, view.full, (e.deltaX * scale) / plot.width);
      } else {
        const at = current[0] + ((px - plot.x) / plot.width) * span;
        pending = zoomAround(current, view.full, at, Math.exp(e.deltaY * scale * 0.002));
      }
      if (!frame) {
        frame = requestAnimationFrame(() => {
          frame = 0;
          if (pending !== undefined) useStore.getState().setZoom(pending);
          pending = undefined;
        });
      }
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      el.removeEventListener('wheel', onWheel);
      if (frame) cancelAnimationFrame(frame);
    };
  }, [wrap, latest]);
}

/** Legend entries as text (a module-level function keeps the prop stable for recharts). */
const legendName = (name: string) => <span className="legend-host">{name}</span>;

export default function TimelineChart({ view, display }: { view: TimelineView; display: TimeZoneChoice }) {
  const wrap = useRef<HTMLDivElement>(null);
  // The frame (axes, grid, legend) mounts first and the marks one task later: recharts re-renders
  // the whole chart for each part it registers while mounting, and doing those passes without the
  // marks keeps each main-thread task short on a large incident (npm run bench:ui).
  const [marksShown, setMarksShown] = useState(false);
  useEffect(() => {
    const id = setTimeout(() => setMarksShown(true), 0);
    return () => clearTimeout(id);
  }, []);
  const width = useWidth(wrap);
  const axisWidth = laneAxisWidth(view, 7.6, STAGE_AXIS_WIDTH);
  const [measured, setMeasured] = useState<Box | null>(null);
  const onPlot = useCallback(
    (box: Box) =>
      setMeasured((prev) =>
        prev && prev.x === box.x && prev.y === box.y && prev.width === box.width && prev.height === box.height
          ? prev
          : box,
      ),
    [],
  );
  const plotX = measured?.x ?? MARGIN.left + axisWidth;
  const plotWidth = measured?.width ?? Math.max(width - plotX - MARGIN.right, 1);
  const [from, to] = view.domain;

  // Callouts of the stage starts in view, staggered into rows above the plot.
  const placed = useMemo(() => {
    const shown = view.annotations.filter((a) => a.x >= from && a.x <= to);
    const rows = staggerLabels(
      shown.map((a) => ({
        px: plotX + ((a.x - from) / (to - from)) * plotWidth,
        width: labelWidth(a.label),
      })),
      plotX + plotWidth + MARGIN.right,
    );
    return shown.map((annotation, i) => ({
      annotation,
      ...(rows[i] ?? { row: 0, anchor: 'start' as const }),
    }));
  }, [view.annotations, from, to, plotX, plotWidth]);
  const labelRows = placed.reduce((n, p) => Math.max(n, p.row + 1), 0);
  const top = 8 + labelRows * LABEL_ROW;
  const lanesHeight = view.lanes.length * laneHeight(view);
  const legendRows = Math.ceil(view.series.length / 5);
  const height = top + lanesHeight + X_AXIS_HEIGHT + legendRows * LEGEND_ROW + MARGIN.bottom;

  const plot: Box = measured ?? { x: plotX, y: top, width: plotWidth, height: lanesHeight };
  const latest = useRef({ view, plot });
  latest.current = { view, plot };
  useWheelZoom(wrap, latest);

  // Stable props: recharts 3 copies series and axis props into its own store whenever they change,
  // and every copy re-renders the whole chart, so new functions on each render cost whole passes.
  const tickFormatter = useCallback(
    (ms: number) => formatAxisIn(ms, display, view.withDay),
    [display, view.withDay],
  );
  const laneTitle = useCallback((i: number) => view.lanes[i]?.title ?? '', [view.lanes]);
  const tooltip = useCallback(
    (props: { active?: boolean; payload?: unknown }) => (
      <EventTooltip active={props.active} payload={props.payload as never} display={display} />
    ),
    [display],
  );
  const onMarkClick = useCallback((item: { payload?: unknown }) => {
    if (isMark(item.payload)) showLine(item.payload);
  }, []);
  const laneTicks = useMemo(() => view.lanes.map((_, i) => i), [view.lanes]);
  const yDomain = useMemo(() => [-0.5, view.lanes.length - 0.5], [view.lanes.length]);
  const margin = useMemo(() => ({ ...MARGIN, top }), [top]);
  const shapes = useMemo(
    () => view.series.map((s) => markShape(s.color, s.shape, view.maxBin)),
    [view.series, view.maxBin],
  );

  return (
    <div ref={wrap} className="timeline-chart" data-lane-mode={view.mode}>
      <ScatterChart responsive accessibilityLayer={false} style={{ width: '100%', height }} margin={margin}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis
          type="number"
          dataKey="x"
          name="Time"
          domain={view.domain}
          ticks={view.ticks}
          tickFormatter={tickFormatter}
          allowDataOverflow
          height={X_AXIS_HEIGHT}
          label={{ value: view.axisLabel, position: 'insideBottom', offset: 2, className: 'axis-label' }}
        />
        <YAxis
          type="number"
          dataKey="y"
          name={view.mode === 'stage' ? 'Stage' : 'Host'}
          domain={yDomain}
          ticks={laneTicks}
          tickFormatter={laneTitle}
          interval={0}
          width={axisWidth}
          allowDataOverflow
          reversed
        />
        <Tooltip content={tooltip} isAnimationActive={false} cursor={{ strokeDasharray: '3 3' }} />
        <Legend verticalAlign="bottom" formatter={legendName} />
        {placed.map(({ annotation }) => (
          <ReferenceLine
            key={annotation.stage}
            x={annotation.x}
            className="annotation-line"
            stroke="currentColor"
            strokeDasharray="4 3"
            strokeOpacity={0.45}
            ifOverflow="hidden"
          />
        ))}
        {(marksShown ? view.series : []).map((s, i) => (
          <Scatter
            key={s.key}
            name={s.name}
            data={s.marks}
            fill={s.color}
            shape={shapes[i]}
            legendType={s.shape}
            isAnimationActive={false}
            onClick={onMarkClick}
          />
        ))}
        <AnnotationLabels placed={placed} />
        <PlotProbe onPlot={onPlot} />
      </ScatterChart>
    </div>
  );
}

/**
 * The whole incident's event counts under the chart, with the zoom as a recharts brush: drag its
 * ends or its middle, or focus an end and use the arrow keys.
 */
export function TimelineOverview({
  view,
  bins,
  display,
}: {
  view: TimelineView;
  bins: OverviewBin[];
  display: TimeZoneChoice;
}) {
  const setZoom = useStore((s) => s.setZoom);
  const { startIndex, endIndex } = zoomToBrush(view.domain, view.full, bins.length);
  const frame = useRef(0);
  const pending = useRef<[number, number] | null>(null);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);
  const onChange = (range: { startIndex?: number; endIndex?: number }) => {
    pending.current = brushToZoom(range, view.full, bins.length);
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      setZoom(pending.current);
    });
  };
  const axisWidth = laneAxisWidth(view, 7.6, STAGE_AXIS_WIDTH);
  const withDay = view.full[1] - view.full[0] >= 12 * 3600 * 1000;
  return (
    <div className="timeline-overview" data-testid="timeline-overview">
      <AreaChart
        responsive
        accessibilityLayer={false}
        data={bins}
        style={{ width: '100%', height: 44 }}
        margin={{ top: 0, right: MARGIN.right, bottom: 0, left: MARGIN.left + axisWidth }}
      >
        <Brush
          dataKey="t0"
          y={0}
          height={42}
          travellerWidth={9}
          startIndex={startIndex}
          endIndex={endIndex}
          onChange={onChange}
          tickFormatter={(t: number) => formatAxisIn(t, display, withDay)}
          ariaLabel="End of the timeline's zoom range (arrow keys move it)"
          fill="var(--surface)"
          stroke="var(--fg-muted)"
        >
          <AreaChart data={bins}>
            <Area
              dataKey="count"
              type="step"
              stroke="var(--accent)"
              fill="var(--accent)"
              fillOpacity={0.25}
              isAnimationActive={false}
            />
          </AreaChart>
        </Brush>
      </AreaChart>
    </div>
  );
}

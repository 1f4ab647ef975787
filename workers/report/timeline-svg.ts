// The timeline as a standalone SVG document: what the screen's chart shows for one lane mode, zoom
// and time display (the same `TimelineView`), drawn without recharts or CSS so the file reads the
// same in a postmortem, a browser, an image viewer or a PNG. All text is escaped: host names, file
// names and log lines are hostile input.
import type { TimeZoneChoice } from './time.ts';
import { formatAxisIn } from './time.ts';
import {
  type BinMark,
  type EventMark,
  labelWidth,
  laneAxisWidth,
  laneHeight,
  type Shape,
  staggerLabels,
  type TimelineView,
} from './timeline-model.ts';

export type SvgTheme = 'light' | 'dark';

export interface TimelineSvgOptions {
  /** Width of the picture in CSS pixels; the height follows from the lanes. */
  width?: number;
  theme?: SvgTheme;
  display: TimeZoneChoice;
  /** A line of text above the chart (the root cause, the scope), escaped here. */
  title?: string;
  subtitle?: string;
}

export interface TimelineSvg {
  svg: string;
  width: number;
  height: number;
}

const PALETTE: Record<SvgTheme, { bg: string; fg: string; muted: string; grid: string; border: string }> = {
  light: { bg: '#ffffff', fg: '#1b2430', muted: '#5b6675', grid: '#e3e7ed', border: '#d5dbe3' },
  dark: { bg: '#1a2029', fg: '#e3e8ef', muted: '#9aa6b6', grid: '#2a323d', border: '#313b48' },
};

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
const PAD = 16;
const TITLE_ROW = 22;
const LABEL_ROW = 16;
const AXIS_HEIGHT = 44;
const LEGEND_ROW = 22;
const MARKER_R = 4.2;
const STAGE_AXIS_WIDTH = 250;

/** Text as SVG character data or an attribute value: nothing in it can open a tag or an entity. */
export function escapeXml(text: string): string {
  // Control characters other than tab/LF/CR are not allowed in XML 1.0 at all.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to remove them
  const clean = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd');
  return clean
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));

/** Long names are cut with an ellipsis so they stay inside the lane axis. */
function clip(text: string, px: number, charPx = 6.6): string {
  const max = Math.max(Math.floor(px / charPx), 4);
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The path of one marker of `shape` around (cx, cy): the same seven shapes as the screen's legend. */
export function shapePath(shape: Shape, cx: number, cy: number, r = MARKER_R): string {
  const pts = (list: [number, number][]) =>
    `M${list.map(([x, y]) => `${num(cx + x)},${num(cy + y)}`).join('L')}Z`;
  switch (shape) {
    case 'circle':
      return `M${num(cx - r)},${num(cy)}a${r},${r} 0 1,0 ${num(2 * r)},0a${r},${r} 0 1,0 ${num(-2 * r)},0Z`;
    case 'square':
      return pts([
        [-r, -r],
        [r, -r],
        [r, r],
        [-r, r],
      ]);
    case 'triangle':
      return pts([
        [0, -r * 1.2],
        [r * 1.1, r * 0.8],
        [-r * 1.1, r * 0.8],
      ]);
    case 'diamond':
      return pts([
        [0, -r * 1.3],
        [r, 0],
        [0, r * 1.3],
        [-r, 0],
      ]);
    case 'star': {
      const list: [number, number][] = [];
      for (let i = 0; i < 10; i++) {
        const a = (Math.PI / 5) * i - Math.PI / 2;
        const rr = i % 2 === 0 ? r * 1.35 : r * 0.55;
        list.push([Math.cos(a) * rr, Math.sin(a) * rr]);
      }
      return pts(list);
    }
    case 'cross': {
      const t = r * 0.4;
      return pts([
        [-t, -r],
        [t, -r],
        [t, -t],
        [r, -t],
        [r, t],
        [t, t],
        [t, r],
        [-t, r],
        [-t, t],
        [-r, t],
        [-r, -t],
        [-t, -t],
      ]);
    }
    case 'wye': {
      const list: [number, number][] = [];
      for (let i = 0; i < 3; i++) {
        const a = (2 * Math.PI * i) / 3 - Math.PI / 2;
        const side = a + Math.PI / 2;
        const t = r * 0.35;
        list.push([Math.cos(a) * r * 1.2 + Math.cos(side) * t, Math.sin(a) * r * 1.2 + Math.sin(side) * t]);
        list.push([Math.cos(a) * r * 1.2 - Math.cos(side) * t, Math.sin(a) * r * 1.2 - Math.sin(side) * t]);
        const between = a + Math.PI / 3;
        list.push([Math.cos(between) * t * 1.2, Math.sin(between) * t * 1.2]);
      }
      return pts(list);
    }
  }
}

/** The SVG of `view`, as self-contained markup (no external reference, no script, no CSS). */
export function timelineSvg(view: TimelineView, options: TimelineSvgOptions): TimelineSvg {
  const width = Math.round(Math.max(options.width ?? 1200, 480));
  const colors = PALETTE[options.theme ?? 'light'];
  const { display } = options;
  const titles = [options.title, options.subtitle].filter((t): t is string => Boolean(t));
  const plotX = PAD + laneAxisWidth(view, 7.2, STAGE_AXIS_WIDTH);
  const plotW = width - plotX - PAD - 12;
  const [from, to] = view.domain;
  const span = Math.max(to - from, 1);
  const px = (ms: number) => plotX + ((ms - from) / span) * plotW;

  const shown = view.annotations.filter((a) => a.x >= from && a.x <= to);
  const placed = staggerLabels(
    shown.map((a) => ({ px: px(a.x), width: labelWidth(a.label) })),
    plotX + plotW + 12,
  );
  const labelRows = placed.reduce((n, p) => Math.max(n, p.row + 1), 0);
  const plotY = PAD + titles.length * TITLE_ROW + 8 + labelRows * LABEL_ROW;
  const laneH = laneHeight(view);
  const plotH = Math.max(view.lanes.length, 1) * laneH;
  const laneY = (y: number) => plotY + (y + 0.5) * laneH;
  const perRow = Math.max(Math.floor((width - 2 * PAD) / 210), 1);
  const legendRows = Math.ceil(view.series.length / perRow);
  const height = Math.round(plotY + plotH + AXIS_HEIGHT + legendRows * LEGEND_ROW + PAD);

  const out: string[] = [];
  const push = (s: string) => out.push(s);
  push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `font-family="${escapeXml(FONT)}" font-size="12" role="img" aria-labelledby="cascade-title">`,
  );
  push(`<title id="cascade-title">${escapeXml(titles[0] ?? 'Incident timeline')}</title>`);
  push(`<desc>${escapeXml(`${view.axisLabel}; ${view.visible} events in view of ${view.timed}`)}</desc>`);
  push(`<rect width="${width}" height="${height}" fill="${colors.bg}"/>`);
  titles.forEach((t, i) => {
    push(
      `<text x="${PAD}" y="${PAD + 14 + i * TITLE_ROW}" fill="${i === 0 ? colors.fg : colors.muted}" ` +
        `font-size="${i === 0 ? 14 : 12}"${i === 0 ? ' font-weight="600"' : ''}>${escapeXml(clip(t, width - 2 * PAD, i === 0 ? 7.6 : 6.6))}</text>`,
    );
  });

  // Lanes: zebra bands, titles, grid lines at the ticks.
  push('<g class="lanes">');
  view.lanes.forEach((lane, i) => {
    const y = plotY + i * laneH;
    if (i % 2 === 1)
      push(
        `<rect x="${plotX}" y="${num(y)}" width="${num(plotW)}" height="${num(laneH)}" fill="${colors.grid}" fill-opacity="0.45"/>`,
      );
    push(
      `<text x="${plotX - 8}" y="${num(laneY(i) + 4)}" text-anchor="end" fill="${colors.fg}">${escapeXml(clip(lane.title, plotX - PAD - 8))}</text>`,
    );
  });
  push('</g>');
  push('<g class="axis">');
  for (const t of view.ticks) {
    if (t < from || t > to) continue;
    const x = num(px(t));
    push(`<line x1="${x}" x2="${x}" y1="${plotY}" y2="${plotY + plotH}" stroke="${colors.grid}"/>`);
    push(
      `<text x="${x}" y="${plotY + plotH + 16}" text-anchor="middle" fill="${colors.muted}">${escapeXml(formatAxisIn(t, display, view.withDay))}</text>`,
    );
  }
  push(
    `<rect x="${plotX}" y="${plotY}" width="${num(plotW)}" height="${plotH}" fill="none" stroke="${colors.border}"/>`,
  );
  push(
    `<text x="${num(plotX + plotW / 2)}" y="${plotY + plotH + 36}" text-anchor="middle" fill="${colors.muted}">${escapeXml(view.axisLabel)}</text>`,
  );
  push('</g>');

  // Stage starts: a dashed line through the lanes and a staggered label above them.
  push('<g class="annotations">');
  shown.forEach((a, i) => {
    const p = placed[i] ?? { row: 0, anchor: 'start' as const };
    const x = px(a.x);
    const y = plotY - 6 - p.row * LABEL_ROW;
    push(
      `<line x1="${num(x)}" x2="${num(x)}" y1="${num(y + 3)}" y2="${plotY + plotH}" stroke="${colors.fg}" stroke-opacity="0.45" stroke-dasharray="4 3"/>`,
    );
    push(
      `<text x="${num(p.anchor === 'start' ? x + 3 : x - 3)}" y="${num(y)}" text-anchor="${p.anchor}" fill="${colors.fg}">${escapeXml(a.label)}</text>`,
    );
  });
  push('</g>');

  // Marks: count bins as shaded bars (darker for fuller bins), single events as the series' shape,
  // recoveries hollow.
  push('<g class="marks">');
  for (const series of view.series) {
    const color = escapeXml(series.color);
    for (const mark of series.marks) {
      if (mark.kind === 'bin') push(binMarkup(mark, color, view.maxBin, px, laneY, laneH, plotX, plotW));
      else push(eventMarkup(mark, color, series.shape, px, laneY));
    }
  }
  push('</g>');

  // Legend: one entry per series, in rows under the axis.
  push('<g class="legend">');
  const legendTop = plotY + plotH + AXIS_HEIGHT;
  const cell = (width - 2 * PAD) / perRow;
  view.series.forEach((s, i) => {
    const x = PAD + (i % perRow) * cell;
    const y = legendTop + Math.floor(i / perRow) * LEGEND_ROW + 10;
    push(`<path d="${shapePath(s.shape, x + 6, y)}" fill="${escapeXml(s.color)}"/>`);
    push(
      `<text x="${num(x + 16)}" y="${num(y + 4)}" fill="${colors.fg}">${escapeXml(clip(s.name, cell - 24))}</text>`,
    );
  });
  push('</g>');
  push('</svg>');
  return { svg: out.join('\n'), width, height };
}

function eventMarkup(
  mark: EventMark,
  color: string,
  shape: Shape,
  px: (ms: number) => number,
  laneY: (y: number) => number,
): string {
  const d = shapePath(shape, px(mark.x), laneY(mark.y));
  return mark.recovery
    ? `<path d="${d}" fill="none" stroke="${color}" stroke-width="1.5"/>`
    : `<path d="${d}" fill="${color}"/>`;
}

function binMarkup(
  mark: BinMark,
  color: string,
  maxBin: number,
  px: (ms: number) => number,
  laneY: (y: number) => number,
  laneH: number,
  plotX: number,
  plotW: number,
): string {
  // Bins at the ends of a zoomed view are cut at the plot's edges, as on screen.
  const x0 = Math.max(px(mark.x0), plotX);
  const x1 = Math.min(px(mark.x1), plotX + plotW);
  if (x1 <= x0) return '';
  const h = Math.min(Math.max(mark.h * laneH - 3, 5), 16);
  const w = Math.max(x1 - x0 - 1, 2);
  const cy = laneY(mark.y);
  const opacity = 0.35 + (0.6 * Math.log1p(mark.count)) / Math.log1p(Math.max(maxBin, 2));
  const label = String(mark.count);
  const rect = `<rect x="${num(x0 + 0.5)}" y="${num(cy - h / 2)}" width="${num(w)}" height="${num(h)}" rx="2" fill="${color}" fill-opacity="${opacity.toFixed(2)}" stroke="${color}"/>`;
  return w >= label.length * 5.8 + 3 && h >= 10
    ? `${rect}<text x="${num(x0 + 0.5 + w / 2)}" y="${num(cy + 3.5)}" text-anchor="middle" font-size="10" fill="#ffffff">${label}</text>`
    : rect;
}

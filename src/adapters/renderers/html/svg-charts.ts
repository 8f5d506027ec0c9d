/**
 * Hand-written inline-SVG charts for the HTML report: no chart library, no script, nothing
 * fetched — the page must open offline and under a CSP that forbids everything but its own
 * style sheet. Every label is interpolated through `html`, so category names and slice values
 * from a golden set cannot inject markup.
 */
import { html, joinHtml, type SafeHtml } from './escape-html.js';
import { axes, clamp, coord, linearScale, svgFigure, truncateLabel, type Domain, type Scale } from './svg-frame.js';

export interface ChartPoint {
  x: number;
  y: number;
}

/**
 * `steps-post` holds each y until the next x (matplotlib's drawstyle, what scikit-learn's
 * PrecisionRecallDisplay uses: AP is the area under exactly this step function).
 */
export type CurveStyle = 'linear' | 'steps-post';

export interface LineSeries {
  name: string;
  points: readonly ChartPoint[];
  curve?: CurveStyle;
  /** `reference` draws a thin dashed grey line (chance diagonal, prevalence baseline). */
  tone: 'primary' | 'secondary' | 'reference';
}

export interface ChartMarker extends ChartPoint {
  label: string;
}

export interface LineChartOptions {
  id: string;
  title: string;
  description: string;
  xLabel: string;
  yLabel: string;
  series: readonly LineSeries[];
  markers?: readonly ChartMarker[];
  xDomain?: Domain;
  yDomain?: Domain;
}

const UNIT: Domain = [0, 1];
const SQUARE = { width: 420, height: 400 };
const SQUARE_AREA = { left: 56, top: 14, right: 404, bottom: 314 };

function finitePoints(points: readonly ChartPoint[]): ChartPoint[] {
  return points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
}

function pathData(points: readonly ChartPoint[], x: Scale, y: Scale, curve: CurveStyle): string {
  const parts: string[] = [];
  points.forEach((p, i) => {
    const px = coord(x(clamp(p.x, x.domain)));
    const py = coord(y(clamp(p.y, y.domain)));
    if (i === 0) parts.push(`M${px} ${py}`);
    else if (curve === 'steps-post') {
      const prev = points[i - 1];
      const prevY = prev ? coord(y(clamp(prev.y, y.domain))) : py;
      parts.push(`L${px} ${prevY}L${px} ${py}`);
    } else parts.push(`L${px} ${py}`);
  });
  return parts.join('');
}

function legend(series: readonly LineSeries[], left: number, top: number): SafeHtml {
  return joinHtml(
    series.map((s, i) => {
      const y = top + i * 18;
      return html`<g class="legend-item"><line class="series ${s.tone}" x1="${coord(left)}" x2="${coord(left + 22)}" y1="${coord(y)}" y2="${coord(y)}"/><text class="legend" x="${coord(left + 28)}" y="${coord(y + 4)}">${truncateLabel(s.name, 48)}</text></g>`;
    }),
  );
}

/** Line chart on the unit square by default: PR and ROC curves, with optional marked points. */
export function lineChart(options: LineChartOptions): SafeHtml {
  const area = SQUARE_AREA;
  const x = linearScale(options.xDomain ?? UNIT, [area.left, area.right]);
  const y = linearScale(options.yDomain ?? UNIT, [area.bottom, area.top]);
  const drawn = options.series
    .map((s) => ({ ...s, points: finitePoints(s.points) }))
    .filter((s) => s.points.length > 0);
  const height = SQUARE.height + Math.max(0, drawn.length - 2) * 18;
  const lines = drawn.map(
    (s) => html`<path class="series ${s.tone}" d="${pathData(s.points, x, y, s.curve ?? 'linear')}"><title>${s.name}</title></path>`,
  );
  const markers = (options.markers ?? []).filter((m) => Number.isFinite(m.x) && Number.isFinite(m.y));
  const markerMarks = markers.map((m) => {
    const cx = x(clamp(m.x, x.domain));
    const cy = y(clamp(m.y, y.domain));
    // near the right edge the label goes to the left of its point so that it is not cut off
    const left = cx > area.right - 130;
    // below the point when it sits near the top, so the label stays inside the plot
    const below = left || cy < area.top + 20;
    return html`<g class="marker"><circle cx="${coord(cx)}" cy="${coord(cy)}" r="4.5"><title>${m.label}</title></circle><text class="marker-label" x="${coord(left ? cx - 8 : cx + 8)}" y="${coord(cy + (below ? 16 : -8))}" text-anchor="${left ? 'end' : 'start'}">${truncateLabel(m.label, 28)}</text></g>`;
  });
  return svgFigure(
    { id: options.id, title: options.title, description: options.description, width: SQUARE.width, height },
    html`${axes({ area, x, y, xLabel: options.xLabel, yLabel: options.yLabel })}
${lines}
${markerMarks}
${legend(drawn, area.left + 4, area.bottom + 56)}`,
  );
}

export interface ReliabilityBin {
  /** Bin edges on [0, 1]: (low, high], the first bin closed at 0. */
  low: number;
  high: number;
  count: number;
  /** Mean predicted P(positive) of the bin's items; null for an empty bin. */
  meanScore: number | null;
  /** Observed share of positives; null for an empty bin. */
  fractionPositive: number | null;
  /** Wilson interval of `fractionPositive`. */
  ci?: { low: number; high: number } | null;
}

export interface ReliabilityOptions {
  id: string;
  title: string;
  description: string;
  bins: readonly ReliabilityBin[];
}

/**
 * Reliability diagram: observed spam share against mean score per bin, with each bin's Wilson
 * interval as a whisker (METHODS §3.6: ECE is biased when bins hold few items, so the reader
 * must see how few), and a count histogram beneath sharing the x axis.
 */
export function reliabilityDiagram(options: ReliabilityOptions): SafeHtml {
  const width = 420;
  const main = { left: 56, top: 14, right: 404, bottom: 280 };
  const hist = { left: 56, top: 308, right: 404, bottom: 372 };
  const x = linearScale(UNIT, [main.left, main.right]);
  const y = linearScale(UNIT, [main.bottom, main.top]);
  const maxCount = Math.max(1, ...options.bins.map((b) => b.count));
  const yh = linearScale([0, maxCount], [hist.bottom, hist.top]);
  const filled = options.bins.filter(
    (b): b is ReliabilityBin & { meanScore: number; fractionPositive: number } =>
      b.count > 0 && b.meanScore !== null && b.fractionPositive !== null,
  );
  const diagonal = html`<path class="series reference" d="M${coord(x(0))} ${coord(y(0))}L${coord(x(1))} ${coord(y(1))}"><title>Perfect calibration</title></path>`;
  const line = filled.length > 1
    ? html`<path class="series primary" d="${pathData(filled.map((b) => ({ x: b.meanScore, y: b.fractionPositive })), x, y, 'linear')}"/>`
    : null;
  const whiskers = filled.map((b) => {
    if (!b.ci) return null;
    const cx = coord(x(clamp(b.meanScore, UNIT)));
    const lo = coord(y(clamp(b.ci.low, UNIT)));
    const hi = coord(y(clamp(b.ci.high, UNIT)));
    const cap = (at: string) => html`<line x1="${coord(Number(cx) - 4)}" x2="${coord(Number(cx) + 4)}" y1="${at}" y2="${at}"/>`;
    return html`<g class="whisker"><line x1="${cx}" x2="${cx}" y1="${lo}" y2="${hi}"/>${cap(lo)}${cap(hi)}</g>`;
  });
  const points = filled.map((b) => {
    const detail = `Scores ${b.low.toFixed(1)}–${b.high.toFixed(1)}: ${b.count} items, mean score ${b.meanScore.toFixed(3)}, spam share ${b.fractionPositive.toFixed(3)}${b.ci ? ` (95% CI ${b.ci.low.toFixed(3)}–${b.ci.high.toFixed(3)})` : ''}`;
    return html`<circle class="bin-point" cx="${coord(x(clamp(b.meanScore, UNIT)))}" cy="${coord(y(clamp(b.fractionPositive, UNIT)))}" r="4"><title>${detail}</title></circle>`;
  });
  const bars = options.bins.map((b) => {
    const x0 = x(b.low) + 1;
    const x1 = x(b.high) - 1;
    const top = yh(b.count);
    return html`<g class="hist"><rect x="${coord(x0)}" y="${coord(top)}" width="${coord(Math.max(0, x1 - x0))}" height="${coord(hist.bottom - top)}"><title>${`${b.count} items with scores ${b.low.toFixed(1)}–${b.high.toFixed(1)}`}</title></rect><text class="count" x="${coord((x0 + x1) / 2)}" y="${coord(Math.min(top, hist.bottom) - 3)}" text-anchor="middle">${b.count}</text></g>`;
  });
  return svgFigure(
    { id: options.id, title: options.title, description: options.description, width, height: 430 },
    html`${axes({ area: main, x, y, xLabel: '', yLabel: 'Observed spam share', xTickLabels: false })}
${diagonal}${line}${whiskers}${points}
${axes({ area: hist, x, y: yh, xLabel: 'Mean predicted score (bin)', yLabel: 'Items', yTicks: false })}
${bars}`,
  );
}

export interface BarDatum {
  label: string;
  /** In [0, 1]; null draws "n/a" with `note` as the reason. */
  value: number | null;
  ci?: { low: number; high: number } | null;
  /** Shown at the end of the row, e.g. "n = 42". */
  note?: string;
}

export interface BarChartOptions {
  id: string;
  title: string;
  description: string;
  xLabel: string;
  bars: readonly BarDatum[];
  formatValue: (value: number) => string;
}

/** Horizontal bars on [0, 1] with interval whiskers: per-category recall. */
export function barChart(options: BarChartOptions): SafeHtml {
  const rowHeight = 26;
  const labelWidth = 200;
  const area = { left: labelWidth, top: 10, right: 540, bottom: 10 + Math.max(1, options.bars.length) * rowHeight };
  const x = linearScale(UNIT, [area.left, area.right]);
  const width = 680;
  const height = area.bottom + 44;
  const rows = options.bars.map((bar, i) => {
    const top = area.top + i * rowHeight;
    const mid = top + rowHeight / 2;
    const label = html`<text class="bar-label" x="${coord(labelWidth - 8)}" y="${coord(mid + 4)}" text-anchor="end">${truncateLabel(bar.label, 26)}<title>${bar.label}</title></text>`;
    if (bar.value === null || !Number.isFinite(bar.value)) {
      return html`<g class="bar-row">${label}<text class="bar-value muted" x="${coord(area.left + 6)}" y="${coord(mid + 4)}">n/a${bar.note ? ` (${bar.note})` : ''}</text></g>`;
    }
    const end = x(clamp(bar.value, UNIT));
    const whisker = bar.ci
      ? html`<g class="whisker"><line x1="${coord(x(clamp(bar.ci.low, UNIT)))}" x2="${coord(x(clamp(bar.ci.high, UNIT)))}" y1="${coord(mid)}" y2="${coord(mid)}"/><line x1="${coord(x(clamp(bar.ci.low, UNIT)))}" x2="${coord(x(clamp(bar.ci.low, UNIT)))}" y1="${coord(mid - 5)}" y2="${coord(mid + 5)}"/><line x1="${coord(x(clamp(bar.ci.high, UNIT)))}" x2="${coord(x(clamp(bar.ci.high, UNIT)))}" y1="${coord(mid - 5)}" y2="${coord(mid + 5)}"/></g>`
      : null;
    const valueText = `${options.formatValue(bar.value)}${bar.note ? ` · ${bar.note}` : ''}`;
    return html`<g class="bar-row">${label}<rect class="bar" x="${coord(area.left)}" y="${coord(top + 5)}" width="${coord(Math.max(0.5, end - area.left))}" height="${coord(rowHeight - 10)}"><title>${`${bar.label}: ${valueText}`}</title></rect>${whisker}<text class="bar-value" x="${coord(area.right + 8)}" y="${coord(mid + 4)}">${valueText}</text></g>`;
  });
  return svgFigure(
    { id: options.id, title: options.title, description: options.description, width, height },
    html`${axes({ area, x, y: linearScale(UNIT, [area.bottom, area.top]), xLabel: options.xLabel, yLabel: '', yTicks: false, formatTick: (t) => `${Math.round(t * 100)}%` })}
${rows}`,
  );
}

/**
 * The parts every chart shares: linear scales, a plot frame with gridlines, ticks and axis
 * labels, and the accessible `<svg role="img">` wrapper with its `<title>` and `<desc>`.
 * Coordinates are written with 2 decimals: enough for print, and it keeps the page small.
 */
import { html, type HtmlValue, type SafeHtml } from './escape-html.js';

export type Domain = readonly [number, number];

export interface Scale {
  (value: number): number;
  domain: Domain;
  range: Domain;
}

export function linearScale(domain: Domain, range: Domain): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  const scale = (value: number): number => (span === 0 ? r0 : r0 + ((value - d0) / span) * (r1 - r0));
  return Object.assign(scale, { domain, range });
}

/** Fixed-point coordinate for an SVG attribute. */
export function coord(value: number): string {
  return (Math.round(value * 100) / 100).toString();
}

/** Evenly spaced ticks: 0, 0.2, … 1 for the unit interval. */
export function ticks(domain: Domain, count: number): number[] {
  const [d0, d1] = domain;
  const out: number[] = [];
  for (let i = 0; i <= count; i++) out.push(d0 + ((d1 - d0) * i) / count);
  return out;
}

export interface PlotArea {
  /** Left, top, right, bottom edges of the plotting rectangle in SVG units. */
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface AxesOptions {
  area: PlotArea;
  x: Scale;
  y: Scale;
  xLabel: string;
  yLabel: string;
  tickCount?: number;
  formatTick?: (value: number) => string;
  /** Draw the x tick labels (off for a panel stacked above another). */
  xTickLabels?: boolean;
  /** Draw horizontal gridlines and y tick labels (off for a bar chart, whose rows are labelled). */
  yTicks?: boolean;
}

function defaultTick(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}

/** Gridlines, frame, tick labels and axis titles; chart marks go on top of this. */
export function axes(options: AxesOptions): SafeHtml {
  const { area, x, y } = options;
  const count = options.tickCount ?? 5;
  const format = options.formatTick ?? defaultTick;
  const xTicks = ticks(x.domain, count);
  const yTicks = options.yTicks === false ? [] : ticks(y.domain, count);
  const midX = (area.left + area.right) / 2;
  const midY = (area.top + area.bottom) / 2;
  return html`<g class="axes" aria-hidden="true">
${xTicks.map((t) => html`<line class="grid" x1="${coord(x(t))}" x2="${coord(x(t))}" y1="${coord(area.top)}" y2="${coord(area.bottom)}"/>`)}
${yTicks.map((t) => html`<line class="grid" x1="${coord(area.left)}" x2="${coord(area.right)}" y1="${coord(y(t))}" y2="${coord(y(t))}"/>`)}
<rect class="frame" x="${coord(area.left)}" y="${coord(area.top)}" width="${coord(area.right - area.left)}" height="${coord(area.bottom - area.top)}"/>
${options.xTickLabels !== false && xTicks.map((t) => html`<text class="tick" x="${coord(x(t))}" y="${coord(area.bottom + 16)}" text-anchor="middle">${format(t)}</text>`)}
${yTicks.map((t) => html`<text class="tick" x="${coord(area.left - 6)}" y="${coord(y(t) + 4)}" text-anchor="end">${format(t)}</text>`)}
${options.xTickLabels !== false && options.xLabel !== '' && html`<text class="axis-label" x="${coord(midX)}" y="${coord(area.bottom + 36)}" text-anchor="middle">${options.xLabel}</text>`}
${options.yLabel !== '' && html`<text class="axis-label" transform="translate(${coord(area.left - 40)} ${coord(midY)}) rotate(-90)" text-anchor="middle">${options.yLabel}</text>`}
</g>`;
}

export interface FigureOptions {
  /** Unique within the page: used for the title/desc ids that `aria-labelledby` points to. */
  id: string;
  title: string;
  description: string;
  width: number;
  height: number;
}

/** The accessible SVG wrapper: a screen reader announces the title and the description. */
export function svgFigure(options: FigureOptions, body: HtmlValue): SafeHtml {
  const titleId = `${options.id}-title`;
  const descId = `${options.id}-desc`;
  return html`<svg class="chart" id="${options.id}" role="img" aria-labelledby="${titleId} ${descId}" viewBox="0 0 ${options.width} ${options.height}" width="${options.width}" height="${options.height}" xmlns="http://www.w3.org/2000/svg">
<title id="${titleId}">${options.title}</title>
<desc id="${descId}">${options.description}</desc>
${body}
</svg>`;
}

/** Keeps a label to `max` characters (by code point, so no surrogate pair is cut in half). */
export function truncateLabel(label: string, max: number): string {
  const chars = Array.from(label);
  return chars.length <= max ? label : `${chars.slice(0, max - 1).join('')}…`;
}

export function clamp(value: number, domain: Domain): number {
  return Math.min(Math.max(value, domain[0]), domain[1]);
}

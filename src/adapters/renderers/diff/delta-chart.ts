/**
 * A forest plot of deltas: one row per metric, the point estimate with its interval whiskers,
 * and a dashed line at 0 — whether the whisker crosses that line is the whole story. Built from
 * the report page's SVG frame so that it shares its styles (the page's CSP admits no others).
 */
import type { MetricDelta } from '../../../domain/diff/diff-schema.js';
import { html, type SafeHtml } from '../html/escape-html.js';
import { axes, clamp, coord, linearScale, svgFigure, truncateLabel, type Domain } from '../html/svg-frame.js';
import { formatDelta, formatDeltaInterval, metricName } from './diff-wording.js';

const STEPS = [0.02, 0.05, 0.1, 0.2, 0.5, 1];

/** The smallest symmetric range from the list that holds every interval. */
function symmetricDomain(deltas: readonly MetricDelta[]): Domain {
  let reach = 0;
  for (const entry of deltas) {
    for (const v of [entry.delta.value, entry.delta.ci?.low, entry.delta.ci?.high]) {
      if (typeof v === 'number' && Number.isFinite(v)) reach = Math.max(reach, Math.abs(v));
    }
  }
  const step = STEPS.find((s) => s >= reach) ?? 1;
  return [-step, step];
}

export function deltaChart(id: string, title: string, deltas: readonly MetricDelta[]): SafeHtml {
  const rowHeight = 26;
  const labelWidth = 200;
  const area = { left: labelWidth, top: 10, right: 520, bottom: 10 + Math.max(1, deltas.length) * rowHeight };
  const domain = symmetricDomain(deltas);
  const x = linearScale(domain, [area.left, area.right]);
  const zero = x(0);
  const rows = deltas.map((entry, i) => {
    const mid = area.top + i * rowHeight + rowHeight / 2;
    const name = metricName(entry.metric);
    const label = html`<text class="bar-label" x="${coord(labelWidth - 8)}" y="${coord(mid + 4)}" text-anchor="end">${truncateLabel(name, 28)}<title>${name}</title></text>`;
    const value = entry.delta.value;
    if (value === null) {
      return html`<g>${label}<text class="bar-value muted" x="${coord(area.left + 6)}" y="${coord(mid + 4)}">n/a (${entry.delta.reason ?? 'undefined'})</text></g>`;
    }
    const ci = entry.delta.ci;
    const whisker = ci
      ? html`<g class="whisker"><line x1="${coord(x(clamp(ci.low, domain)))}" x2="${coord(x(clamp(ci.high, domain)))}" y1="${coord(mid)}" y2="${coord(mid)}"/><line x1="${coord(x(clamp(ci.low, domain)))}" x2="${coord(x(clamp(ci.low, domain)))}" y1="${coord(mid - 5)}" y2="${coord(mid + 5)}"/><line x1="${coord(x(clamp(ci.high, domain)))}" x2="${coord(x(clamp(ci.high, domain)))}" y1="${coord(mid - 5)}" y2="${coord(mid + 5)}"/></g>`
      : null;
    const text = `${formatDelta(entry.metric, value)} ${formatDeltaInterval(entry)}`;
    return html`<g>${label}${whisker}<circle class="bin-point" cx="${coord(x(clamp(value, domain)))}" cy="${coord(mid)}" r="4.5"><title>${`${name}: ${text}`}</title></circle><text class="bar-value" x="${coord(area.right + 8)}" y="${coord(mid + 4)}">${text}</text></g>`;
  });
  return svgFigure(
    {
      id,
      title,
      description: `Each row: Δ = B − A (dot) and its interval (whiskers); the dashed line is no change. ${deltas.length} rows.`,
      width: 760,
      height: area.bottom + 44,
    },
    html`${axes({
      area,
      x,
      y: linearScale([0, 1], [area.bottom, area.top]),
      xLabel: 'Δ = B − A (rates as fractions: 0.1 = 10 percentage points)',
      yLabel: '',
      yTicks: false,
      tickCount: 4,
      formatTick: (t) => (t > 0 ? `+${Number(t.toFixed(3))}` : `${Number(t.toFixed(3))}`),
    })}
<line class="series reference" x1="${coord(zero)}" x2="${coord(zero)}" y1="${coord(area.top)}" y2="${coord(area.bottom)}"/>
${rows}`,
  );
}

/**
 * What the scores say beyond the candidate's labels: PR and ROC curves, calibration
 * (reliability diagram with per-bin counts and intervals, ECE, Brier), and the table of
 * operating points. Thresholds picked on this same golden set are labelled optimistic.
 */
import type { Report } from '../../../domain/report/report-schema.js';
import { html, type SafeHtml } from './escape-html.js';
import { formatCount, formatDecimal, formatPercent } from './format-values.js';
import { dataTable, metricCards, note, section, type CardOptions } from './html-blocks.js';
import { estimateCell, intervalText } from './report-cells.js';
import { lineChart, reliabilityDiagram, type ChartMarker, type ChartPoint } from './svg-charts.js';

type Scores = Report['scores'];
type Curve = NonNullable<Scores['pr_curve']>;
type OperatingPoint = Scores['operating_points'][number];

/**
 * Points ordered by threshold, a null threshold ("above every score") counting as +∞. The PR
 * curve is drawn as a step function in increasing-threshold order, as scikit-learn plots it,
 * so that the area under the steps is exactly the reported average precision.
 */
export function curvePoints(curve: Curve, order: 'ascending' | 'descending'): ChartPoint[] {
  const points = curve.xs.map((x, i) => ({ x, y: curve.ys[i] ?? Number.NaN, t: curve.thresholds[i] ?? null }));
  const key = (t: number | null): number => (t === null ? Number.POSITIVE_INFINITY : t);
  points.sort((a, b) => (order === 'ascending' ? key(a.t) - key(b.t) : key(b.t) - key(a.t)));
  return points.map(({ x, y }) => ({ x, y }));
}

function estimateLabel(name: string, value: number | null): string {
  return value === null ? name : `${name} ${formatDecimal(value)}`;
}

function thinnedNote(curve: Curve): string {
  return curve.points_total > curve.xs.length ? ` Drawn from ${formatCount(curve.xs.length)} of ${formatCount(curve.points_total)} points.` : '';
}

function curveFigures(report: Report): SafeHtml {
  const scores = report.scores;
  const answered = report.classification.answered;
  const candidate = report.run.candidate.id;
  const figures: SafeHtml[] = [];
  const decision = (x: number | null, y: number | null): ChartMarker[] =>
    x === null || y === null ? [] : [{ x, y, label: 'candidate’s labels' }];
  if (scores.pr_curve) {
    const prevalence = scores.prevalence;
    const baseline = prevalence === null ? [] : [{ name: `No skill (prevalence ${formatDecimal(prevalence, 2)})`, tone: 'reference' as const, points: [{ x: 0, y: prevalence }, { x: 1, y: prevalence }] }];
    figures.push(html`<figure>${lineChart({
      id: 'chart-pr',
      title: 'Precision–recall curve',
      description: `Precision against recall of ${candidate} as the score threshold moves, ${estimateLabel('average precision', scores.average_precision.value)}.`,
      xLabel: 'Recall',
      yLabel: 'Precision',
      series: [{ name: `${candidate} (${estimateLabel('AP', scores.average_precision.value)})`, tone: 'primary', curve: 'steps-post', points: curvePoints(scores.pr_curve, 'ascending') }, ...baseline],
      markers: decision(answered.recall.value, answered.precision.value),
    })}<figcaption>Step curve; its area is the average precision. AP’s baseline is the spam share of the set, so it is not comparable across sets with different spam shares.${thinnedNote(scores.pr_curve)}</figcaption></figure>`);
  }
  if (scores.roc_curve) {
    figures.push(html`<figure>${lineChart({
      id: 'chart-roc',
      title: 'ROC curve',
      description: `True positive rate against false positive rate of ${candidate}, ${estimateLabel('ROC AUC', scores.roc_auc.value)}.`,
      xLabel: 'False positive rate',
      yLabel: 'True positive rate (recall)',
      series: [
        { name: `${candidate} (${estimateLabel('AUC', scores.roc_auc.value)})`, tone: 'primary', points: curvePoints(scores.roc_curve, 'descending') },
        { name: 'Chance', tone: 'reference', points: [{ x: 0, y: 0 }, { x: 1, y: 1 }] },
      ],
      markers: decision(answered.fpr.value, answered.recall.value),
    })}<figcaption>Ties between scores give diagonal segments.${thinnedNote(scores.roc_curve)}</figcaption></figure>`);
  }
  const calibration = scores.calibration;
  if (calibration) {
    figures.push(html`<figure>${reliabilityDiagram({
      id: 'chart-reliability',
      title: 'Reliability diagram',
      description: `Observed spam share against mean predicted score in ${calibration.bins.length} equal-width bins, with per-bin item counts; ECE ${formatDecimal(calibration.ece.value)}, Brier ${formatDecimal(calibration.brier.value)}.`,
      bins: calibration.bins.map((bin) => ({
        low: bin.low,
        high: bin.high,
        count: bin.count,
        meanScore: bin.mean_score,
        fractionPositive: bin.positive_share.value,
        ci: bin.positive_share.ci ?? null,
      })),
    })}<figcaption>Points on the dashed diagonal are calibrated. Whiskers: ${formatPercent(report.settings.confidence, 0)} Wilson intervals; bins with few items (histogram) say little.</figcaption></figure>`);
  }
  return html`<div class="figures">${figures}</div>`;
}

function scoreCards(scores: Scores): SafeHtml {
  const cards: CardOptions[] = [];
  const add = (label: string, estimate: Scores['average_precision']): void => {
    cards.push(estimate.value === null
      ? { label, value: '–', detail: estimate.reason ?? 'undefined' }
      : { label, value: formatDecimal(estimate.value), detail: intervalText(estimate, 'decimal') });
  };
  add('Average precision', scores.average_precision);
  add('ROC AUC', scores.roc_auc);
  if (scores.calibration) {
    add('ECE (positive class)', scores.calibration.ece);
    add('Brier score', scores.calibration.brier);
    add('Log loss', scores.calibration.log_loss);
    add('MCE', scores.calibration.mce);
  }
  return metricCards(cards);
}

function operatingPointTable(points: readonly OperatingPoint[]): SafeHtml {
  return dataTable({
    caption: 'Operating points (decide spam when score ≥ threshold)',
    empty: 'No operating points.',
    columns: [
      { header: 'Threshold', rowHeader: true, numeric: true, cell: (p: OperatingPoint) => formatDecimal(p.threshold, 2) },
      { header: 'Precision', numeric: true, cell: (p) => estimateCell(p.precision) },
      { header: 'Recall', numeric: true, cell: (p) => estimateCell(p.recall) },
      { header: 'FPR', numeric: true, cell: (p) => estimateCell(p.fpr) },
      { header: 'Flagged', numeric: true, cell: (p) => formatPercent(p.predicted_positive_rate) },
      { header: 'TP', numeric: true, cell: (p) => formatCount(p.tp) },
      { header: 'FP', numeric: true, cell: (p) => formatCount(p.fp) },
      { header: 'FN', numeric: true, cell: (p) => formatCount(p.fn) },
      { header: 'TN', numeric: true, cell: (p) => formatCount(p.tn) },
    ],
    rows: points,
  });
}

function selectionsBlock(scores: Scores): SafeHtml {
  const rows = scores.selections.recall_at_precision;
  const best = scores.selections.best_f1;
  const parts: SafeHtml[] = rows.map((r) =>
    r.threshold === null
      ? html`<li>No threshold reaches precision ≥ ${formatPercent(r.target)}.</li>`
      : html`<li>Recall at precision ≥ ${formatPercent(r.target)}: ${formatPercent(r.recall)} (threshold ${formatDecimal(r.threshold, 2)}, precision ${formatPercent(r.precision)}).</li>`,
  );
  if (best) parts.push(html`<li>Best F1 ${formatDecimal(best.f1)} at threshold ${formatDecimal(best.threshold, 2)}.</li>`);
  if (parts.length === 0) return html``;
  return html`<h3>Thresholds chosen on this set</h3><ul>${parts}</ul>${note('Chosen and measured on the same golden set, these values are optimistic; the triage section gives thresholds with a statistical guarantee.')}`;
}

export function scoresSection(report: Report): SafeHtml {
  const scores = report.scores;
  if (!scores.available) {
    return section('scores', 'Scores and calibration', note(`No score-based analysis: ${scores.reason ?? 'the candidate gives no scores'}.`));
  }
  return section(
    'scores',
    'Scores and calibration',
    html`${note(`${formatCount(scores.scored)} answered items carry a score${scores.unscored > 0 ? `; ${formatCount(scores.unscored)} do not and are left out of the curves` : ''}. Spam share among them: ${formatPercent(scores.prevalence)}.`)}
${scoreCards(scores)}
${curveFigures(report)}
<h3>Operating points</h3>
${operatingPointTable(scores.operating_points)}
${selectionsBlock(scores)}`,
  );
}

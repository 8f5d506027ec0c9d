import type { Estimate } from '../metrics/estimate.js';
import {
  triageFromDecisionColumns,
  triageThresholdsFromColumns,
  type TriageOptions,
  type TriageResult,
  type TriageSide,
} from '../metrics/triage.js';
import { samplingDesign, type ProductionMethod } from './build-production.js';
import { ROW_OK, type ReportFrame } from './report-frame.js';
import { reportEstimate } from './report-estimate.js';
import type { Report, ReportSettings } from './report-schema.js';

type TriageSection = Report['triage'];
type SideSection = NonNullable<TriageSection['enforce']>;

const percent = (x: number, digits = 1): string => `${(100 * x).toFixed(digits)}%`;
const plain = (x: number): string => (Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(4))));
const thousands = (n: number): string => n.toLocaleString('en-US');

/**
 * Money as every format prints it: currency code first, thousands separators, two decimals
 * ("USD 4,964.84"), so the headline and the detail never disagree on rounding.
 */
export function formatMoney(amount: number, currency: string): string {
  return `${currency} ${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

type TestRow = SideSection['tests'][number];

function testRow(test: TriageSide['tests'][number]): TestRow {
  return {
    threshold: test.threshold,
    items: test.selected,
    errors: test.errors,
    rate: test.estimate,
    bound: test.bound,
    p_value: test.pValue,
    status: test.status,
  };
}

function side(result: TriageSide, confidence: number, method: 'clopper-pearson' | 'korn-graubard'): SideSection {
  const enforce = result.side === 'enforce';
  const chosen = result.tests.find((test) => test.status === 'rejected' && test.threshold === result.threshold);
  const stop = result.tests.find((test) => test.status === 'not_rejected_stop');
  const needed = result.itemsNeeded;
  const rate: Estimate =
    chosen === undefined || chosen.estimate === null
      ? { value: null, reason: result.reason ?? 'no threshold certified' }
      : { value: chosen.estimate, numerator: enforce ? chosen.selected - chosen.errors : chosen.errors, denominator: chosen.selected };
  return {
    side: result.side,
    target: result.target,
    threshold: result.threshold,
    certified: result.certified,
    items: chosen?.selected ?? 0,
    errors: chosen?.errors ?? 0,
    rate: reportEstimate(rate),
    bound: {
      value: chosen?.bound ?? null,
      side: enforce ? 'lower' : 'upper',
      confidence,
      method,
      ...(chosen === undefined ? { reason: result.reason ?? 'no threshold certified' } : {}),
    },
    min_items: result.startMinimum,
    tests: result.tests.map(testRow),
    stopped_at: stop === undefined ? null : testRow(stop),
    items_needed:
      needed === undefined
        ? null
        : {
            items: needed.selectedNeeded,
            more_golden_items: needed.additionalLabeled,
            at_rate: needed.errorRate,
            weighted: needed.weighted,
            note: neededNote(needed),
          },
  };
}

/** The projection in words: how many labeled items would do, or why more items would not help. */
function neededNote(needed: NonNullable<TriageSide['itemsNeeded']>): string {
  const which = needed.weighted ? 'observed weighted error rate' : 'observed error rate';
  const rate = needed.errorRate;
  const at = rate === null ? `the ${which}` : `the ${which} (${percent(rate)})`;
  if (needed.selectedNeeded === null) {
    return rate === null ? (needed.reason ?? 'cannot be projected') : `at ${at} no number of items would certify the target: the candidate itself must improve`;
  }
  const effective = needed.effectiveNeeded === undefined ? '' : ` (${thousands(needed.effectiveNeeded)} effective, Kish)`;
  if (needed.additionalLabeled === null) {
    return `at ${at}, ${thousands(needed.selectedNeeded)} selected items${effective} would be needed (${needed.reason ?? 'the labeled total cannot be projected'})`;
  }
  return `at ${at}, ${thousands(needed.selectedNeeded)} selected items${effective} would certify it: about ${thousands(needed.additionalLabeled)} more labeled items in the golden set`;
}

const SIDE_NAME = { enforce: 'auto-enforce', clear: 'auto-clear' } as const;

/** "auto-enforce: about 487 more labeled items", or why more items would not help. */
function sideNeed(s: TriageSide): string {
  const more = s.itemsNeeded?.additionalLabeled;
  if (typeof more === 'number') return `${SIDE_NAME[s.side]}: about ${thousands(more)} more labeled items`;
  if (s.itemsNeeded !== undefined && s.itemsNeeded.selectedNeeded === null && s.itemsNeeded.errorRate !== null) {
    return `${SIDE_NAME[s.side]}: more items would not help at the observed error rate (the candidate must improve)`;
  }
  return `${SIDE_NAME[s.side]}: cannot be projected`;
}

function headline(result: TriageResult, settings: ReportSettings, savings: TriageSection['savings']): string {
  const { precision_target: p, false_clear_target: q, confidence } = settings.triage;
  const how = result.mode === 'labels' ? 'its own decisions' : undefined;
  const withConfidence = `with ${percent(confidence, 0)} confidence${result.guarantee.approximate ? ' (approximately, Korn–Graubard)' : ''}`;
  const targets = { enforce: `precision ≥ ${plain(p)}`, clear: `false-clear rate ≤ ${plain(q)}` } as const;
  const parts: string[] = [];
  if (result.enforce.certified) {
    parts.push(`auto-enforce ${how ?? `score ≥ ${plain(result.enforce.threshold ?? 0)}`} (${targets.enforce})`);
  }
  if (result.clear.certified) {
    parts.push(`auto-clear ${how ?? `score < ${plain(result.clear.threshold ?? 0)}`} (${targets.clear})`);
  }
  if (parts.length === 0) {
    const needs = [result.enforce, result.clear].map(sideNeed).join('; ');
    return `Nothing can be automated: the data do not certify ${targets.enforce} or a ${targets.clear} ${withConfidence}. Labeled items needed — ${needs}.`;
  }
  const share = result.automationRate.value ?? 0;
  const saved =
    savings === null
      ? ''
      : `, saving ${savings.hours_saved_per_day.toFixed(1)} reviewer-hours${
          savings.cost_saved_per_day === null ? '' : ` and ${formatMoney(savings.cost_saved_per_day, savings.currency)}`
        } per day`;
  const failed = [result.enforce, result.clear].find((s) => !s.certified);
  const missing =
    failed === undefined
      ? ''
      : ` ${SIDE_NAME[failed.side].charAt(0).toUpperCase()}${SIDE_NAME[failed.side].slice(1)}: not certified at ${targets[failed.side]} — ${
          failed.itemsNeeded === undefined ? (failed.reason ?? 'no threshold passed') : neededNote(failed.itemsNeeded)
        }.`;
  const sentence = parts.join(' and ');
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}, ${withConfidence}: ${percent(share)} of the queue leaves manual review${saved}.${missing}`;
}

/**
 * Manual-load reduction (METHODS §4): C's fixed-sequence triage on the score, or — for a
 * label-only candidate — its own decisions as the one operating point. Every item in scope is
 * in the queue: an item the candidate failed on (or gave no score for) goes to a person.
 */
export function buildTriage(frame: ReportFrame, settings: ReportSettings, production: ProductionMethod): TriageSection {
  const { triage, operating } = settings;
  const { rows, status, score, goldPositive, predictedPositive, gray } = frame;
  let answered = 0;
  let scoredAnswers = 0;
  for (let i = 0; i < rows; i++) {
    if (status[i] !== ROW_OK) continue;
    answered += 1;
    if (!Number.isNaN(score[i] ?? Number.NaN)) scoredAnswers += 1;
  }
  const mode = answered === 0 ? 'unavailable' : scoredAnswers > 0 ? 'scores' : 'labels';
  const volume = operating.volume_per_day;
  const aht = operating.aht_seconds;
  const design = production.kind === 'weights' ? samplingDesign(frame, production, null) : undefined;
  const options: TriageOptions = {
    enforcePrecision: triage.precision_target,
    clearFalseRate: triage.false_clear_target,
    delta: 1 - triage.confidence,
    enforceGrid: triage.enforce_grid,
    clearGrid: triage.clear_grid,
    ...(design === undefined ? {} : { design }),
    ...(volume !== null && aht !== null
      ? { savings: { dailyVolume: volume, handleTimeSeconds: aht, ...(operating.cost_per_hour === null ? {} : { costPerHour: operating.cost_per_hour }) } }
      : {}),
  };
  const none = (reason: string) => ({ value: null, reason });
  if (mode === 'unavailable') {
    const reason = 'no answered items';
    return {
      mode,
      reason,
      confidence: triage.confidence,
      enforce: null,
      clear: null,
      automation_rate: none(reason),
      auto_enforce_rate: none(reason),
      auto_clear_rate: none(reason),
      human_review_rate: none(reason),
      spam_leak_rate: none(reason),
      auto_enforce_recall: none(reason),
      gray_share_automated: none(reason),
      weighted: design !== undefined,
      savings: null,
      savings_reason: reason,
      headline: 'Nothing can be automated: the candidate answered no item.',
      caveats: [],
    };
  }
  let result: TriageResult;
  const positive = goldPositive;
  if (mode === 'scores') {
    // a row without an answer has no score: NaN, never auto-actioned
    const scores = new Float64Array(rows);
    for (let i = 0; i < rows; i++) scores[i] = status[i] === ROW_OK ? (score[i] ?? Number.NaN) : Number.NaN;
    result = triageThresholdsFromColumns({ score: scores, positive, gray }, options);
  } else {
    const decision = new Int8Array(rows);
    for (let i = 0; i < rows; i++) decision[i] = status[i] === ROW_OK ? (predictedPositive[i] === 1 ? 1 : 0) : -1;
    result = triageFromDecisionColumns({ decision, positive, gray }, options);
  }
  const sideConfidence = 1 - result.delta / 2;
  const method = result.guarantee.method === 'korn-graubard' ? 'korn-graubard' : 'clopper-pearson';
  const s = result.savings;
  const savings =
    s === undefined || volume === null || aht === null
      ? null
      : {
          volume_per_day: volume,
          aht_seconds: aht,
          cost_per_hour: operating.cost_per_hour,
          currency: operating.currency,
          items_automated_per_day: s.automatedPerDay,
          hours_saved_per_day: s.reviewerHoursPerDay,
          cost_saved_per_day: s.costPerDay,
          wrongful_enforcements_per_day: s.wrongfulEnforcementsPerDay.value,
          wrongful_enforcements_per_day_upper: s.wrongfulEnforcementsPerDay.upper,
        };
  const caveats = [result.guarantee.note];
  if (mode === 'labels') {
    caveats.push('label-only candidate: the single operating point (its own decisions) was tested; scores would allow choosing thresholds');
  }
  const unscored = rows - scoredAnswers;
  if (mode === 'scores' && unscored > 0) {
    caveats.push(`${unscored} items without a score (errors, missing or unscored answers) stay with human reviewers`);
  }
  caveats.push('a single wrong gold label near the top of the score range stops the sequence: clean the golden set first');
  return {
    mode,
    confidence: triage.confidence,
    enforce: side(result.enforce, sideConfidence, method),
    clear: side(result.clear, sideConfidence, method),
    automation_rate: reportEstimate(result.automationRate),
    auto_enforce_rate: reportEstimate(result.enforceShare),
    auto_clear_rate: reportEstimate(result.clearShare),
    human_review_rate: reportEstimate(result.humanShare),
    spam_leak_rate: reportEstimate(result.spamLeakRate),
    auto_enforce_recall: reportEstimate(result.enforceRecall),
    gray_share_automated: reportEstimate(result.grayShareAutoActioned),
    weighted: design !== undefined,
    savings,
    ...(savings === null ? { savings_reason: 'needs operating.volume_per_day and operating.aht_seconds (or --volume and --aht)' } : {}),
    headline: headline(result, settings, savings),
    caveats,
  };
}

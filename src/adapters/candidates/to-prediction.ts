import { excerpt, type TaskContext } from '../../domain/run/candidate.js';
import type { Prediction } from '../../domain/run/prediction.js';

/** An answer's fields as a candidate returned them, before they are checked against the taxonomy. */
export interface RawAnswer {
  label?: unknown;
  score?: unknown;
  category?: unknown;
  rationale?: unknown;
}

export interface PredictionRules {
  /** Score at or above which a score-only answer is the positive label (default 0.5). */
  threshold?: number | undefined;
  /** The candidate's own label names mapped to the golden set's (`"1": "spam"`). */
  labelMap?: Readonly<Record<string, string>> | undefined;
}

export type PredictionResult = { ok: true; prediction: Prediction } | { ok: false; reason: string };

/** Rationales are for people reading a report; a model's essay would bloat every run file. */
const MAX_RATIONALE = 1000;
const NO_CATEGORY = new Set(['', 'none', 'null', 'n/a', 'na']);

/**
 * Turn what a candidate said into a prediction in the golden set's terms, or say why it cannot
 * be one (an `invalid_output` error). Labels match exactly, then ignoring case and the
 * space/dash/underscore spelling (`Not Spam` → `not_spam`), because models paraphrase names;
 * a number or boolean label goes through `labelMap` as text. A score alone decides a binary
 * label at the threshold (score = P(positive), so `score >= threshold` is positive).
 */
export function toPrediction(raw: RawAnswer, task: TaskContext, rules: PredictionRules = {}): PredictionResult {
  const score = readScore(raw.score, task.positive);
  if (typeof score === 'string') return { ok: false, reason: score };

  let label: string | undefined;
  if (raw.label !== undefined && raw.label !== null && raw.label !== '') {
    if (typeof raw.label !== 'string' && typeof raw.label !== 'number' && typeof raw.label !== 'boolean') {
      return { ok: false, reason: `label is a ${Array.isArray(raw.label) ? 'list' : typeof raw.label}, not a text` };
    }
    const given = String(raw.label);
    const mapped = rules.labelMap?.[given] ?? given;
    label = matchName(mapped, task.labels);
    if (label === undefined) {
      return { ok: false, reason: `label '${excerpt(given, 60)}' is not one of ${task.labels.join(', ')}` };
    }
  } else if (score !== undefined) {
    const negative = task.labels.filter((name) => name !== task.positive);
    const other = negative[0];
    if (negative.length !== 1 || other === undefined) {
      return { ok: false, reason: 'a score without a label decides nothing when there are more than two labels' };
    }
    label = score >= (rules.threshold ?? 0.5) ? task.positive : other;
  } else {
    return { ok: false, reason: 'the answer has neither a label nor a score' };
  }

  const prediction: Prediction = { label };
  if (score !== undefined) prediction.score = score;
  const category = readCategory(raw.category, task);
  if (category !== undefined) prediction.category = category;
  if (typeof raw.rationale === 'string' && raw.rationale.trim() !== '') {
    const rationale = raw.rationale.trim();
    prediction.rationale = rationale.length <= MAX_RATIONALE ? rationale : `${rationale.slice(0, MAX_RATIONALE - 1)}…`;
  }
  return { ok: true, prediction };
}

/** `undefined` when absent, a number in [0, 1], or the reason it is not one. */
function readScore(value: unknown, positive: string): number | undefined | string {
  if (value === undefined || value === null || value === '') return undefined;
  const score = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
  if (!Number.isFinite(score)) return `score '${excerpt(String(value), 40)}' is not a number`;
  if (score < 0 || score > 1) return `score ${score} is outside [0, 1] (it is the probability of '${positive}')`;
  return score;
}

/** A category in the taxonomy's spelling; unknown names are kept so the runner reports them. */
function readCategory(value: unknown, task: TaskContext): string | undefined {
  if (typeof value !== 'string' || NO_CATEGORY.has(value.trim().toLowerCase())) return undefined;
  return matchName(value, task.categories) ?? value.trim();
}

function canonical(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_-]+/g, '_');
}

function matchName(given: string, names: readonly string[]): string | undefined {
  if (names.includes(given)) return given;
  const wanted = canonical(given);
  return names.find((name) => canonical(name) === wanted);
}

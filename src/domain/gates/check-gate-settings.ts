import type { Problem } from '../problems.js';
import type { Report } from '../report/report-schema.js';
import { gateProblem, isDeltaGate, type Gate } from './parse-gate.js';

/**
 * Which settings a run has for the metrics that need one. A metric that is undefined because a
 * setting is missing is a usage problem (exit 2: supply it), unlike one that is undefined
 * because of the data (no predicted positives: the gate fails, with the reason).
 */
export interface GateSetup {
  /** Production weighting is possible: golden-set strata or item weights, or a stated prevalence. */
  production: boolean;
  volumePerDay: boolean;
  ahtSeconds: boolean;
  costPerHour: boolean;
}

interface Need {
  setting: keyof Omit<GateSetup, 'production'> | 'production';
  reason: string;
  hint: string;
}

const NEEDS: Readonly<Record<Need['setting'], Omit<Need, 'setting'>>> = {
  production: {
    reason: 'the golden set has no strata or item weights and no production prevalence was stated',
    hint: 'set operating.prevalence in the suite (e.g. 0.02), give the golden set strata or item weights, or read it with `spameval report --prevalence <p>`',
  },
  volumePerDay: { reason: 'no daily volume was given', hint: 'set operating.volume_per_day in the suite (or `spameval report --volume <n>`)' },
  ahtSeconds: { reason: 'no average handle time was given', hint: 'set operating.aht_seconds in the suite (or `spameval report --aht <seconds>`)' },
  costPerHour: { reason: 'no reviewer cost per hour was given', hint: 'set operating.cost_per_hour in the suite (or `spameval report --cost-per-hour <c>`)' },
};

/** The settings a report metric needs to be defined at all (not counting the data). */
function settingsFor(metric: string): Need['setting'][] {
  if (metric.startsWith('production.')) return metric.includes('_per_day') ? ['production', 'volumePerDay'] : ['production'];
  if (['items_automated_per_day', 'hours_saved_per_day', 'wrongful_enforcements_per_day'].includes(metric)) return ['volumePerDay', 'ahtSeconds'];
  if (metric === 'cost_saved_per_day') return ['volumePerDay', 'ahtSeconds', 'costPerHour'];
  return [];
}

/** Gates on metrics a missing setting leaves undefined: one problem each, naming what to set. */
export function checkGateSettings(gates: readonly Gate[], setup: GateSetup): Problem[] {
  const problems: Problem[] = [];
  for (const gate of gates) {
    if (isDeltaGate(gate)) continue;
    const missing = settingsFor(gate.metric).filter((setting) => !setup[setting]);
    if (missing.length === 0) continue;
    const needs = missing.map((setting) => NEEDS[setting]);
    problems.push(
      gateProblem(
        gate.text,
        gate.source,
        `${gate.metric} is undefined for this run: ${needs.map((need) => need.reason).join('; ')}`,
        needs.map((need) => need.hint).join('; '),
      ),
    );
  }
  return problems;
}

/**
 * The setup a finished report was built with. Production weighting counts as available when
 * the report found a method, or when nothing was answered (then the data, not a setting, is
 * what is missing).
 */
export function gateSetupOfReport(report: Pick<Report, 'settings' | 'production' | 'coverage'>): GateSetup {
  const { operating, prevalence } = report.settings;
  return {
    production: report.production.method !== null || prevalence.value !== null || report.coverage.answered === 0,
    volumePerDay: operating.volume_per_day !== null,
    ahtSeconds: operating.aht_seconds !== null,
    costPerHour: operating.cost_per_hour !== null,
  };
}

import { z } from 'zod';
import { DEFAULT_BOOTSTRAP_REPLICATES, DEFAULT_BOOTSTRAP_SEED } from '../metrics/bootstrap.js';
import { DEFAULT_CLEAR_GRID, DEFAULT_ENFORCE_GRID } from '../metrics/triage.js';
import { InputError } from '../problems.js';
import { zodProblems } from '../zod-problems.js';
import type { ReportSettings } from './report-schema.js';

/**
 * The settings a report is computed with: run.json's `settings` (the suite's, copied when the run
 * started, so a report can be rebuilt without the suite file), overridden by report flags. The
 * fallbacks below only apply to a run.json without a settings block; they equal the suite
 * schema's defaults.
 */

/** What report flags may override; each one is listed in `settings.overridden`. */
export interface ReportOverrides {
  prevalence?: number;
  volumePerDay?: number;
  ahtSeconds?: number;
  costPerHour?: number;
  fpCost?: number;
  precisionTarget?: number;
  falseClearTarget?: number;
  /** Confidence (1 − δ) of the triage guarantee. */
  confidence?: number;
  bootstrapReplicates?: number;
  bootstrapSeed?: number;
}

const FALLBACK = {
  precisionTarget: 0.99,
  falseClearTarget: 0.01,
  triageConfidence: 0.95,
  fpCost: 1,
  currency: 'USD',
  /** Level of every two-sided display interval (Wilson, bootstrap percentile). */
  displayConfidence: 0.95,
} as const;

const unit = z.number().gt(0).lt(1);

/** Lenient about absent keys (older runs), strict about the type of what is there. */
const RunSettingsSchema = z.object({
  operating: z
    .object({
      volume_per_day: z.number().positive().optional(),
      aht_seconds: z.number().positive().optional(),
      cost_per_hour: z.number().nonnegative().optional(),
      currency: z.string().optional(),
      prevalence: unit.optional(),
      fp_cost: z.number().positive().optional(),
    })
    .optional(),
  triage: z
    .object({
      precision_target: unit.optional(),
      false_clear_target: unit.optional(),
      confidence: unit.optional(),
      enforce_grid: z.array(z.number().min(0).max(1)).optional(),
      clear_grid: z.array(z.number().min(0).max(1)).optional(),
    })
    .optional(),
  bootstrap: z
    .object({ replicates: z.number().int().positive().optional(), seed: z.number().int().nonnegative().optional() })
    .optional(),
  gates: z.array(z.string()).optional(),
});

const OverridesSchema = z.strictObject({
  prevalence: unit.optional(),
  volumePerDay: z.number().positive().optional(),
  ahtSeconds: z.number().positive().optional(),
  costPerHour: z.number().nonnegative().optional(),
  fpCost: z.number().positive().optional(),
  precisionTarget: unit.optional(),
  falseClearTarget: unit.optional(),
  confidence: z.number().gt(0.5).lt(1).optional(),
  bootstrapReplicates: z.number().int().min(1).optional(),
  bootstrapSeed: z.number().int().min(0).max(0xffffffff).optional(),
});

const FLAG_NAMES: Record<keyof ReportOverrides, string> = {
  prevalence: '--prevalence',
  volumePerDay: '--volume',
  ahtSeconds: '--aht',
  costPerHour: '--cost-per-hour',
  fpCost: '--fp-cost',
  precisionTarget: '--precision-target',
  falseClearTarget: '--false-clear-target',
  confidence: '--confidence',
  bootstrapReplicates: '--replicates',
  bootstrapSeed: '--seed',
};

const flagName = (key: string): string => new Map(Object.entries(FLAG_NAMES)).get(key) ?? key;

type Source = ReportSettings['fp_cost']['source'];

function pick<T>(flag: T | undefined, run: T | undefined, fallback: T): { value: T; source: Source } {
  if (flag !== undefined) return { value: flag, source: 'flag' };
  if (run !== undefined) return { value: run, source: 'run' };
  return { value: fallback, source: 'default' };
}

/** Merge run.json's settings with report flags; bad values in either are input errors (exit 2). */
export function resolveReportSettings(runSettings: unknown, overrides: ReportOverrides = {}, file = 'run.json'): ReportSettings {
  const parsedRun = RunSettingsSchema.safeParse(runSettings ?? {});
  if (!parsedRun.success) throw new InputError(zodProblems(parsedRun.error, { file, prefix: 'settings' }));
  const parsedFlags = OverridesSchema.safeParse(overrides);
  if (!parsedFlags.success) {
    throw new InputError(
      parsedFlags.error.issues.map((issue) => {
        return { field: flagName(String(issue.path[0] ?? '')), message: issue.message };
      }),
    );
  }
  const run = parsedRun.data;
  const flags = parsedFlags.data;
  const operating = run.operating ?? {};
  const triage = run.triage ?? {};
  const bootstrap = run.bootstrap ?? {};
  const fpCost = pick(flags.fpCost, operating.fp_cost, FALLBACK.fpCost);
  const prevalenceSource: Source | null =
    flags.prevalence !== undefined ? 'flag' : operating.prevalence !== undefined ? 'run' : null;
  const overridden = Object.entries(flags)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => flagName(key));
  return {
    confidence: FALLBACK.displayConfidence,
    bootstrap: {
      replicates: flags.bootstrapReplicates ?? bootstrap.replicates ?? DEFAULT_BOOTSTRAP_REPLICATES,
      seed: flags.bootstrapSeed ?? bootstrap.seed ?? DEFAULT_BOOTSTRAP_SEED,
    },
    fp_cost: fpCost,
    prevalence: { value: flags.prevalence ?? operating.prevalence ?? null, source: prevalenceSource },
    operating: {
      volume_per_day: flags.volumePerDay ?? operating.volume_per_day ?? null,
      aht_seconds: flags.ahtSeconds ?? operating.aht_seconds ?? null,
      cost_per_hour: flags.costPerHour ?? operating.cost_per_hour ?? null,
      currency: operating.currency ?? FALLBACK.currency,
    },
    triage: {
      precision_target: flags.precisionTarget ?? triage.precision_target ?? FALLBACK.precisionTarget,
      false_clear_target: flags.falseClearTarget ?? triage.false_clear_target ?? FALLBACK.falseClearTarget,
      confidence: flags.confidence ?? triage.confidence ?? FALLBACK.triageConfidence,
      enforce_grid: [...(triage.enforce_grid ?? DEFAULT_ENFORCE_GRID)],
      clear_grid: [...(triage.clear_grid ?? DEFAULT_CLEAR_GRID)],
    },
    gates: run.gates ?? [],
    overridden,
  };
}

import { resolve } from 'node:path';
import { plainTable } from '../../adapters/renderers/plain-table.js';
import { existingVersions } from '../../adapters/stores/golden-store.js';
import { deriveManifest } from '../../domain/golden/bump.js';
import { checkStratifyKey, planSample, weightSample, type Allocation } from '../../domain/golden/sample.js';
import { InputError, type Problem } from '../../domain/problems.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { chooseVersion, loadSet, nowIso, writeDerived, type WriteOptions } from './golden-common.js';

export interface GoldenSampleOptions extends WriteOptions {
  n: number;
  stratify: string;
  seed: number;
  allocation: Allocation;
  weights?: boolean;
  into?: string;
}

/**
 * A seeded stratified sample of a set, written as a set of its own (`<name>-sample` unless
 * --into), with the stratum weights that project its metrics back to the source (--weights).
 */
export async function goldenSampleCommand(ref: string, options: GoldenSampleOptions): Promise<ExitCode> {
  const stratify = options.stratify.split(',').map((key) => key.trim()).filter((key) => key !== '');
  const problems: Problem[] = stratify.flatMap((key) => {
    const message = checkStratifyKey(key);
    return message === undefined ? [] : [{ field: '--stratify', message }];
  });
  if (problems.length > 0) throw new InputError(problems);
  const source = await loadSet(ref, options);
  const weighted = source.manifest.strata !== undefined || source.items.some((item) => item.weight !== undefined || item.stratum !== undefined);
  if (weighted && options.weights !== true) {
    throw new InputError({
      message: `${source.ref} has strata or item weights, which a sample would make wrong`,
      hint: 'pass --weights to write the sample\'s own strata and weights (they compose with the source\'s)',
    });
  }
  const plan = planSample(source.items, { n: options.n, stratify, seed: options.seed, allocation: options.allocation });
  const name = options.into ?? `${source.manifest.name}-sample`;
  const exists = existingVersions(resolve(options.root), name).length > 0;
  const version = exists || options.version !== undefined ? chooseVersion(name, undefined, options) : '1.0.0';
  const message =
    options.message ??
    `Sample of ${plan.selected.length} items from ${source.ref}, stratified by ${stratify.join(', ') || 'nothing'} (${plan.allocation}), seed ${plan.seed}`;
  const derived = deriveManifest(source.manifest, { version, message, now: nowIso(), dropStrata: true });
  const sampled = options.weights === true ? weightSample(source.items, plan, stratify) : { items: plan.selected.flatMap((i) => source.items[i] ?? []), strata: undefined };
  const draft = {
    ...derived,
    name,
    description: `${plan.selected.length}-item sample of ${source.ref}. ${source.manifest.description}`,
    changelog: [{ version, date: derived.created_at.slice(0, 10), message }],
    ...(sampled.strata === undefined ? {} : { strata: sampled.strata }),
    source: {
      sampled_from: source.ref,
      sampled_from_sha256: source.manifest.sha256,
      n: options.n,
      stratify,
      allocation: plan.allocation,
      seed: plan.seed,
      weights: options.weights === true,
    },
  };
  process.stdout.write(
    plainTable(
      ['stratum', 'available', 'sampled', 'weight'],
      plan.strata.map((s) => [s.key, s.available, s.sampled, s.sampled === 0 ? '—' : (s.available / s.sampled).toFixed(3)]),
    ),
  );
  const empty = plan.strata.filter((s) => s.sampled === 0);
  if (empty.length > 0) {
    process.stderr.write(`warning: ${empty.length} strata got no item (${empty.map((s) => s.key).join(', ')}): metrics on the sample say nothing about them\n`);
  }
  writeDerived(undefined, draft, sampled.items, options);
  return EXIT.ok;
}

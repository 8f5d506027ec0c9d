import { join, resolve } from 'node:path';
import { existingVersions } from '../../adapters/stores/golden-store.js';
import { writeGoldenVersion } from '../../adapters/stores/golden-writer.js';
import { parsePairs } from '../../domain/golden/column-map.js';
import type { ManifestDraft } from '../../domain/golden/bump.js';
import type { Category } from '../../domain/golden/schema.js';
import { InputError } from '../../domain/problems.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { nowIso, shortPath, type RootOption } from './golden-common.js';

export interface GoldenInitOptions extends RootOption {
  labels: string;
  positive?: string;
  category?: string[];
  description?: string;
  policyVersion?: string;
}

export const TEMPLATE_VERSION = '0.0.0';

/**
 * A new set as version 0.0.0: a manifest with the taxonomy and no items. The curator fills in
 * the manifest (it holds no items yet, so editing it breaks no hash), then `golden import`
 * makes 1.0.0 from a reviewed export.
 */
export async function goldenInitCommand(name: string, options: GoldenInitOptions): Promise<ExitCode> {
  const root = resolve(options.root);
  if (existingVersions(root, name).length > 0) {
    throw new InputError({ message: `golden set '${name}' already exists in ${join(root, name)}`, hint: 'import into it, or choose another name' });
  }
  const labels = options.labels.split(',').map((label) => label.trim()).filter((label) => label !== '');
  const parsed = parsePairs(options.category ?? [], '--category');
  if (parsed.problems.length > 0) throw new InputError(parsed.problems);
  const categories: Record<string, Category> = Object.fromEntries(parsed.pairs.map(([key, description]) => [key, { description }]));
  const now = nowIso();
  const draft: ManifestDraft = {
    schema_version: 1,
    name,
    version: TEMPLATE_VERSION,
    description: options.description ?? 'TODO: what this set holds, where its items come from, how they were reviewed',
    labels,
    positive: options.positive ?? labels[0] ?? '',
    ...(parsed.pairs.length > 0 ? { categories } : {}),
    ...(options.policyVersion === undefined ? {} : { policy_version: options.policyVersion }),
    created_at: now,
    parent: null,
    changelog: [{ version: TEMPLATE_VERSION, date: now.slice(0, 10), message: 'Empty set created by golden init' }],
  };
  const written = writeGoldenVersion(root, draft, []);
  const manifestPath = shortPath(join(written.dir, 'manifest.json'));
  process.stdout.write(
    `created ${name}@${TEMPLATE_VERSION} in ${shortPath(written.dir)}\n` +
      `next: fill in ${manifestPath} (description, labels, positive, categories with their policy_ref),\n` +
      `      then: spameval golden import <export.csv> --into ${name}\n`,
  );
  return EXIT.ok;
}

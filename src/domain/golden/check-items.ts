import type { Problem } from '../problems.js';
import type { Item, Manifest } from './schema.js';

/** Cross-field rules of the manifest alone (the schema has checked each field's shape). */
export function checkManifest(manifest: Manifest, file: string): Problem[] {
  const problems: Problem[] = [];
  if (!manifest.labels.includes(manifest.positive)) {
    problems.push({
      file,
      field: 'positive',
      message: `'${manifest.positive}' is not one of labels [${manifest.labels.join(', ')}]`,
    });
  }
  const seen = new Set<string>();
  manifest.labels.forEach((label, index) => {
    if (seen.has(label)) problems.push({ file, field: `labels.${index}`, message: `duplicate label '${label}'` });
    seen.add(label);
  });
  return problems;
}

/**
 * Checks items one at a time against the manifest's taxonomy, remembering ids so duplicates are
 * caught; stateful so that a million-item file can be checked while streaming it.
 */
export class ItemChecker {
  private readonly firstLineById = new Map<string, number>();
  private readonly labels: Set<string>;
  private readonly categories: Set<string> | undefined;
  private readonly strata: Set<string> | undefined;
  private readonly stratumCounts = new Map<string, number>();

  constructor(
    private readonly manifest: Manifest,
    private readonly file: string,
  ) {
    this.labels = new Set(manifest.labels);
    this.categories = manifest.categories ? new Set(Object.keys(manifest.categories)) : undefined;
    this.strata = manifest.strata ? new Set(Object.keys(manifest.strata)) : undefined;
  }

  check(item: Item, line: number): Problem[] {
    const problems: Problem[] = [];
    const at = (field: string, message: string, hint?: string): void => {
      const problem: Problem = { file: this.file, line, field, message };
      if (hint !== undefined) problem.hint = hint;
      problems.push(problem);
    };
    const first = this.firstLineById.get(item.id);
    if (first !== undefined) at('id', `duplicate id '${item.id}' (first seen on line ${first})`);
    else this.firstLineById.set(item.id, line);

    if (!this.labels.has(item.label)) {
      at('label', `unknown label '${item.label}'`, `expected one of: ${this.manifest.labels.join(', ')}`);
    }
    if (item.category !== undefined) {
      if (!this.categories) at('category', `category '${item.category}' given but the manifest declares no categories`);
      else if (!this.categories.has(item.category)) {
        at('category', `unknown category '${item.category}'`, `expected one of: ${[...this.categories].join(', ')}`);
      }
    }
    item.reviews?.forEach((review, index) => {
      if (!this.labels.has(review.label)) {
        at(`reviews.${index}.label`, `unknown label '${review.label}'`, `expected one of: ${this.manifest.labels.join(', ')}`);
      }
    });
    if (item.gray_reason !== undefined && item.gray_area !== true) {
      at('gray_reason', 'gray_reason given but gray_area is not true');
    }
    if (item.stratum !== undefined) {
      this.stratumCounts.set(item.stratum, (this.stratumCounts.get(item.stratum) ?? 0) + 1);
      if (this.strata && !this.strata.has(item.stratum)) {
        at('stratum', `unknown stratum '${item.stratum}'`, `the manifest's strata are: ${[...this.strata].join(', ')}`);
      }
    }
    return problems;
  }

  get count(): number {
    return this.firstLineById.size;
  }

  /** Set-level rules, once every item has been seen. */
  finish(itemLines: number, sha256: string, manifestFile: string): Problem[] {
    const problems: Problem[] = [];
    if (itemLines !== this.manifest.count) {
      problems.push({
        file: manifestFile,
        field: 'count',
        message: `manifest says ${this.manifest.count} items but ${this.file} has ${itemLines}`,
        hint: 'a published version is never edited in place: make a new version with `spameval golden bump`',
      });
    }
    if (sha256 !== this.manifest.sha256) {
      problems.push({
        file: manifestFile,
        field: 'sha256',
        message: `items.jsonl has sha256 ${sha256}, the manifest says ${this.manifest.sha256}`,
        hint: 'the items were changed after publication; make a new version with `spameval golden bump`',
      });
    }
    for (const [name, stratum] of Object.entries(this.manifest.strata ?? {})) {
      const seen = this.stratumCounts.get(name) ?? 0;
      if (stratum.sample !== undefined && stratum.sample !== seen) {
        problems.push({
          file: manifestFile,
          field: `strata.${name}.sample`,
          message: `says ${stratum.sample} items but ${seen} items have stratum '${name}'`,
        });
      }
      if (seen > stratum.population) {
        problems.push({
          file: manifestFile,
          field: `strata.${name}.population`,
          message: `population ${stratum.population} is smaller than the ${seen} items sampled from it`,
        });
      }
    }
    return problems;
  }
}

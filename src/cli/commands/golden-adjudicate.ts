import { plainTable } from '../../adapters/renderers/plain-table.js';
import { adjudicateItems, type AdjudicationRule } from '../../domain/golden/adjudicate.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { deriveFrom, loadSet, writeDerived, type WriteOptions } from './golden-common.js';

export interface GoldenAdjudicateOptions extends WriteOptions {
  rule: AdjudicationRule;
  minAgreement: number;
  smeGroup: string;
  limit: number;
}

/** Gold labels from the reviewers' labels; splits and ties become gray with their reason. */
export async function goldenAdjudicateCommand(ref: string, options: GoldenAdjudicateOptions): Promise<ExitCode> {
  const set = await loadSet(ref, options);
  const { items, outcomes, summary } = adjudicateItems(set.items, {
    rule: options.rule,
    labels: set.manifest.labels,
    positive: set.manifest.positive,
    minAgreement: options.minAgreement,
    smeGroup: options.smeGroup,
  });
  const d = summary.byDecision;
  process.stdout.write(
    `${set.ref}, rule ${summary.rule} (gray below top share ${summary.minAgreement}${options.rule === 'sme-priority' ? `, SME group '${options.smeGroup}'` : ''}): ` +
      `${summary.items} items — ${d.majority} clear majority, ${d.sme} decided by SMEs, ${d.split} split, ${d.tie} tied, ${d.unreviewed} without reviews; ` +
      `${summary.relabeled} relabeled, ${summary.newlyGray} newly gray\n`,
  );
  const changed = outcomes.filter((o) => o.relabeled || o.newlyGray);
  if (changed.length === 0) {
    process.stdout.write('nothing changes: no version written\n');
    return EXIT.ok;
  }
  const rows = changed.slice(0, options.limit).map((o) => [o.id, o.from ?? '', o.label, o.decision, o.newlyGray ? (o.grayReason ?? '') : '']);
  process.stdout.write(`\n${plainTable(['id', 'from', 'to', 'decision', 'gray because'], rows)}`);
  if (changed.length > options.limit) process.stdout.write(`… and ${changed.length - options.limit} more (--limit)\n`);
  const draft = deriveFrom(set.manifest, options, {
    message:
      `Adjudicated by ${summary.rule} (gray below top share ${summary.minAgreement}): ` +
      `${summary.relabeled} relabeled, ${summary.newlyGray} newly gray (${d.split} split, ${d.tie} tied)`,
  });
  process.stdout.write('\n');
  writeDerived(set, draft, items, options);
  return EXIT.ok;
}

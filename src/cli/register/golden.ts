import { InvalidArgumentError, Option, type Command } from 'commander';
import { collect, type SetExit } from './set-exit.js';

function integer(min: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min) throw new InvalidArgumentError(`expected an integer ≥ ${min}`);
    return parsed;
  };
}

function share(value: string): number {
  const parsed = Number(value);
  if (!(parsed > 0 && parsed <= 1)) throw new InvalidArgumentError('expected a number in (0, 1]');
  return parsed;
}

const rootOption = (): Option => new Option('--root <dir>', 'folder holding golden sets').default('golden-sets');
const limitOption = (): Option => new Option('--limit <n>', 'rows listed at most').argParser(integer(1)).default(20);

/** The options of every verb that writes a new version. */
function writeOptions(command: Command, messageRequired = false): Command {
  const message = new Option('-m, --message <text>', messageRequired ? 'changelog entry: what changed and why' : 'changelog entry (default: what the command did)');
  return command
    .option('--version <semver>', 'version to write (default: next minor after the highest existing)')
    .option('--major', 'bump the major version instead of the minor')
    .option('--patch', 'bump the patch version instead of the minor')
    .addOption(messageRequired ? message.makeOptionMandatory() : message)
    .option('--dry-run', 'say what would be written, write nothing');
}

/** `spameval golden <verb>`: curating golden sets. */
export function registerGolden(program: Command, setExit: SetExit): void {
  const golden = program
    .command('golden')
    .description('Curate golden sets (init, import, validate, stats, diff, sample, dedupe, adjudicate, ...)')
    .addHelpText(
      'after',
      `
Examples:
  $ spameval golden import vendor-export.csv --into comments --map id=ticket,text=body,label=final
  $ spameval golden stats comments@1.2.0
  $ spameval golden dedupe comments --write -m "drop the March spam wave duplicates"
  $ spameval golden diff comments@1.1.0 comments@1.2.0 --format md
A published version is never edited in place: every verb that changes a set writes a new version.`,
    );
  golden
    .command('validate')
    .description('Check a golden set: schema, taxonomy, unique ids, count and sha256')
    .argument('<ref>', 'name, name@version, or a version folder')
    .addOption(rootOption())
    .addHelpText(
      'after',
      `
Examples:
  $ spameval golden validate spamassassin-public@1.0.0
  $ spameval golden validate ./golden-sets/my-set/2.1.0`,
    )
    .action(async (ref: string, options) => {
      const { goldenValidateCommand } = await import('../commands/golden-validate.js');
      setExit(await goldenValidateCommand(ref, options));
    });

  golden
    .command('init')
    .description('Create a new, empty set (version 0.0.0) with a manifest to fill in')
    .argument('<name>', 'lowercase name of the set, e.g. comment-spam')
    .option('--labels <list>', 'the label set, comma-separated', 'spam,not_spam')
    .option('--positive <label>', 'the label enforcement acts on (default: the first label)')
    .option('--category <name=description>', 'a spam subtype (repeatable)', collect)
    .option('--description <text>', 'what the set holds')
    .option('--policy-version <version>', 'the policy the labels follow')
    .addOption(rootOption())
    .addHelpText(
      'after',
      `
Examples:
  $ spameval golden init comment-spam --category "scam=Advance-fee and prize scams" --category "seo=Link spam"
  $ spameval golden init account-abuse --labels abusive,benign --positive abusive`,
    )
    .action(async (name: string, options) => {
      const { goldenInitCommand } = await import('../commands/golden-init.js');
      setExit(await goldenInitCommand(name, options));
    });

  writeOptions(
    golden
      .command('import')
      .description('Import reviewed items from a CSV/TSV/JSONL export into a new version of a set')
      .argument('<file>', 'the export: .csv, .tsv or .jsonl')
      .requiredOption('--into <ref>', 'the set (name or name@version) the new version derives from')
      .option('--map <field=column,...>', 'column mapping (repeatable): id, text, label, category, gray_area, gray_reason, notes, stratum, weight, fields.<name>, slices.<name>, reviews.<reviewer>, reviewer, review_label, review_group', collect)
      .option('--label-map <value=label,...>', "export label → the set's label (repeatable), e.g. Spam=spam", collect)
      .option('--reviewer-group <reviewer=group>', 'group of a reviews.<reviewer> column, e.g. qa=sme (repeatable)', collect)
      .option('--min-agreement <share>', "when the gold label comes from reviewers' majority: gray below this top share", share)
      .option('--replace', "the new version holds only the imported rows (default: the parent's items plus the rows)")
      .option('--skip-invalid', 'write the good rows and put the bad ones in a rejects file (default: write nothing)')
      .option('--rejects <file>', 'where --skip-invalid puts bad rows (default: <file>.rejects.<ext>)')
      .addOption(new Option('--format <format>', 'file format (default: from the extension)').choices(['csv', 'tsv', 'jsonl']))
      .addOption(rootOption()),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ spameval golden import reviewed.csv --into comment-spam --map id=ticket,text=body,label=final --label-map Spam=spam,Ham=not_spam
  $ spameval golden import vendor-qa.csv --into comment-spam --map reviews.agent1=a1,reviews.agent2=a2,reviews.qa=qa --reviewer-group qa=sme
  $ spameval golden import reviews-long.csv --into comment-spam --map reviewer=rater,review_label=verdict --dry-run`,
    )
    .action(async (file: string, options) => {
      const { goldenImportCommand } = await import('../commands/golden-import.js');
      setExit(await goldenImportCommand(file, options));
    });

  golden
    .command('stats')
    .description('Balance by label, category, slice and stratum; gray share; text lengths; duplicates; reviewer agreement')
    .argument('<ref>', 'name, name@version, or a version folder')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'md']).default('table'))
    .addOption(rootOption())
    .addHelpText(
      'after',
      `
Examples:
  $ spameval golden stats spamassassin-public
  $ spameval golden stats comment-spam@1.2.0 --format md >> "$GITHUB_STEP_SUMMARY"`,
    )
    .action(async (ref: string, options) => {
      const { goldenStatsCommand } = await import('../commands/golden-stats.js');
      setExit(await goldenStatsCommand(ref, options));
    });

  golden
    .command('diff')
    .description('Items added, removed, relabeled, with changed text, gray flag or category between two versions')
    .argument('<refA>', 'the older version')
    .argument('<refB>', 'the newer version')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'md']).default('table'))
    .addOption(limitOption())
    .option('--exit-code', 'exit 1 when the versions differ')
    .addOption(rootOption())
    .addHelpText(
      'after',
      `
Examples:
  $ spameval golden diff comment-spam@1.0.0 comment-spam@1.1.0
  $ spameval golden diff comment-spam@1.0.0 comment-spam@1.1.0 --format md > diff.md`,
    )
    .action(async (refA: string, refB: string, options) => {
      const { goldenDiffCommand } = await import('../commands/golden-diff.js');
      setExit(await goldenDiffCommand(refA, refB, options));
    });

  writeOptions(
    golden
      .command('sample')
      .description('Seeded stratified sample of a set, written as a set of its own, with stratum weights')
      .argument('<ref>', 'the set to sample from')
      .requiredOption('--n <n>', 'sample size', integer(1))
      .option('--stratify <keys>', 'comma-separated: label, category, gray_area, stratum, slices.<name>', 'label')
      .option('--seed <seed>', 'random seed (the same seed gives the same sample)', integer(0), 1)
      .addOption(new Option('--allocation <how>', 'how n is split over strata').choices(['proportional', 'equal']).default('proportional'))
      .option('--weights', 'write stratum and weight on items and strata in the manifest, to project metrics back')
      .option('--into <name>', 'name of the sample set (default: <name>-sample)')
      .addOption(rootOption()),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ spameval golden sample comment-spam --n 500 --stratify label,category --seed 7 --weights
  $ spameval golden sample comment-spam --n 200 --stratify slices.locale --allocation equal --weights --into comment-spam-locales`,
    )
    .action(async (ref: string, options) => {
      const { goldenSampleCommand } = await import('../commands/golden-sample.js');
      setExit(await goldenSampleCommand(ref, options));
    });

  writeOptions(
    golden
      .command('dedupe')
      .description('Exact and near-duplicate texts (MinHash/LSH, verified by exact Jaccard) as clusters')
      .argument('<ref>', 'name, name@version, or a version folder')
      .option('--threshold <jaccard>', 'near-duplicate at Jaccard similarity ≥ this (default 0.7)', share)
      .option('--shingle <chars>', 'characters per shingle (default 5)', integer(1))
      .option('--bands <n>', 'LSH bands (default 20)', integer(1))
      .option('--rows <n>', 'MinHash values per band (default 4)', integer(1))
      .option('--seed <seed>', 'hash seed (default 1)', integer(0))
      .option('--write', 'write a new version keeping the first item of each cluster')
      .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
      .addOption(limitOption())
      .addOption(rootOption()),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ spameval golden dedupe comment-spam
  $ spameval golden dedupe comment-spam --threshold 0.8 --write -m "Drop the March crypto wave duplicates"`,
    )
    .action(async (ref: string, options) => {
      const { goldenDedupeCommand } = await import('../commands/golden-dedupe.js');
      setExit(await goldenDedupeCommand(ref, options));
    });

  writeOptions(
    golden
      .command('adjudicate')
      .description("Gold labels from reviewers' labels; splits and ties become gray with their reason")
      .argument('<ref>', 'name, name@version, or a version folder')
      .addOption(new Option('--rule <rule>', 'majority, or sme-priority (the SME group decides when it reviewed)').choices(['majority', 'sme-priority']).makeOptionMandatory())
      .option('--min-agreement <share>', 'gray when the top label has a smaller share of the reviews', share, 0.75)
      .option('--sme-group <group>', 'review group whose word wins under sme-priority', 'sme')
      .addOption(limitOption())
      .addOption(rootOption()),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ spameval golden adjudicate comment-spam --rule majority --dry-run
  $ spameval golden adjudicate comment-spam@1.1.0 --rule sme-priority --min-agreement 0.67`,
    )
    .action(async (ref: string, options) => {
      const { goldenAdjudicateCommand } = await import('../commands/golden-adjudicate.js');
      setExit(await goldenAdjudicateCommand(ref, options));
    });

  golden
    .command('disagreements')
    .description('CSV sheet of gray and disputed items for SME review (with candidates\' answers when runs are given)')
    .argument('<ref>', 'name, name@version, or a version folder')
    .option('--run <dir>', 'a run folder of this set: its answer and rationale per item (repeatable)', collect)
    .option('--candidate-disagreements', "also list items where a run's label differs from the gold label")
    .option('--min-agreement <share>', 'reviewers are split below this top share', share, 0.75)
    .option('--out <file>', 'write the CSV here (default: standard output)')
    .addOption(rootOption())
    .addHelpText(
      'after',
      `
Examples:
  $ spameval golden disagreements comment-spam --out to-review.csv
  $ spameval golden disagreements comment-spam --run .spameval/runs/20261125T101500Z-gpt-4o-mini --candidate-disagreements --out to-review.csv`,
    )
    .action(async (ref: string, options) => {
      const { goldenDisagreementsCommand } = await import('../commands/golden-disagreements.js');
      setExit(await goldenDisagreementsCommand(ref, options));
    });

  writeOptions(
    golden
      .command('import-decisions')
      .description("Apply SMEs' decisions (the filled-in review sheet) as a new version, recorded in notes")
      .argument('<ref>', 'the set the sheet was made from')
      .argument('<file>', 'the sheet: CSV, TSV or JSONL with id and decision columns')
      .addOption(new Option('--format <format>', 'file format (default: from the extension)').choices(['csv', 'tsv', 'jsonl']))
      .addOption(limitOption())
      .addOption(rootOption()),
  )
    .addHelpText(
      'after',
      `
Columns read: id, decision (a label), decision_category (a category, or none), decision_gray
(yes/no; empty keeps the flag), decided_by, decision_note. Rows without a decision are skipped.

Examples:
  $ spameval golden import-decisions comment-spam@1.1.0 reviewed.csv
  $ spameval golden import-decisions comment-spam reviewed.csv --dry-run`,
    )
    .action(async (ref: string, file: string, options) => {
      const { goldenImportDecisionsCommand } = await import('../commands/golden-import-decisions.js');
      setExit(await goldenImportDecisionsCommand(ref, file, options));
    });

  golden
    .command('suspects')
    .description("Items whose gold label is probably wrong, by confident learning on candidates' scores")
    .argument('<ref>', 'name, name@version, or a version folder')
    .requiredOption('--run <dir>', 'a run folder of this set with scores (repeatable: scores are averaged)', collect)
    .option('--min-runs <k>', 'keep suspects that at least k runs flag on their own', integer(1), 1)
    .addOption(new Option('--format <format>', 'table, json, or csv (the SME review sheet)').choices(['table', 'json', 'csv']).default('table'))
    .option('--out <file>', 'write the output here (default: standard output)')
    .addOption(limitOption())
    .addOption(rootOption())
    .addHelpText(
      'after',
      `
Examples:
  $ spameval golden suspects comment-spam --run .spameval/runs/20261125T101500Z-gpt-4o-mini
  $ spameval golden suspects comment-spam --run runs/a --run runs/b --min-runs 2 --format csv --out suspects.csv`,
    )
    .action(async (ref: string, options) => {
      const { goldenSuspectsCommand } = await import('../commands/golden-suspects.js');
      setExit(await goldenSuspectsCommand(ref, options));
    });

  writeOptions(
    golden
      .command('bump')
      .description('A new version from an edited working copy, with parent, changelog entry, count and sha256')
      .argument('<ref>', 'the version the edits start from')
      .option('--from <path>', 'edited items.jsonl, or a folder with items.jsonl (and manifest.json for taxonomy changes)')
      .addOption(rootOption()),
    true,
  )
    .addHelpText(
      'after',
      `
Workflow: copy items.jsonl of the version out of golden-sets/, edit the copy, then bump.

Examples:
  $ cp golden-sets/comment-spam/1.1.0/items.jsonl work.jsonl   # edit work.jsonl
  $ spameval golden bump comment-spam@1.1.0 --from work.jsonl -m "Relabel 12 crypto giveaways as spam (policy 3.2)"
  $ spameval golden bump comment-spam --from ./draft/ --major -m "Split 'scam' into 'scam' and 'phishing'"`,
    )
    .action(async (ref: string, options) => {
      const { goldenBumpCommand } = await import('../commands/golden-bump.js');
      setExit(await goldenBumpCommand(ref, options));
    });
}

import type { Item } from '../../../domain/golden/schema.js';
import { logistic, type Scored } from './scoring-candidate.js';
import { splitHeaderLines } from './split-header-lines.js';

/**
 * `builtin:rules`: a SpamAssassin-flavoured heuristic baseline. Each rule that fires adds its
 * weight to a bias; the score is the logistic of the sum. The weights are set by hand from what
 * 2002-era spam looks like, never fitted on a golden set: this is the "no machine learning"
 * reference point a model has to beat.
 */
export const RULES_VERSION = 'rules-v1';
// Precision first, like SpamAssassin's required score: at -2.0 a message needs about two strong
// spam signs to pass 0.5. Chosen by hand, looking only at the baseline's training messages.
const BIAS = -2.0;

/** What the rules look at, taken from the item fields when present, else from the text. */
export interface RuleInput {
  subject: string;
  body: string;
  /** Top-level media type when the golden set records one (`fields.content_type`). */
  contentType: string | undefined;
}

export interface Rule {
  name: string;
  description: string;
  weight: number;
  test: (input: RuleInput) => boolean;
}

const MONEY_TERMS = [
  /\$\s?\d/, /\bcash\b/i, /\bmoney\b/i, /\bincome\b/i, /\bearn(?:ings)?\b/i, /\bprofits?\b/i,
  /\bmortgage\b/i, /\bdebts?\b/i, /\bcredit cards?\b/i, /\bloans?\b/i, /\binvest(?:ment|or)?s?\b/i,
  /\bmillions?\b/i, /\bper (?:week|month)\b/i, /\bwork(?:ing)? from home\b/i,
];
const ADVANCE_FEE_TERMS = [
  /\bnext of kin\b/i, /\bbeneficiary\b/i, /\bbank account\b/i, /\btransfer\b/i, /\bnigeria/i,
  /\bconfidential\b/i, /\bforeign partner\b/i, /\bcontract sum\b/i,
];

function countMatches(text: string, patterns: readonly RegExp[]): number {
  return patterns.filter((pattern) => pattern.test(text)).length;
}

function upperCaseShare(text: string): number {
  const words = text.match(/\b[A-Za-z]{3,}\b/g) ?? [];
  if (words.length < 20) return 0;
  return words.filter((word) => word === word.toUpperCase()).length / words.length;
}

export const RULES: readonly Rule[] = [
  // spam signs
  { name: 'SUBJ_ALL_CAPS', description: 'subject in capitals', weight: 1.5,
    test: ({ subject }) => (subject.match(/[A-Za-z]/g) ?? []).length >= 8 && !/[a-z]/.test(subject) },
  { name: 'SUBJ_EXCLAIM', description: 'exclamation mark in the subject', weight: 1.0, test: ({ subject }) => subject.includes('!') },
  { name: 'SUBJ_FREE', description: '"free" in the subject', weight: 1.0, test: ({ subject }) => /\bfree\b/i.test(subject) },
  { name: 'SUBJ_MONEY', description: 'amount or percentage in the subject', weight: 0.8,
    test: ({ subject }) => /\$\s?\d|\d+\s?%/.test(subject) },
  { name: 'SUBJ_TRAILING_ID', description: 'subject ends in a tracking number', weight: 1.0,
    test: ({ subject }) => /\s\d{3,6}$/.test(subject.trim()) },
  { name: 'CLICK_HERE', description: '"click here" / "click below"', weight: 1.5, test: ({ body }) => /\bclick\s+(?:here|below|on the link)\b/i.test(body) },
  { name: 'REMOVE_INSTRUCTIONS', description: 'instructions to be removed from a list', weight: 1.0,
    test: ({ body }) => /to be removed|remove (?:me|yourself)|\bremoval\b|\bopt[- ]?out\b|no longer wish to receive|reply with "?remove/i.test(body) },
  { name: 'MONEY_TALK', description: 'three or more money terms', weight: 1.2, test: ({ body }) => countMatches(body, MONEY_TERMS) >= 3 },
  { name: 'URGENCY', description: 'act now, limited time, order today...', weight: 1.0,
    test: ({ body }) => /\bact now\b|limited time|order (?:now|today)|call (?:now|today)|don'?t delay|do not delay|\bhurry\b|today only/i.test(body) },
  { name: 'GUARANTEE', description: '"100%" or "guaranteed"', weight: 0.8, test: ({ body }) => /100\s?%|\bguarantee/i.test(body) },
  { name: 'FREE_OFFER', description: 'a free offer, gift, trial or quote', weight: 0.8,
    test: ({ body }) => /\bfree\s+(?:offer|gift|trial|quote|sample|consultation|access|report|info)/i.test(body) },
  { name: 'PHARMA_ADULT', description: 'drugs, adult content, weight loss', weight: 1.5,
    test: ({ subject, body }) => /viagra|cialis|\bpenis|enlarge|\bporn|\bxxx\b|\bnude|\bhgh\b|growth hormone|lose weight|weight loss/i.test(`${subject}\n${body}`) },
  { name: 'ADVANCE_FEE', description: 'advance-fee fraud vocabulary', weight: 2.0, test: ({ body }) => countMatches(body, ADVANCE_FEE_TERMS) >= 3 },
  { name: 'DEAR_FRIEND', description: 'impersonal greeting', weight: 1.0,
    test: ({ body }) => /^\s*dear\s+(?:friend|sir|madam|homeowner|valued|member|customer|internet|user)/im.test(body) },
  { name: 'MANY_EXCLAIMS', description: 'five or more exclamation marks', weight: 0.7, test: ({ body }) => (body.match(/!/g) ?? []).length >= 5 },
  { name: 'SHOUTING', description: 'a quarter of the words in capitals', weight: 1.0, test: ({ body }) => upperCaseShare(body) > 0.25 },
  { name: 'HTML_ONLY', description: 'HTML body without a text alternative', weight: 1.2, test: ({ contentType }) => contentType === 'text/html' },
  { name: 'IP_LINK', description: 'link to a bare IP address', weight: 1.5,
    test: ({ body }) => /(?:https?:\/\/|<)\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}/.test(body) },
  // ham signs
  { name: 'QUOTED_REPLY', description: 'quotes a previous message', weight: -2.0, test: ({ body }) => (body.match(/^>/gm) ?? []).length >= 2 },
  { name: 'WROTE_LINE', description: '"… wrote:" attribution', weight: -1.0, test: ({ body }) => /\b(?:wrote|writes):\s*$/m.test(body) },
  { name: 'SUBJ_REPLY', description: 'subject is a reply', weight: -0.8, test: ({ subject }) => /^(?:re|aw|sv):/i.test(subject) },
  { name: 'PGP_SIGNED', description: 'PGP-signed message', weight: -1.5, test: ({ body }) => body.includes('BEGIN PGP SIGNED MESSAGE') },
  { name: 'TECH_TALK', description: 'software and systems vocabulary', weight: -0.7,
    test: ({ body }) => countMatches(body, [/\bpatch(?:es)?\b/i, /\bkernel\b/i, /\brpm\b/i, /\bcvs\b/i, /\bcompile/i, /\bbug\b/i, /\bscript\b/i]) >= 2 },
];

function stringField(item: Item, name: string): string | undefined {
  const value = item.fields?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** What the rules read: the item fields when present, else the header lines of the text. */
export function ruleInput(item: Item): RuleInput {
  const { headers, body } = splitHeaderLines(item.text);
  return {
    subject: stringField(item, 'subject') ?? headers.subject ?? '',
    body,
    contentType: stringField(item, 'content_type'),
  };
}

export function scoreRules(item: Item): Scored {
  const input = ruleInput(item);
  const fired = RULES.filter((rule) => rule.test(input));
  const sum = fired.reduce((total, rule) => total + rule.weight, BIAS);
  const rationale = fired.length === 0 ? 'no rule fired' : fired.map((rule) => `${rule.name} (${rule.weight > 0 ? '+' : ''}${rule.weight})`).join(', ');
  return { score: logistic(sum), rationale };
}

/** What identifies this rule set: its version, bias and weights. */
export function rulesDefinition(): string {
  return JSON.stringify({ version: RULES_VERSION, bias: BIAS, rules: RULES.map(({ name, weight }) => [name, weight]) });
}

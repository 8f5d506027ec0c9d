/**
 * JUnit XML for CI test tabs: one <testsuite> per evaluated run (or diff), one <testcase> per
 * gate; a failed gate is a <failure> whose message says why, with the numbers. Everything
 * written is escaped for XML (attribute and text), and characters XML 1.0 forbids are dropped.
 */
import type { GateResult } from '../../domain/gates/evaluate-gates.js';

export interface JunitSuite {
  /** E.g. `spameval gates: naive-bayes on spamassassin-public@1.0.0`. */
  name: string;
  /** Groups the test cases in CI views, e.g. `spameval.naive-bayes`. */
  classname: string;
  results: readonly GateResult[];
  /** ISO time the gates were evaluated; omitted for reproducible output. */
  timestamp?: string;
  /** Shown under the suite: run id, golden set, sha256… */
  properties?: Readonly<Record<string, string>>;
}

// XML 1.0 allows tab, LF, CR and characters from U+0020 on, minus surrogates and U+FFFE/U+FFFF
const NOT_XML = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

export function escapeXml(value: string): string {
  return value
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const attrs = (pairs: readonly (readonly [string, string | number])[]): string =>
  pairs.map(([name, value]) => ` ${name}="${escapeXml(String(value))}"`).join('');

function testcase(result: GateResult, classname: string): string {
  const head = `    <testcase${attrs([
    ['name', result.gate.text],
    ['classname', classname],
    ['time', 0],
  ])}`;
  if (result.passed) return `${head}>\n      <system-out>${escapeXml(result.reason)}</system-out>\n    </testcase>`;
  return `${head}>\n      <failure${attrs([
    ['message', result.reason],
    ['type', result.kind === 'regression' ? 'regression' : result.kind === 'delta' ? 'delta-gate' : 'metric-gate'],
  ])}>${escapeXml(result.reason)}</failure>\n    </testcase>`;
}

function suite(s: JunitSuite): string {
  const failures = s.results.filter((result) => !result.passed).length;
  const properties = Object.entries(s.properties ?? {});
  const lines = [
    `  <testsuite${attrs([
      ['name', s.name],
      ['tests', s.results.length],
      ['failures', failures],
      ['errors', 0],
      ['skipped', 0],
      ['time', 0],
      ...(s.timestamp === undefined ? [] : [['timestamp', s.timestamp] as const]),
    ])}>`,
  ];
  if (properties.length > 0) {
    lines.push('    <properties>');
    for (const [name, value] of properties) lines.push(`      <property${attrs([['name', name], ['value', value]])}/>`);
    lines.push('    </properties>');
  }
  for (const result of s.results) lines.push(testcase(result, s.classname));
  lines.push('  </testsuite>');
  return lines.join('\n');
}

export function renderJunit(suites: readonly JunitSuite[]): string {
  const tests = suites.reduce((n, s) => n + s.results.length, 0);
  const failures = suites.reduce((n, s) => n + s.results.filter((result) => !result.passed).length, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs([
      ['name', 'spameval'],
      ['tests', tests],
      ['failures', failures],
      ['errors', 0],
      ['time', 0],
    ])}>`,
    ...suites.map(suite),
    '</testsuites>',
    '',
  ].join('\n');
}

/**
 * Reusable page blocks: accessible data tables (captions, column and row headers), metric cards,
 * fact lists, badges, and the boxed, direction-isolated display of untrusted item text.
 */
import { html, joinHtml, type HtmlValue, type SafeHtml } from './escape-html.js';

export interface Column<Row> {
  header: HtmlValue;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
  /** The cell names its row: rendered as `<th scope="row">`. */
  rowHeader?: boolean;
  className?: string;
  cell: (row: Row) => HtmlValue;
}

export interface TableOptions<Row> {
  caption?: HtmlValue;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  className?: string;
  rowClass?: (row: Row) => string | undefined;
  /** Sentence shown instead of an empty table. */
  empty?: string;
}

export function dataTable<Row>(options: TableOptions<Row>): SafeHtml {
  if (options.rows.length === 0 && options.empty !== undefined) return html`<p class="note">${options.empty}</p>`;
  const cls = (column: Column<Row>): string =>
    [column.numeric ? 'num' : '', column.className ?? ''].filter(Boolean).join(' ');
  const head = options.columns.map((c) => html`<th scope="col" class="${cls(c)}">${c.header}</th>`);
  const body = options.rows.map((row) => {
    const cells = options.columns.map((c) =>
      c.rowHeader
        ? html`<th scope="row" class="${cls(c)}">${c.cell(row)}</th>`
        : html`<td class="${cls(c)}">${c.cell(row)}</td>`,
    );
    return html`<tr class="${options.rowClass?.(row) ?? ''}">${cells}</tr>`;
  });
  return html`<div class="table-wrap"><table class="${options.className ?? ''}">${options.caption !== undefined && html`<caption>${options.caption}</caption>`}
<thead><tr>${head}</tr></thead>
<tbody>
${body.map((row) => html`${row}
`)}</tbody></table></div>`;
}

export interface CardOptions {
  label: string;
  value: string;
  detail?: HtmlValue;
}

export function metricCards(cards: readonly CardOptions[]): SafeHtml {
  return html`<div class="cards">${cards.map(
    (card) => html`<div class="card"><div class="k">${card.label}</div><div class="v">${card.value}</div>${card.detail !== undefined && html`<div class="ci">${card.detail}</div>`}</div>`,
  )}</div>`;
}

export function factList(facts: readonly (readonly [string, HtmlValue])[]): SafeHtml {
  return html`<dl class="facts">${facts.map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}</dl>`;
}

export type Tone = 'pass' | 'fail' | 'warn' | 'info';

export function badge(text: string, tone: Tone): SafeHtml {
  return html`<span class="badge ${tone}">${text}</span>`;
}

/**
 * Characters that change how text reads without being seen: bidi controls (an RTL override makes
 * "fdp.exe" display as "exe.pdf"), zero-width spaces, soft hyphens, and C0/C1 controls. Spam
 * uses them to dodge filters and fool reviewers, so the report shows each one as a visible
 * code-point marker. ZWJ and ZWNJ are left alone: emoji sequences and several scripts need them.
 */
// (the character class lists control characters on purpose)
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u200B\u200E\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;

export function revealInvisible(text: string): SafeHtml {
  const parts: SafeHtml[] = [];
  let last = 0;
  for (const match of text.matchAll(INVISIBLE)) {
    const at = match.index;
    const code = `U+${match[0].codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0') ?? '?'}`;
    parts.push(html`${text.slice(last, at)}<span class="cp" title="invisible character ${code}">${code}</span>`);
    last = at + match[0].length;
  }
  parts.push(html`${text.slice(last)}`);
  return joinHtml(parts);
}

/** Item text as stored: escaped, whitespace kept, invisible characters shown, bidi-isolated so
 * that what is left cannot reorder the surrounding report. */
export function itemText(text: string, rationale?: string): SafeHtml {
  return html`<div class="item-text" dir="auto">${revealInvisible(text)}</div>${rationale !== undefined && html`<p class="rationale"><span class="muted">Candidate’s rationale:</span> ${inlineValue(rationale)}</p>`}`;
}

/** An inline untrusted string (id, label, category, reviewer, message): isolated, monospace for ids. */
export function inlineValue(text: string, mono = false): SafeHtml {
  return mono ? html`<code><bdi>${revealInvisible(text)}</bdi></code>` : html`<bdi>${revealInvisible(text)}</bdi>`;
}

/** The row header of an item list: its id, a gray-area badge, its category. */
export function itemHeading(item: { id: string; gray: boolean; category: string | null }): SafeHtml {
  return html`${inlineValue(item.id, true)}${item.gray && html`<br>${badge('gray', 'warn')}`}${item.category !== null && html`<br><span class="muted small">${inlineValue(item.category)}</span>`}`;
}

export function section(id: string, title: string, body: HtmlValue): SafeHtml {
  return html`<section id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${title}</h2>
${body}
</section>`;
}

export function callout(tone: Tone, body: HtmlValue): SafeHtml {
  return html`<div class="callout ${tone}">${body}</div>`;
}

export function note(text: HtmlValue): SafeHtml {
  return html`<p class="note">${text}</p>`;
}

/**
 * HTML escaping for the report page, made structural: markup is built only with the `html`
 * tagged template, which escapes every interpolated string. A string from a golden set, a run or
 * a config can therefore reach the page only as text — spam is adversarial content, and one
 * forgotten `escapeHtml(...)` call would be enough to run an attacker's script in a T&S lead's
 * browser. Markup that must not be escaped (our own fragments) travels as `SafeHtml`.
 */

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for an element's content or a quoted attribute value. Quotes are escaped too so
 * the same function is safe in both places. NUL is replaced because the HTML parser drops or
 * substitutes it inconsistently between contexts.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch).replace(/\0/g, '\uFFFD');
}

const TRUSTED: unique symbol = Symbol('SafeHtml');

/** A fragment of markup built by this module: safe to place in a page as is. */
export interface SafeHtml {
  readonly [TRUSTED]: true;
  readonly markup: string;
}

function safe(markup: string): SafeHtml {
  return { [TRUSTED]: true, markup };
}

export function isSafeHtml(value: unknown): value is SafeHtml {
  return typeof value === 'object' && value !== null && TRUSTED in value;
}

/**
 * What may be interpolated into `html`: strings and numbers are escaped, SafeHtml is kept,
 * null/undefined/false render nothing (so `cond && html\`...\`` works), arrays are concatenated.
 */
export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number') return escapeHtml(String(value));
  if (isSafeHtml(value)) return value.markup;
  if (Array.isArray(value)) return value.map(render).join('');
  // Only reachable from untyped data (JSON.parse): anything else is text, never markup.
  return escapeHtml(String(value));
}

/** Tagged template: the literal parts are trusted markup, every interpolation is escaped. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return safe(out);
}

/**
 * Marks markup written in this code base (the style sheet, constant fragments) as trusted.
 * Never pass it anything derived from a golden set, a run or a config.
 */
export function trustedHtml(markup: string): SafeHtml {
  return safe(markup);
}

/** Joins fragments with an optional trusted separator. */
export function joinHtml(parts: readonly HtmlValue[], separator = ''): SafeHtml {
  return safe(parts.map(render).join(separator));
}

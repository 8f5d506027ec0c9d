/**
 * The page shell: doctype, a Content-Security-Policy that makes "nothing is fetched, no script
 * runs" a property the browser enforces rather than a promise, the inlined style sheet, the
 * header, table of contents and footer.
 */
import { createHash } from 'node:crypto';
import { html, trustedHtml, type HtmlValue, type SafeHtml } from './escape-html.js';
import { REPORT_CSS } from './styles.js';

/**
 * `default-src 'none'` blocks scripts, images, fonts, frames and connections; the one style
 * sheet is admitted by its hash, so even injected `<style>` or `style=""` would be refused.
 * `base-uri` and `form-action` are not covered by default-src and are closed explicitly.
 */
export function contentSecurityPolicy(css: string): string {
  const digest = createHash('sha256').update(css, 'utf8').digest('base64');
  return `default-src 'none'; style-src 'sha256-${digest}'; base-uri 'none'; form-action 'none'`;
}

export interface TocEntry {
  id: string;
  label: string;
}

export interface DocumentOptions {
  title: string;
  /** The header's second line: already-built markup (escaped by its builder). */
  subtitle: HtmlValue;
  toc: readonly TocEntry[];
  body: HtmlValue;
  footer: HtmlValue;
}

export function htmlDocument(options: DocumentOptions): string {
  const page: SafeHtml = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(REPORT_CSS)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="spameval">
<title>${options.title}</title>
<style>${trustedHtml(REPORT_CSS)}</style>
</head>
<body>
<header class="page-head">
<h1>${options.title}</h1>
<p class="subtitle">${options.subtitle}</p>
</header>
<nav class="toc" aria-label="Sections">${options.toc.map((entry) => html`<a href="#${entry.id}">${entry.label}</a>`)}</nav>
<main>
${options.body}
<footer>${options.footer}</footer>
</main>
</body>
</html>
`;
  return page.markup;
}

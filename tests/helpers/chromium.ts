/**
 * Headless Chromium for end-to-end tests of the HTML report: Debian's /usr/bin/chromium driven
 * by playwright-core (no browser download). Every page is watched for what an unsafe report
 * would do — network requests, console output, dialogs, uncaught errors, CSP violations.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

// Browser-side probes are JavaScript source strings: the project's type-check has no DOM lib
// (src/ must not see browser globals), so code that runs in the page is not compiled here.

export const CHROMIUM_PATH = process.env['SPAMEVAL_CHROMIUM'] ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    // Fail loudly: a silently skipped browser test would let an XSS regression through CI.
    throw new Error(`Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium, or set SPAMEVAL_CHROMIUM)`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface PageWatch {
  /** Every URL the page asked for, the document itself included. */
  requests: string[];
  console: { type: string; text: string }[];
  dialogs: string[];
  pageErrors: string[];
}

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  url: string;
  watch: PageWatch;
}

export interface OpenOptions {
  /**
   * Ignore the page's Content-Security-Policy: used to prove that escaping alone neutralises a
   * payload, so that the CSP is a second wall rather than the only one.
   */
  bypassCSP?: boolean;
  viewport?: { width: number; height: number };
}

export async function openFile(browser: Browser, file: string, options: OpenOptions = {}): Promise<OpenedPage> {
  const context = await browser.newContext({
    bypassCSP: options.bypassCSP ?? false,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    javaScriptEnabled: true,
  });
  const page = await context.newPage();
  const watch: PageWatch = { requests: [], console: [], dialogs: [], pageErrors: [] };
  page.on('request', (request) => watch.requests.push(request.url()));
  page.on('console', (message) => watch.console.push({ type: message.type(), text: message.text() }));
  page.on('pageerror', (error) => watch.pageErrors.push(error.message));
  page.on('dialog', (dialog) => {
    watch.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  const url = pathToFileURL(file).href;
  await page.goto(url, { waitUntil: 'load' });
  return { context, page, url, watch };
}

/** What an injected payload would leave behind in the DOM or the window. */
export interface InjectionTraces {
  pwned: unknown;
  scripts: number;
  /** img, svg image, picture, media elements: anything that could fetch. */
  images: number;
  frames: number;
  links: number;
  metaRefresh: number;
  styleSheets: number;
  /** href values that are not in-page anchors. */
  nonAnchorHrefs: string[];
  srcAttributes: number;
  /** Elements with an on* event-handler attribute, as `TAG[name]`. */
  onAttributes: string[];
  bodyVisible: boolean;
}

const INJECTION_TRACES = String.raw`(() => {
  const onAttributes = [...document.querySelectorAll('*')].flatMap((el) =>
    el.getAttributeNames().filter((name) => name.toLowerCase().startsWith('on')).map((name) => el.tagName + '[' + name + ']'));
  return {
    pwned: window.__pwned ?? null,
    scripts: document.querySelectorAll('script').length,
    images: document.querySelectorAll('img, image, picture, video, audio, source').length,
    frames: document.querySelectorAll('iframe, frame, object, embed').length,
    links: document.querySelectorAll('link').length,
    metaRefresh: document.querySelectorAll('meta[http-equiv="refresh" i]').length,
    styleSheets: document.styleSheets.length,
    nonAnchorHrefs: [...document.querySelectorAll('[href]')].map((el) => el.getAttribute('href')).filter((href) => !href.startsWith('#')),
    srcAttributes: document.querySelectorAll('[src], [srcdoc], [formaction], [xlink\\:href]').length,
    onAttributes,
    bodyVisible: getComputedStyle(document.body).display !== 'none',
  };
})()`;

export function injectionTraces(page: Page): Promise<InjectionTraces> {
  return page.evaluate<InjectionTraces>(INJECTION_TRACES);
}

export interface DocumentChecks {
  duplicateIds: string[];
  tablesWithoutHeaders: number;
  tablesWithoutCaption: number;
  /** SVG charts whose aria-labelledby does not resolve to non-empty <title> and <desc>. */
  unlabelledCharts: string[];
}

const DOCUMENT_CHECKS = String.raw`(() => {
  const ids = [...document.querySelectorAll('[id]')].map((el) => el.id);
  const tables = [...document.querySelectorAll('table')];
  const charts = [...document.querySelectorAll('svg.chart')];
  return {
    duplicateIds: ids.filter((id, i) => ids.indexOf(id) !== i),
    tablesWithoutHeaders: tables.filter((t) => t.querySelectorAll('thead th[scope="col"]').length === 0).length,
    tablesWithoutCaption: tables.filter((t) => !(t.caption && t.caption.textContent.trim())).length,
    unlabelledCharts: charts.filter((svg) => {
      const refs = (svg.getAttribute('aria-labelledby') || '').split(' ').filter(Boolean);
      return svg.getAttribute('role') !== 'img' || refs.length !== 2 ||
        refs.some((ref) => !(document.getElementById(ref) && document.getElementById(ref).textContent.trim().length > 5));
    }).map((svg) => svg.id),
  };
})()`;

export function documentChecks(page: Page): Promise<DocumentChecks> {
  return page.evaluate<DocumentChecks>(DOCUMENT_CHECKS);
}

/**
 * Every element with its own text whose colour (fill for SVG text) has a WCAG contrast ratio
 * below `minimum` against the first opaque background among its ancestors (white if none).
 */
const LOW_CONTRAST = String.raw`((minimum) => {
  const rgb = (color) => {
    const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(color);
    return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])] : null;
  };
  const lin = (c) => { const s = c / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
  const luminance = ([r, g, b]) => 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  const background = (el) => {
    for (let node = el; node; node = node.parentElement) {
      const bg = rgb(getComputedStyle(node).backgroundColor);
      if (bg && bg[3] > 0.5) return bg;
    }
    return [255, 255, 255, 1];
  };
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const hasText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
    if (!hasText || el.closest('title, desc, style')) continue;
    const style = getComputedStyle(el);
    const svg = el instanceof SVGElement;
    const fg = rgb(svg ? style.fill : style.color);
    if (!fg) continue;
    const [l1, l2] = [luminance(fg), luminance(background(svg ? el.closest('svg') : el))].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    if (ratio < minimum) out.push(el.tagName + '.' + (el.getAttribute('class') || '') + ' "' + el.textContent.trim().slice(0, 30) + '" ' + ratio.toFixed(2));
  }
  return out;
})`;

export function lowContrastText(page: Page, minimum = 4.5): Promise<string[]> {
  return page.evaluate<string[]>(`${LOW_CONTRAST}(${minimum})`);
}

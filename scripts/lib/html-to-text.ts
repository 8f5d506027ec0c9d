import { decodeHtmlEntities } from './html-entities.js';

/**
 * Reduce an HTML mail body to the text a recipient would read. The input is adversarial: it is
 * only ever scanned with regular expressions, never rendered or evaluated.
 */

// Whole elements whose content is never shown as text.
const HIDDEN_ELEMENTS = /<(script|style|head|title|noscript|xml|object|applet|map|select)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const COMMENT = /<!--[\s\S]*?-->/g;
// `<!DOCTYPE …>`, `<![CDATA[…]>`, `<?xml …?>`
const DECLARATION = /<[!?][^>]*>/g;
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;

const BLOCK = new Set([
  'address', 'article', 'blockquote', 'body', 'br', 'caption', 'center', 'dd', 'div', 'dl', 'dt',
  'fieldset', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'html', 'legend',
  'nav', 'ol', 'option', 'p', 'pre', 'section', 'table', 'tbody', 'tfoot', 'thead', 'tr', 'ul',
]);
const CELL = new Set(['td', 'th']);
// Link targets and alt texts past this are tracking noise to a reader.
const MAX_LINK_CHARS = 60;

function attribute(attributes: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(attributes);
  if (!match) return undefined;
  return decodeHtmlEntities(match[1] ?? match[2] ?? match[3] ?? '').trim();
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= MAX_LINK_CHARS ? flat : `${flat.slice(0, MAX_LINK_CHARS - 1)}…`;
}

/** A link target worth showing: web addresses only, shortened, since the host is what a reviewer checks. */
function linkTarget(href: string | undefined): string | undefined {
  if (!href || !/^https?:\/\//i.test(href)) return undefined;
  return shorten(href.replace(/^https?:\/\//i, ''));
}

/** 0-2 pixel images are spacers and tracking pixels: invisible to the reader. */
function isSpacer(attributes: string): boolean {
  const size = (name: string): number => Number.parseInt(attribute(attributes, name) ?? '', 10);
  return size('width') <= 2 || size('height') <= 2;
}

function flowText(raw: string, preformatted: boolean): string {
  const text = decodeHtmlEntities(raw);
  // HTML collapses runs of white space (newlines included) to one space, except inside <pre>.
  return preformatted ? text : text.replace(/[ \t\r\n\f]+/g, ' ');
}

/** Collapse runs of spaces, trim each line, keep at most one blank line in a row. */
export function tidyWhitespace(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function htmlToText(html: string): string {
  const source = html.replace(COMMENT, '').replace(HIDDEN_ELEMENTS, ' ').replace(DECLARATION, '');
  const out: string[] = [];
  let preformatted = false;
  let openLink: string | undefined;
  let linkText = '';
  let last = 0;
  const emit = (piece: string): void => {
    out.push(piece);
    if (openLink !== undefined) linkText += piece;
  };
  for (const match of source.matchAll(TAG)) {
    emit(flowText(source.slice(last, match.index), preformatted));
    last = match.index + match[0].length;
    const closing = match[1] === '/';
    const name = (match[2] ?? '').toLowerCase();
    const attributes = match[3] ?? '';
    if (name === 'pre') preformatted = !closing;
    if (name === 'a') {
      if (!closing) {
        openLink = linkTarget(attribute(attributes, 'href'));
        linkText = '';
      } else if (openLink !== undefined) {
        const target = openLink;
        openLink = undefined;
        // Show where a link goes unless its text already says so.
        if (!linkText.toLowerCase().includes(target.toLowerCase().replace(/\/$/, ''))) out.push(` <${target}>`);
      }
    } else if (name === 'img' && !closing && !isSpacer(attributes)) {
      const alt = attribute(attributes, 'alt');
      emit(alt ? ` [image: ${shorten(alt)}] ` : ' [image] ');
    } else if (name === 'li' && !closing) {
      emit('\n- ');
    } else if (BLOCK.has(name)) {
      emit('\n');
    } else if (CELL.has(name)) {
      emit(' ');
    }
    // Inline tags (b, font, span…) vanish: `F<b></b>REE` reads as FREE, as in a mail client.
  }
  // A tag cut off by the end of the message (`</html`) is markup, not text.
  emit(flowText(source.slice(last).replace(/<\/?[a-zA-Z][^<>]*$/, ''), preformatted));
  // Layout images without alt text come in runs (newsletter chrome): one note says enough.
  const text = tidyWhitespace(out.join('')).replace(/\[image\](?:\s*\[image\])+/g, '[image]');
  // Some spam writes its whole text from a script; say so rather than show an empty message.
  return text === '' && /<script\b/i.test(html) ? '[content written by a script, not shown]' : text;
}

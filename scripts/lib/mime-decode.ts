import { htmlToText, tidyWhitespace } from './html-to-text.js';
import { decodeEncodedWords, decodeTransfer } from './mime-encodings.js';

/**
 * Just enough RFC 822 / MIME to show a reviewer what a message says: its subject, its sender and
 * a readable body. Not a general mail parser: it never fails, it guesses.
 */

export type Headers = ReadonlyMap<string, readonly string[]>;

export interface HeaderValue {
  value: string;
  params: Readonly<Record<string, string>>;
}

export interface DecodedMessage {
  subject: string;
  from: string;
  /** Top-level media type, lowercase (`text/plain` when the message declares none). */
  contentType: string;
  /** What a reader sees: text parts, HTML reduced to text, `[attachment: name]` notes. */
  body: string;
  /** Some part of the message was HTML. */
  hasHtml: boolean;
  /** File names (or media types) of the attachments, in order. */
  attachments: string[];
}

const MAX_DEPTH = 8;
// A text/plain alternative shorter than this, or than a quarter of the HTML one, is a stub.
const MIN_PLAIN_ALTERNATIVE = 20;
const PLAIN_STUB_RATIO = 4;
const SIGNATURE_TYPES = new Set(['application/pgp-signature', 'application/x-pkcs7-signature', 'application/pkcs7-signature']);
const LOOKS_LIKE_HTML = /<(?:html|body)[\s>]/i;
const HEADER_LINE = /^([!-9;-~]+):[ \t]?(.*)$/;

function parseHeaders(block: string): Headers {
  const headers = new Map<string, string[]>();
  let current: { name: string; value: string } | undefined;
  const commit = (): void => {
    if (!current) return;
    const values = headers.get(current.name) ?? [];
    values.push(current.value.trim());
    headers.set(current.name, values);
  };
  for (const line of block.split('\n')) {
    if (/^[ \t]/.test(line) && current) {
      current.value += ` ${line.trim()}`;
      continue;
    }
    commit();
    const match = HEADER_LINE.exec(line);
    // Lines that are not headers (the mbox `From ` separator, garbage) are skipped.
    current = match ? { name: (match[1] ?? '').toLowerCase(), value: match[2] ?? '' } : undefined;
  }
  commit();
  return headers;
}

export function header(headers: Headers, name: string): string | undefined {
  return headers.get(name.toLowerCase())?.[0];
}

/** Split an RFC 822 entity at the first empty line. */
function splitEntity(raw: string): { headers: Headers; body: string } {
  const text = raw.replace(/\r\n?/g, '\n');
  const end = text.startsWith('\n') ? 0 : text.indexOf('\n\n');
  if (end < 0) return { headers: parseHeaders(text), body: '' };
  return { headers: parseHeaders(text.slice(0, end)), body: text.slice(end + (end === 0 ? 1 : 2)) };
}

/** `text/html; charset="iso-8859-1"` → value `text/html`, params `{charset: 'iso-8859-1'}`; names lowercase. */
function parseHeaderValue(raw: string | undefined): HeaderValue {
  const [head = '', ...rest] = (raw ?? '').split(';');
  const params: Record<string, string> = {};
  for (const match of rest.join(';').matchAll(/([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;\s]*)/g)) {
    const name = (match[1] ?? '').toLowerCase();
    const quoted = match[2] ?? '';
    let value = quoted.startsWith('"') ? quoted.slice(1, -1).replace(/\\(.)/g, '$1') : quoted;
    // RFC 2231 `filename*=utf-8''na%C3%AFve.pdf`
    if (name.endsWith('*')) value = safeDecodeURIComponent(value.replace(/^[^']*'[^']*'/, ''));
    params[name.replace(/\*$/, '')] ??= value;
  }
  return { value: head.trim().toLowerCase(), params };
}

function safeDecodeURIComponent(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The bodies of a multipart entity, or `undefined` when the boundary never appears (broken MIME). */
export function splitMultipart(body: string, boundary: string): string[] | undefined {
  const open = `--${boundary}`;
  const close = `--${boundary}--`;
  const parts: string[][] = [];
  let current: string[] | undefined;
  for (const line of body.split('\n')) {
    const bare = line.trimEnd();
    if (bare === close) {
      current = undefined;
      break;
    }
    if (bare === open) {
      current = [];
      parts.push(current);
    } else if (current) {
      current.push(line);
    }
  }
  return parts.length === 0 ? undefined : parts.map((lines) => lines.join('\n'));
}

interface Collected {
  hasHtml: boolean;
  attachments: string[];
}

function attachmentName(headers: Headers, contentType: HeaderValue): string {
  const disposition = parseHeaderValue(header(headers, 'content-disposition'));
  const name = disposition.params['filename'] ?? contentType.params['name'];
  return name ? decodeEncodedWords(name).replace(/\s+/g, ' ').trim() : contentType.value;
}

function renderMultipart(subtype: string, parts: string[], depth: number, collected: Collected): string {
  const entities = parts.map(splitEntity);
  if (subtype === 'alternative') {
    const rendered = entities.map((entity) => {
      const own: Collected = { hasHtml: false, attachments: [] };
      const type = parseHeaderValue(header(entity.headers, 'content-type')).value || 'text/plain';
      return { type, text: renderEntity(entity.headers, entity.body, depth + 1, own), own };
    });
    collected.hasHtml ||= rendered.some((alternative) => alternative.own.hasHtml);
    // The richest alternative is the last non-empty one; a mail client would show it.
    const richest = [...rendered].reverse().find((alternative) => alternative.text.trim() !== '');
    const plain = rendered.find((alternative) => alternative.type === 'text/plain');
    // Plain text reads best, unless it is a stub ("view this mail in HTML", a broken part).
    const plainIsStub =
      !plain || plain.text.length * PLAIN_STUB_RATIO < (richest?.text.length ?? 0) || plain.text.replace(/\s/g, '').length < MIN_PLAIN_ALTERNATIVE;
    const chosen = plainIsStub ? richest : plain;
    if (!chosen) return '';
    collected.attachments.push(...chosen.own.attachments);
    return chosen.text;
  }
  // signed: the second part is the signature; related: the first part is the root, the rest
  // are its inline images.
  const shown = subtype === 'signed' || subtype === 'related' ? entities.slice(0, 1) : entities;
  return shown
    .map((entity) => renderEntity(entity.headers, entity.body, depth + 1, collected))
    .filter((text) => text !== '')
    .join('\n\n');
}

function renderEntity(headers: Headers, body: string, depth: number, collected: Collected): string {
  if (depth > MAX_DEPTH) return '';
  const contentType = parseHeaderValue(header(headers, 'content-type'));
  const type = contentType.value.includes('/') ? contentType.value : 'text/plain';
  const encoding = header(headers, 'content-transfer-encoding');
  const charset = contentType.params['charset'];
  const disposition = parseHeaderValue(header(headers, 'content-disposition')).value;

  if (type.startsWith('multipart/')) {
    const boundary = contentType.params['boundary'];
    const parts = boundary ? splitMultipart(body, boundary) : undefined;
    if (parts) return renderMultipart(type.slice('multipart/'.length), parts, depth, collected);
    return tidyWhitespace(decodeTransfer(body, encoding, charset));
  }
  if (type === 'message/rfc822' && disposition !== 'attachment') {
    const inner = splitEntity(decodeTransfer(body, encoding, undefined));
    const subject = decodeEncodedWords(header(inner.headers, 'subject') ?? '');
    const from = decodeEncodedWords(header(inner.headers, 'from') ?? '');
    const text = renderEntity(inner.headers, inner.body, depth + 1, collected);
    return tidyWhitespace(`[forwarded message]\nSubject: ${subject}\nFrom: ${from}\n\n${text}`);
  }
  if (SIGNATURE_TYPES.has(type)) return '';
  if (disposition === 'attachment' || !(type.startsWith('text/') || type.startsWith('message/'))) {
    const name = attachmentName(headers, contentType);
    collected.attachments.push(name);
    return `[attachment: ${name}]`;
  }
  const text = decodeTransfer(body, encoding, charset);
  // Spam often sends HTML undeclared or as text/plain; showing its markup would bury the words.
  if (type === 'text/html' || (type === 'text/plain' && LOOKS_LIKE_HTML.test(text))) {
    collected.hasHtml = true;
    return htmlToText(text);
  }
  if (type === 'text/enriched') return tidyWhitespace(text.replace(/<\/?[A-Za-z-]+>/g, ''));
  return tidyWhitespace(text);
}

// C0 and C1 control characters other than tab and newline: invisible in a mail client, and in
// adversarial text an ESC or CSI is a terminal escape sequence waiting for a renderer to print it.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

function headerText(value: string | undefined): string {
  return decodeEncodedWords(value ?? '').replace(CONTROL_CHARACTERS, '').replace(/\s+/g, ' ').trim();
}

export function decodeMessage(raw: string): DecodedMessage {
  const { headers, body } = splitEntity(raw);
  const collected: Collected = { hasHtml: false, attachments: [] };
  const text = renderEntity(headers, body, 0, collected);
  const declared = parseHeaderValue(header(headers, 'content-type')).value;
  return {
    subject: headerText(header(headers, 'subject')),
    from: headerText(header(headers, 'from')),
    contentType: declared.includes('/') ? declared : 'text/plain',
    body: tidyWhitespace(text.replace(CONTROL_CHARACTERS, '')),
    hasHtml: collected.hasHtml,
    attachments: collected.attachments,
  };
}

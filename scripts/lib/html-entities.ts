import { windows1252Char } from './windows-1252.js';

/**
 * HTML character references, decoded the way a browser shows them, so that entity-obfuscated
 * spam (`&#86;iagra`, `FR&#69;E`) reads as the recipient saw it.
 */

// ISO-8859-1 names in code-point order 160..255 (HTML 4 `HTMLlat1`); the same table a 2002 mail
// client used, and all the corpus needs beyond the handful of symbols below.
const LATIN1_NAMES = [
  'nbsp', 'iexcl', 'cent', 'pound', 'curren', 'yen', 'brvbar', 'sect', 'uml', 'copy', 'ordf',
  'laquo', 'not', 'shy', 'reg', 'macr', 'deg', 'plusmn', 'sup2', 'sup3', 'acute', 'micro', 'para',
  'middot', 'cedil', 'sup1', 'ordm', 'raquo', 'frac14', 'frac12', 'frac34', 'iquest', 'Agrave',
  'Aacute', 'Acirc', 'Atilde', 'Auml', 'Aring', 'AElig', 'Ccedil', 'Egrave', 'Eacute', 'Ecirc',
  'Euml', 'Igrave', 'Iacute', 'Icirc', 'Iuml', 'ETH', 'Ntilde', 'Ograve', 'Oacute', 'Ocirc',
  'Otilde', 'Ouml', 'times', 'Oslash', 'Ugrave', 'Uacute', 'Ucirc', 'Uuml', 'Yacute', 'THORN',
  'szlig', 'agrave', 'aacute', 'acirc', 'atilde', 'auml', 'aring', 'aelig', 'ccedil', 'egrave',
  'eacute', 'ecirc', 'euml', 'igrave', 'iacute', 'icirc', 'iuml', 'eth', 'ntilde', 'ograve',
  'oacute', 'ocirc', 'otilde', 'ouml', 'divide', 'oslash', 'ugrave', 'uacute', 'ucirc', 'uuml',
  'yacute', 'thorn', 'yuml',
] as const;

const SYMBOLS: Record<string, number> = {
  amp: 0x26, lt: 0x3c, gt: 0x3e, quot: 0x22, apos: 0x27,
  ndash: 0x2013, mdash: 0x2014, lsquo: 0x2018, rsquo: 0x2019, sbquo: 0x201a, ldquo: 0x201c,
  rdquo: 0x201d, bdquo: 0x201e, dagger: 0x2020, Dagger: 0x2021, bull: 0x2022, hellip: 0x2026,
  permil: 0x2030, lsaquo: 0x2039, rsaquo: 0x203a, euro: 0x20ac, trade: 0x2122, larr: 0x2190,
  rarr: 0x2192, hearts: 0x2665, OElig: 0x152, oelig: 0x153, Scaron: 0x160, scaron: 0x161,
  Yuml: 0x178, fnof: 0x192, circ: 0x2c6, tilde: 0x2dc, ensp: 0x2002, emsp: 0x2003, thinsp: 0x2009,
};

const NAMED = new Map<string, number>([
  ...LATIN1_NAMES.map((name, index): [string, number] => [name, 160 + index]),
  ...Object.entries(SYMBOLS),
]);

function fromCodePoint(code: number): string {
  // Browsers read numeric references 128..159 as windows-1252, which is what 2002 mail meant by them.
  if (code >= 0x80 && code <= 0x9f) return windows1252Char(code);
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(code);
}

/** Decode named (`&eacute;`), decimal (`&#233;`) and hex (`&#xE9;`) references; unknown names stay as written. */
export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,8}));?/g, (whole, dec, hex, name) => {
    if (typeof dec === 'string') return fromCodePoint(Number.parseInt(dec, 10));
    if (typeof hex === 'string') return fromCodePoint(Number.parseInt(hex, 16));
    const code = typeof name === 'string' ? (NAMED.get(name) ?? NAMED.get(name.toLowerCase())) : undefined;
    return code === undefined ? whole : String.fromCodePoint(code);
  });
}

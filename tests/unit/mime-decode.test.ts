import { describe, expect, it } from 'vitest';
import { decodeHtmlEntities } from '../../scripts/lib/html-entities.js';
import { htmlToText } from '../../scripts/lib/html-to-text.js';
import { decodeMessage, splitMultipart } from '../../scripts/lib/mime-decode.js';
import { decodeBase64, decodeBytes, decodeEncodedWords, decodeQuotedPrintable } from '../../scripts/lib/mime-encodings.js';
import { toReaderText, TRUNCATION_MARK } from '../../scripts/lib/reader-text.js';
import { decodeWindows1252 } from '../../scripts/lib/windows-1252.js';

// Expected strings were produced by Python 3 (quopri, base64, str.encode/decode with the named
// codec, html.unescape), not by this code; the one-liners are in the comments.

function message(headers: string, body: string): string {
  return `From sender@example.com  Thu Aug 22 13:17:22 2002\n${headers}\n\n${body}`;
}

describe('quoted-printable', () => {
  it('decodes escapes, joins soft line breaks and keeps the space before a soft break', () => {
    // quopri.decodestring(b'We Provide FREE Access =\nto caf=E9=\ns') -> b'We Provide FREE Access to caf\xe9s'
    const bytes = decodeQuotedPrintable('We Provide FREE Access =\nto caf=E9=\ns');
    expect(decodeBytes(bytes, 'iso-8859-1')).toBe('We Provide FREE Access to cafés');
  });

  it('drops trailing white space (transport padding) and keeps a malformed "=" as text', () => {
    expect(decodeBytes(decodeQuotedPrintable('line one   \nline two\n100% = all'), 'us-ascii')).toBe('line one\nline two\n100% = all');
    // "==" is not an escape sequence: kept as the sender typed it (Python's quopri reads it as
    // one "="); the "=" ending a line is still a soft break
    expect(decodeBytes(decodeQuotedPrintable('===== end\n=====\nnext'), undefined)).toBe('===== end\n====next');
  });

  it('decodes multi-byte UTF-8 split across escapes', () => {
    // 'Grüße'.encode() -> b'Gr\xc3\xbc\xc3\x9fe'
    expect(decodeBytes(decodeQuotedPrintable('Gr=C3=BC=C3=9Fe'), 'utf-8')).toBe('Grüße');
  });

  it('decodes a quoted-printable message body in its charset', () => {
    // bytes([0x93,0x48,0x69,0x94,0x20,0x96,0x20,0x63,0x61,0x66,0xe9,0x20,0x80,0x99]).decode('cp1252') -> '“Hi” – café €™'
    const raw = message(
      'Subject: quotes\nContent-Type: text/plain; charset=windows-1252\nContent-Transfer-Encoding: quoted-printable',
      '=93Hi=94 =96 caf=E9 =80=99\n',
    );
    expect(decodeMessage(raw).body).toBe('“Hi” – café €™');
  });
});

describe('base64', () => {
  it('decodes across line breaks', () => {
    // base64.b64encode('Grüße aus Köln – 5 €'.encode()) -> R3LDvMOfZSBhdXMgS8O2bG4g4oCTIDUg4oKs
    expect(decodeBytes(decodeBase64('R3LDvMOfZSBhdXMg\nS8O2bG4g4oCTIDUg\n4oKs\n'), 'utf-8')).toBe('Grüße aus Köln – 5 €');
  });

  it('stops at a plain-text footer appended after the encoded block', () => {
    const body = 'R3LDvMOfZQ==\n\nThanks\n_______________________________________________\nlist footer\n';
    expect(decodeBytes(decodeBase64(body), 'utf-8')).toBe('Grüße');
  });

  it('decodes a base64 text part in a 7-bit charset (ISO-2022-JP)', () => {
    // base64.b64encode('こんにちは'.encode('iso2022_jp')) -> GyRCJDMkcyRLJEEkTxsoQg==
    const raw = message(
      'Subject: hi\nContent-Type: text/plain; charset=ISO-2022-JP\nContent-Transfer-Encoding: base64',
      'GyRCJDMkcyRLJEEkTxsoQg==\n',
    );
    expect(decodeMessage(raw).body).toBe('こんにちは');
  });
});

describe('charsets', () => {
  it('decodes windows-1252 0x80-0x9F by table, not as C1 controls (Node 20 TextDecoder does)', () => {
    // bytes(range(0x80, 0xa0)).decode('cp1252', 'replace'), where Python has no character for
    // 0x81 0x8D 0x8F 0x90 0x9D; the WHATWG table (and browsers) keep those as C1 code points
    const decoded = decodeWindows1252(Uint8Array.from({ length: 32 }, (_, index) => 0x80 + index));
    expect(decoded).toBe('€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ');
  });

  it('reads valid UTF-8 labelled Latin-1 as UTF-8, and invalid UTF-8 labelled UTF-8 as windows-1252', () => {
    expect(decodeBytes(Uint8Array.of(0x63, 0x61, 0x66, 0xc3, 0xa9), 'iso-8859-1')).toBe('café');
    expect(decodeBytes(Uint8Array.of(0x63, 0x61, 0x66, 0xe9), 'utf-8')).toBe('café');
  });

  it('uses the declared charset when it is not Latin-1 or UTF-8', () => {
    // base64.b64encode('Привет'.encode('koi8-r')) -> 8NLJ18XU
    expect(decodeBytes(decodeBase64('8NLJ18XU'), 'koi8-r')).toBe('Привет');
    expect(decodeBytes(Uint8Array.of(0x41), 'x-no-such-charset')).toBe('A');
  });

  it('decodes RFC 2047 encoded words, joining adjacent ones', () => {
    expect(decodeEncodedWords('=?iso-8859-1?Q?Caf=E9_cr=E8me?=')).toBe('Café crème');
    // base64.b64encode('Grüße'.encode()) -> R3LDvMOfZQ==
    expect(decodeEncodedWords('Re: =?utf-8?B?R3LDvMOfZQ==?= =?utf-8?Q?_aus_K=C3=B6ln?=')).toBe('Re: Grüße aus Köln');
  });
});

describe('multipart', () => {
  const alternative = (plain: string): string =>
    message(
      'Subject: offer\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary="b1"',
      [
        'This is a multi-part message in MIME format.',
        '--b1',
        'Content-Type: text/plain; charset=us-ascii',
        '',
        plain,
        '--b1',
        'Content-Type: text/html; charset=iso-8859-1',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        '<html><body><p>Best <b>pric=E9</b> today</p><p>Click <a href=3D"http://example.com/x">here</a></p></body></html>',
        '--b1--',
        'epilogue',
      ].join('\n'),
    );

  it('shows the plain-text alternative and records that the message had HTML', () => {
    const decoded = decodeMessage(alternative('Best price today. Click http://example.com/x'));
    expect(decoded.body).toBe('Best price today. Click http://example.com/x');
    expect(decoded.hasHtml).toBe(true);
    expect(decoded.contentType).toBe('multipart/alternative');
  });

  it('shows the HTML alternative when the plain one is a stub', () => {
    // each </p> and <p> ends a line: paragraphs come out separated by one blank line
    expect(decodeMessage(alternative('see HTML')).body).toBe('Best pricé today\n\nClick here <example.com/x>');
  });

  it('notes attachments, skips signatures and unwraps forwarded messages', () => {
    const raw = message(
      'Subject: files\nContent-Type: multipart/mixed; boundary=outer',
      [
        '--outer',
        'Content-Type: multipart/signed; boundary="sig"; protocol="application/pgp-signature"',
        '',
        '--sig',
        'Content-Type: text/plain',
        '',
        'See attached.',
        '--sig',
        'Content-Type: application/pgp-signature',
        '',
        '-----BEGIN PGP SIGNATURE-----',
        '--sig--',
        '--outer',
        'Content-Type: application/pdf; name="=?utf-8?Q?na=C3=AFve.pdf?="',
        'Content-Disposition: attachment; filename="=?utf-8?Q?na=C3=AFve.pdf?="',
        'Content-Transfer-Encoding: base64',
        '',
        'JVBERi0xLjQK',
        '--outer',
        'Content-Type: message/rfc822',
        '',
        'Subject: original',
        'From: a@example.com',
        '',
        'inner text',
        '--outer--',
      ].join('\n'),
    );
    const decoded = decodeMessage(raw);
    expect(decoded.body).toBe(
      'See attached.\n\n[attachment: naïve.pdf]\n\n[forwarded message]\nSubject: original\nFrom: a@example.com\n\ninner text',
    );
    expect(decoded.attachments).toEqual(['naïve.pdf']);
  });

  it('splits on exact boundary lines only, and reads a body whose boundary never appears as text', () => {
    expect(splitMultipart('pre\n--b\none\n--bb\n--b\ntwo\n--b--\npost', 'b')).toEqual(['one\n--bb', 'two']);
    const broken = message('Subject: x\nContent-Type: multipart/mixed; boundary="missing"', 'just text');
    expect(decodeMessage(broken).body).toBe('just text');
  });
});

describe('HTML to text', () => {
  it('decodes entities as browsers do', () => {
    // html.unescape('&eacute;&#233;&#xE9;&nbsp;&amp;&lt;b&gt; &#150; &#8364; &hellip;') -> 'ééé\xa0&<b> – € …'
    expect(decodeHtmlEntities('&eacute;&#233;&#xE9;&nbsp;&amp;&lt;b&gt; &#150; &#8364; &hellip;')).toBe('ééé\u00a0&<b> – € …');
    expect(decodeHtmlEntities('AT&T &unknown; &#0;')).toBe('AT&T &unknown; \ufffd');
  });

  it('drops scripts, styles, comments and head; keeps block structure; shows links and images', () => {
    const html = [
      '<!DOCTYPE html><html><head><title>t</title><style>p{color:red}</style></head>',
      '<body><script>document.write("hidden")</script>',
      '<p>V<!-- x -->I<b></b>AGRA &#86;iagra</p><div>Line&nbsp;two<br>three</div>',
      '<ul><li>one</li><li>two</li></ul>',
      '<img src="x.gif" alt="Logo"><img src="s.gif" width="1" height="1">',
      '<a href="http://www.example.com/offer">Order now</a> <a href="mailto:x@y">mail</a>',
      '<table><tr><td>a</td><td>b</td></tr></table></body></html',
    ].join('\n');
    expect(htmlToText(html)).toBe(
      'VIAGRA Viagra\n\nLine two\nthree\n\n- one\n- two\n[image: Logo] Order now <www.example.com/offer> mail\n\na b',
    );
  });

  it('says when the whole text is written by a script', () => {
    expect(htmlToText('<html><body><script>go()</script></body></html>')).toBe('[content written by a script, not shown]');
  });

  it('reduces HTML sent as text/plain, and strips control characters', () => {
    const raw = message('Subject: \u001b[31mred\nContent-Type: text/plain', '<html><body>Hello\u0007 <b>world</b></body></html>');
    const decoded = decodeMessage(raw);
    expect(decoded.body).toBe('Hello world');
    expect(decoded.subject).toBe('[31mred');
    expect(decoded.hasHtml).toBe(true);
  });
});

describe('reader text', () => {
  it('puts subject and sender first and cuts at the cap without splitting a surrogate pair', () => {
    const body = `${'a'.repeat(50)}😀${'b'.repeat(50)}`;
    const full = toReaderText({ subject: 'Hi', from: 'x@example.com', body }, 1000);
    expect(full).toEqual({ text: `Subject: Hi\nFrom: x@example.com\n\n${body}`, truncated: false });
    for (let cap = 60; cap < 120; cap++) {
      const cut = toReaderText({ subject: 'Hi', from: 'x@example.com', body }, cap);
      expect(cut.truncated).toBe(true);
      expect(cut.text.length).toBeLessThanOrEqual(cap);
      expect(cut.text.endsWith(TRUNCATION_MARK)).toBe(true);
      expect(cut.text).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    }
  });

  it('names missing parts instead of leaving them blank', () => {
    expect(toReaderText({ subject: '', from: '', body: '' }, 100).text).toBe('Subject: (no subject)\nFrom: (no sender)\n\n(empty body)');
  });
});

/**
 * Bytes to text by the charset a document declares: its byte-order mark, the HTTP Content-Type, the
 * XML declaration, or an HTML <meta charset> / http-equiv; with none, UTF-8 when the bytes are valid
 * UTF-8 and Windows-1252 (what browsers assume) when they are not. Legacy charsets are Node's
 * TextDecoder (full ICU); a label it does not know is refused in one line.
 */
import { ShownError } from '../errors.js';

/** A declared charset that cannot be decoded; the message names the label and where it was declared. */
export class CharsetError extends ShownError {
  override name = 'CharsetError';
}

export interface Declared {
  label: string;
  /** Where the label was found, for the error message. */
  where: string;
}

// Enough of the head for an XML declaration or a <meta> that comes after a long <title> or scripts.
const SNIFF_BYTES = 4096;
const CHARSET_IN_TYPE = /charset\s*=\s*["']?([\w.:-]+)/i;
const CHARSET_IN_XML = /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([\w.:-]+)["']/i;
const CHARSET_IN_META = /<meta\b[^>]*?charset\s*=\s*["']?([\w.:-]+)/i;

function bomCharset(body: Uint8Array): string | null {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  return null;
}

/** A declaration read as ASCII cannot really be UTF-16 (it would have a BOM): browsers read such pages as UTF-8. */
function asciiCompatible(label: string): string {
  return /^utf-?16/i.test(label) ? 'utf-8' : label;
}

/**
 * The charset a document declares, in the order that wins: BOM, Content-Type, XML declaration, then
 * <meta> (read only when `markup` says the document may hold one); null when it declares none.
 */
export function declaredCharset(body: Uint8Array, contentType: string | null, markup = true): Declared | null {
  const bom = bomCharset(body);
  if (bom) return { label: bom, where: 'its byte-order mark' };
  const typed = CHARSET_IN_TYPE.exec(contentType ?? '')?.[1];
  if (typed) return { label: typed, where: 'the Content-Type header' };
  if (!markup) return null;
  const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.byteLength, SNIFF_BYTES)).toString('latin1');
  const xml = CHARSET_IN_XML.exec(head)?.[1];
  if (xml) return { label: asciiCompatible(xml), where: 'the XML declaration' };
  const meta = CHARSET_IN_META.exec(head)?.[1];
  return meta ? { label: asciiCompatible(meta), where: "the page's <meta>" } : null;
}

// WHATWG's windows-1252 for bytes 0x80-0x9F: Node 20.18.3+ and 22.13+ decode them as Latin-1 controls (nodejs/node#60888).
const WINDOWS_1252_C1 = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019,
  0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** Windows-1252 as the Encoding Standard defines it (which latin1, iso-8859-1 and ascii labels also mean). */
export function decodeWindows1252(body: Uint8Array): string {
  const latin1 = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1');
  return latin1.replace(/[\x80-\x9f]/g, (c) => String.fromCharCode(WINDOWS_1252_C1[c.charCodeAt(0) - 0x80]!));
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes with a declared label; an unknown label is a CharsetError. */
function decodeAs(body: Uint8Array, declared: Declared): string {
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(declared.label);
  } catch {
    const label = declared.label.slice(0, 40);
    throw new CharsetError(`unknown character encoding "${label}" (declared in ${declared.where})`);
  }
  return decoder.encoding === 'windows-1252' ? decodeWindows1252(body) : decoder.decode(body);
}

/** Undeclared bytes: UTF-8 when they are valid UTF-8, else Windows-1252. */
function decodeUndeclared(body: Uint8Array): string {
  try {
    return strictUtf8.decode(body);
  } catch {
    return decodeWindows1252(body);
  }
}

/** A document's text by its declared charset (see declaredCharset), a leading BOM dropped. */
export function decodeDocument(body: Uint8Array, contentType: string | null, markup = true): string {
  const declared = declaredCharset(body, contentType, markup);
  const text = declared ? decodeAs(body, declared) : decodeUndeclared(body);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

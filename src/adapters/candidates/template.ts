import type { Item } from '../../domain/golden/schema.js';
import type { Problem } from '../../domain/problems.js';

/** Values that are the same for every item (from the suite and the golden set's taxonomy). */
export interface TemplateStatics {
  guidelines: string;
  labels: string;
  positive: string;
  categories: string;
}

/** How a placeholder's value becomes text at its place in the template. */
export type PlaceholderFormat = (name: string, value: unknown) => string;

type Segment = string | { name: string };

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const STATIC_NAMES = new Set(['guidelines', 'labels', 'positive', 'categories']);
export const KNOWN_PLACEHOLDERS = '{{guidelines}}, {{labels}}, {{positive}}, {{categories}}, {{item.id}}, {{item.text}}, {{item.fields}}, {{item.fields.NAME}}';

function isKnown(name: string): boolean {
  return STATIC_NAMES.has(name) || name === 'item.id' || name === 'item.text' || name === 'item.fields' || /^item\.fields\.[^.\s]+$/.test(name);
}

/**
 * A `{{placeholder}}` template, parsed once so rendering thousands of items is a concatenation.
 * Unknown placeholders are input errors found when the suite loads, not per item.
 */
export class Template {
  private constructor(
    private readonly segments: readonly Segment[],
    readonly names: ReadonlySet<string>,
  ) {}

  static parse(text: string, where: { file?: string; field?: string; firstLine?: number } = {}): { template: Template; problems: Problem[] } {
    const segments: Segment[] = [];
    const names = new Set<string>();
    const problems: Problem[] = [];
    let last = 0;
    for (const match of text.matchAll(PLACEHOLDER)) {
      const name = match[1] ?? '';
      if (match.index > last) segments.push(text.slice(last, match.index));
      last = match.index + match[0].length;
      if (!isKnown(name)) {
        const line = (where.firstLine ?? 1) + (text.slice(0, match.index).match(/\n/g)?.length ?? 0);
        problems.push({
          ...(where.file === undefined ? {} : { file: where.file, line }),
          ...(where.field === undefined ? {} : { field: where.field }),
          message: `unknown placeholder '${match[0]}'`,
          hint: `known: ${KNOWN_PLACEHOLDERS}`,
        });
        continue;
      }
      segments.push({ name });
      names.add(name);
    }
    if (last < text.length) segments.push(text.slice(last));
    return { template: new Template(segments, names), problems };
  }

  /** The template as text, each placeholder replaced by `format(name, value)`. */
  render(item: Item, statics: TemplateStatics, format: PlaceholderFormat): string {
    let out = '';
    for (const segment of this.segments) {
      out += typeof segment === 'string' ? segment : format(segment.name, placeholderValue(segment.name, item, statics));
    }
    return out;
  }

  /**
   * This template with the values that are the same for every item filled in (formatted as
   * `format` would at render time): what is left to render per item. With no placeholder left,
   * `constantText` is its whole text.
   */
  withStatics(statics: TemplateStatics, format: PlaceholderFormat): Template {
    const segments: Segment[] = [];
    for (const segment of this.segments) {
      const value = typeof segment === 'string' ? undefined : staticValue(segment.name, statics);
      const piece = typeof segment === 'string' || value === undefined ? segment : format(segment.name, value);
      const previous = segments.at(-1);
      // neighbouring texts are joined, so a template of statics only becomes one text
      if (typeof piece === 'string' && typeof previous === 'string') segments[segments.length - 1] = previous + piece;
      else segments.push(piece);
    }
    return new Template(segments, new Set([...this.names].filter((name) => !STATIC_NAMES.has(name))));
  }

  /** The text, when the template has no placeholder (left); else `undefined`. */
  get constantText(): string | undefined {
    if (this.names.size > 0) return undefined;
    return this.segments.filter((segment) => typeof segment === 'string').join('');
  }

  /** When the whole template is one placeholder, its raw value (an http body keeps objects as objects). */
  soleValue(item: Item, statics: TemplateStatics): { value: unknown } | undefined {
    const only = this.segments.length === 1 ? this.segments[0] : undefined;
    return only !== undefined && typeof only !== 'string' ? { value: placeholderValue(only.name, item, statics) } : undefined;
  }
}

/** The value of a placeholder that is the same for every item; `undefined` for the item's own. */
function staticValue(name: string, statics: TemplateStatics): string | undefined {
  switch (name) {
    case 'guidelines':
    case 'labels':
    case 'positive':
    case 'categories':
      return statics[name];
    default:
      return undefined;
  }
}

export function placeholderValue(name: string, item: Item, statics: TemplateStatics): unknown {
  const fixed = staticValue(name, statics);
  if (fixed !== undefined) return fixed;
  switch (name) {
    case 'item.id':
      return item.id;
    case 'item.text':
      return item.text;
    case 'item.fields':
      return item.fields ?? {};
    default:
      return item.fields?.[name.slice('item.fields.'.length)];
  }
}

/** Plain text of a value: strings as they are, anything else as JSON, absent as empty. */
export function plainText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const DELIMITER_TAG = /<(\/?)(item_text|item_fields|item_field)\b/gi;

/**
 * Prompt formatting: the item's content is untrusted (spam is adversarial), so it is always
 * wrapped in tags the template cannot forget, and any look-alike of those tags inside the
 * content is defused, so no item can close its own tag and speak as instructions.
 */
export const promptFormat: PlaceholderFormat = (name, value) => {
  if (!name.startsWith('item.') || name === 'item.id') return plainText(value);
  const content = (name === 'item.fields' ? JSON.stringify(value, null, 2) : plainText(value)).replace(DELIMITER_TAG, '&lt;$1$2');
  if (name === 'item.text') return `<item_text>\n${content}\n</item_text>`;
  if (name === 'item.fields') return `<item_fields>\n${content}\n</item_fields>`;
  const field = name.slice('item.fields.'.length).replace(/[^\w.-]/g, '_');
  return `<item_field name="${field}">${content}</item_field>`;
};

import type { Item } from '../../domain/golden/schema.js';
import type { Problem } from '../../domain/problems.js';
import { promptFormat, Template, type TemplateStatics } from './template.js';

export type Role = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: Role;
  content: string;
}

export interface PromptMessages {
  render(item: Item, statics: TemplateStatics): ChatMessage[];
  /**
   * `render` as the JSON array a request body carries, in UTF-8, with the statics filled in once:
   * a message that does not show the item (the system prompt with the guidelines, a few-shot
   * answer) is encoded once, not for every item.
   */
  jsonEncoder(statics: TemplateStatics): (item: Item) => Buffer;
}

const SECTION = /^\[(system|user|assistant)\]\s*$/;

/**
 * A prompt template file as chat messages. Lines `[system]`, `[user]` and `[assistant]` start a
 * message of that role (an `[assistant]` section is a few-shot answer); a file without them is
 * one user message, preceded by the suite's `system` text when it has one.
 */
export function parsePromptMessages(text: string, file: string, system?: string): { messages: PromptMessages; problems: Problem[] } {
  const lines = text.split('\n');
  const sections: { role: Role; firstLine: number; lines: string[] }[] = [];
  const problems: Problem[] = [];
  lines.forEach((line, index) => {
    const marker = SECTION.exec(line);
    const role = marker?.[1];
    if (role === 'system' || role === 'user' || role === 'assistant') {
      sections.push({ role, firstLine: index + 2, lines: [] });
      return;
    }
    const current = sections[sections.length - 1];
    if (current) current.lines.push(line);
    else if (line.trim() !== '') {
      if (sections.length === 0 && lines.some((other) => SECTION.test(other))) {
        problems.push({ file, line: index + 1, message: 'text before the first [system]/[user] section', hint: 'start the file with a [system] or [user] line' });
      }
    }
  });
  if (sections.length === 0) {
    if (system !== undefined) sections.push({ role: 'system', firstLine: 0, lines: [system] });
    sections.push({ role: 'user', firstLine: 1, lines });
  } else if (system !== undefined) {
    problems.push({ file, message: "the suite's `system` text and a [system] section in the prompt file both give the system message", hint: 'keep one' });
  }
  if (!sections.some((section) => section.role === 'user')) problems.push({ file, message: 'the prompt has no [user] section' });

  const compiled = sections.map((section) => {
    const body = section.lines.join('\n');
    const leading = /^(?:[ \t]*\n)*/.exec(body)?.[0] ?? '';
    const skipped = leading.split('\n').length - 1;
    const parsed = Template.parse(body.slice(leading.length).trimEnd(), { file, firstLine: section.firstLine + skipped });
    problems.push(...parsed.problems);
    return { role: section.role, template: parsed.template };
  });
  if (!compiled.some((section) => section.template.names.has('item.text'))) {
    problems.push({ file, message: 'the prompt never shows the item: add {{item.text}}' });
  }
  return {
    problems,
    messages: {
      render: (item, statics) =>
        compiled.map((section) => ({ role: section.role, content: section.template.render(item, statics, promptFormat) })),
      jsonEncoder: (statics) => {
        const parts = compiled.map(({ role, template }, index) => {
          const separator = index === 0 ? '[' : ',';
          const perItem = template.withStatics(statics, promptFormat);
          const constant = perItem.constantText;
          if (constant !== undefined) return Buffer.from(separator + JSON.stringify({ role, content: constant }));
          return (item: Item) => Buffer.from(separator + JSON.stringify({ role, content: perItem.render(item, statics, promptFormat) }));
        });
        const end = Buffer.from(']');
        return (item) => Buffer.concat([...parts.map((part) => (typeof part === 'function' ? part(item) : part)), end]);
      },
    },
  };
}

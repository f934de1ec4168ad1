/**
 * The Markdown the environment writes for LLMs (headings, lists, tables, `code`, **bold**), rendered for a terminal:
 * headings bold, tables aligned, inline code coloured, markers dropped. With `color: false` the same layout in plain text.
 */

const ESC = '\x1b[';
const STYLE = {
  bold: [`${ESC}1m`, `${ESC}22m`],
  underline: [`${ESC}4m`, `${ESC}24m`],
  dim: [`${ESC}2m`, `${ESC}22m`],
  cyan: [`${ESC}36m`, `${ESC}39m`],
  red: [`${ESC}31m`, `${ESC}39m`],
  yellow: [`${ESC}33m`, `${ESC}39m`],
  green: [`${ESC}32m`, `${ESC}39m`],
} as const;

export type Style = keyof typeof STYLE;

export function paint(text: string, style: Style, color: boolean): string {
  if (!color) return text;
  const [on, off] = STYLE[style];
  return `${on}${text}${off}`;
}

/** Visible width: ANSI sequences take no columns. */
export function visibleLength(text: string): number {
  return text.replace(/\x1b\[[0-9;]*m/g, '').length;
}

function inline(text: string, color: boolean): string {
  return text
    .replace(/\*\*([^*]+)\*\*/g, (_m, t: string) => paint(t, 'bold', color))
    .replace(/`([^`]+)`/g, (_m, t: string) => paint(t, 'cyan', color))
    .replace(/\b(CRITICAL|ERROR|FATAL)\b/g, (m) => paint(m, 'red', color))
    .replace(/\bWARNING\b|\bWARN\b/g, (m) => paint(m, 'yellow', color));
}

function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());
}

function table(rows: string[], color: boolean): string[] {
  const body = rows.filter((r) => !/^\s*\|?\s*:?-{3,}/.test(r)).map(cells);
  const header = body[0] ?? [];
  const rendered = body.map((r) => r.map((c) => inline(c, color)));
  const widths = header.map((_, i) => Math.max(...rendered.map((r) => visibleLength(r[i] ?? ''))));
  const line = (r: string[]) => r.map((c, i) => c + ' '.repeat(Math.max(0, (widths[i] ?? 0) - visibleLength(c)))).join('  ').trimEnd();
  const [head, ...rest] = rendered;
  return [paint(line(head ?? []), 'bold', color), paint(widths.map((w) => '─'.repeat(w)).join('  '), 'dim', color), ...rest.map(line)];
}

export function renderTerminalMarkdown(markdown: string, color: boolean): string {
  const out: string[] = [];
  const lines = markdown.split('\n');
  let fence = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith('```')) {
      fence = !fence;
      continue;
    }
    if (fence) {
      out.push(paint(`  ${line}`, 'dim', color));
      continue;
    }
    if (line.trimStart().startsWith('|')) {
      const rows: string[] = [];
      while (i < lines.length && (lines[i] as string).trimStart().startsWith('|')) rows.push(lines[i++] as string);
      i -= 1;
      out.push(...table(rows, color));
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const text = inline(heading[2] ?? '', color);
      out.push(heading[1] === '#' || heading[1] === '##' ? paint(paint(text, 'bold', color), 'underline', color) : paint(text, 'bold', color));
      continue;
    }
    const bullet = /^(\s*)[-*]\s+(.*)$/.exec(line);
    if (bullet) {
      out.push(`${bullet[1] ?? ''}• ${inline(bullet[2] ?? '', color)}`);
      continue;
    }
    out.push(inline(line, color));
  }
  return out.join('\n');
}

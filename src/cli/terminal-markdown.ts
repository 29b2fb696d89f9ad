/**
 * Renders the markdown of a war-room entry for a terminal: tables become aligned plain-text
 * columns, headings and **bold** become bold, links show their address. Only what
 * tableToMarkdown and the commands produce is handled; anything else passes through.
 */
export interface TerminalStyle {
  /** ANSI bold; off for NO_COLOR or when tests want plain text. */
  bold: boolean;
  /** The terminal's width: wider tables wrap their widest cells. */
  columns?: number;
}

const BOLD_ON = '\u001b[1m';
const BOLD_OFF = '\u001b[22m';

function bold(text: string, style: TerminalStyle): string {
  return style.bold ? `${BOLD_ON}${text}${BOLD_OFF}` : text;
}

/** Columns a string takes on a terminal: wide East Asian and emoji count 2, combining marks 0. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (/\p{Mn}|\p{Me}|\p{Cf}/u.test(char)) continue;
    const wide =
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6) ||
      (code >= 0x1f300 && code <= 0x1faff) ||
      (code >= 0x20000 && code <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

function inline(text: string, style: TerminalStyle): string {
  return text
    .replace(/\*\*(.+?)\*\*/g, (_m, inner: string) => bold(inner, style))
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, label: string, url: string) => (label === url ? url : `${label} (${url})`));
}

/** Splits a table row at the pipes that tableToMarkdown did not escape, and undoes its escapes. */
function cells(row: string): string[] {
  const body = row.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  return body.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\([|`])/g, '$1'));
}

function isSeparator(line: string): boolean {
  return /^\s*\|?(\s*:?-{3,}:?\s*\|)*\s*:?-{3,}:?\s*\|?\s*$/.test(line);
}

/** Cuts a cell line into pieces of at most `width` columns, at a space or comma where one is near. */
function fold(text: string, width: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (displayWidth(rest) > width) {
    let cut = 0;
    let used = 0;
    for (const char of rest) {
      const w = displayWidth(char);
      if (used + w > width) break;
      used += w;
      cut += char.length;
    }
    if (cut === 0) cut = [...rest][0]?.length ?? 1;
    const soft = Math.max(rest.lastIndexOf(' ', cut - 1), rest.lastIndexOf(',', cut - 1));
    if (soft > 0) cut = soft + 1;
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  pieces.push(rest);
  return pieces;
}

const GAP = 2;
// Below this a column is more wrapping than text: such a table is shown one record at a time.
const NARROWEST = 12;

/**
 * Narrows columns until the table fits the terminal: first the widest column that has spaces or
 * commas to wrap at (so ids and addresses stay whole), then the widest of all.
 */
function fitWidths(widths: number[], breakable: boolean[], columns: number | undefined): number[] {
  if (!columns) return widths;
  const fitted = [...widths];
  const total = () => fitted.reduce((a, b) => a + b, 0) + GAP * (fitted.length - 1);
  while (total() > columns) {
    const candidates = fitted.map((w, i) => ({ w, i })).filter(({ w }) => w > NARROWEST);
    if (candidates.length === 0) break;
    const soft = candidates.filter(({ i }) => breakable[i]);
    const pick = (soft.length ? soft : candidates).reduce((a, b) => (b.w > a.w ? b : a));
    fitted[pick.i] = Math.max(NARROWEST, pick.w - (total() - columns));
  }
  return fitted;
}

type Cell = string[];

/** One record per block, `Header  value` lines: for tables too wide for the terminal. */
function renderRecords(header: Cell[], body: Cell[][], columns: number, style: TerminalStyle): string[] {
  const names = header.map((c) => c.join(' '));
  const keyWidth = Math.max(...names.map(displayWidth));
  const valueWidth = Math.max(NARROWEST, columns - keyWidth - GAP);
  const out: string[] = [];
  body.forEach((row, index) => {
    if (index > 0) out.push('');
    names.forEach((name, i) => {
      const lines = (row[i] ?? ['']).flatMap((line) => fold(line, valueWidth));
      if (lines.every((l) => l === '')) return;
      lines.forEach((line, n) => {
        const key = n === 0 ? bold(pad(name, keyWidth), style) : ' '.repeat(keyWidth);
        out.push(`${key}${' '.repeat(GAP)}${line}`.trimEnd());
      });
    });
  });
  return out;
}

function renderTable(rows: string[][], style: TerminalStyle): string[] {
  const columns = Math.max(...rows.map((r) => r.length));
  // A cell may hold several lines (arrays, objects): tableToMarkdown writes them with <br>.
  let split: Cell[][] = rows.map((r) => Array.from({ length: columns }, (_, i) => (r[i] ?? '').split(/<br\s*\/?>/i)));
  const natural = Array.from({ length: columns }, (_, i) => Math.max(...split.map((r) => Math.max(...(r[i] ?? ['']).map(displayWidth)))));
  const breakable = Array.from({ length: columns }, (_, i) => split.slice(1).some((r) => (r[i] ?? []).some((l) => /[ ,]/.test(l))));
  const widths = fitWidths(natural, breakable, style.columns);
  const total = widths.reduce((a, b) => a + b, 0) + GAP * (columns - 1);
  if (style.columns && total > style.columns && split.length > 1) {
    return renderRecords(split[0] ?? [], split.slice(1), style.columns, style);
  }
  split = split.map((row) => row.map((cell, i) => cell.flatMap((line) => fold(line, widths[i] ?? line.length))));
  const out: string[] = [];
  split.forEach((row, index) => {
    const height = Math.max(...row.map((c) => c.length));
    for (let line = 0; line < height; line++) {
      const text = row.map((c, i) => pad(c[line] ?? '', widths[i] ?? 0)).join(' '.repeat(GAP)).trimEnd();
      out.push(index === 0 ? bold(text, style) : text);
    }
    if (index === 0) out.push(widths.map((w) => '─'.repeat(w)).join(' '.repeat(GAP)));
  });
  return out;
}

export function renderMarkdown(markdown: string, style: TerminalStyle): string {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const next = lines[i + 1];
    if (line.trimStart().startsWith('|') && next !== undefined && isSeparator(next)) {
      const rows = [cells(line)];
      i += 2;
      while (i < lines.length && (lines[i] ?? '').trimStart().startsWith('|')) rows.push(cells(lines[i++] ?? ''));
      i--;
      out.push(...renderTable(rows, style));
      continue;
    }
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      out.push(bold(inline(heading[1] ?? '', { bold: false }), style));
      continue;
    }
    // Code fences (``` on their own, or ```text``` on one line) show their content only.
    const fenced = /^```(.*?)```$/.exec(line.trim());
    if (fenced) {
      out.push(fenced[1] ?? '');
      continue;
    }
    if (/^```\w*$/.test(line.trim())) continue;
    out.push(inline(line, style));
  }
  return out.join('\n');
}

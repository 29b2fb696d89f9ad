/** tableToMarkdown exactly as SPEC.md §1.5 describes it. */
export interface TableOptions {
  headers?: readonly string[];
  removeNull?: boolean;
  metadata?: string;
  /**
   * Shows each row key under another name (Graph keys as readable headers) without a renamed
   * copy of every row; headers are then sorted by the names shown.
   */
  displayKey?: (key: string) => string;
}

type Row = Record<string, unknown>;

function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/`/g, '\\`').replace(/\r\n|\r|\n/g, '<br>');
}

function compact(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(compact).join(',\n');
  if (typeof value === 'object') {
    return Object.entries(value as Row)
      .map(([k, v]) => `${k}: ${compact(v)}`)
      .join('\n');
  }
  return String(value);
}

function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value as Row).length === 0;
  return false;
}

function byCodeUnits(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

export function tableToMarkdown(title: string, data: Row | readonly Row[], options: TableOptions = {}): string {
  let out = `### ${title}\n`;
  if (options.metadata) out += `${options.metadata}\n`;
  const rows: readonly Row[] = Array.isArray(data) ? data : [data as Row];
  if (rows.length === 0) return `${out}**No entries.**\n`;
  const shown = options.displayKey ?? ((key: string) => key);
  let headers = options.headers
    ? [...options.headers]
    : Object.keys(rows[0] ?? {}).sort((a, b) => byCodeUnits(shown(a), shown(b)));
  if (options.removeNull) headers = headers.filter((h) => rows.some((row) => !isEmptyValue(row[h])));
  if (headers.length === 0) return `${out}**No entries.**\n`;
  out += `|${headers.map((h) => escape(shown(h))).join('|')}|\n`;
  out += `|${headers.map(() => '---').join('|')}|\n`;
  for (const row of rows) out += `| ${headers.map((h) => escape(cell(row[h]))).join(' | ')} |\n`;
  return out;
}

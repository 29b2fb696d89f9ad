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

/**
 * A table built a page at a time: each page's rows are drawn at once into one string with every
 * candidate column, so the objects they came from can go. The columns removeNull drops are known
 * only once every row is in; they are then cut out of the drawn rows, which is exact because an
 * escaped cell never holds ` | ` (each pipe in it is escaped) nor a line break.
 */
export class TableBuilder {
  private headers: string[] | undefined;
  private readonly pages: string[] = [];
  private nonEmpty: boolean[] = [];
  private rowCount = 0;

  constructor(private readonly options: TableOptions = {}) {
    if (options.headers) this.setHeaders([...options.headers]);
  }

  add(data: Row | readonly Row[]): void {
    const rows: readonly Row[] = Array.isArray(data) ? data : [data as Row];
    if (rows.length === 0) return;
    const shown = this.shown;
    // Without explicit headers, the keys of the first row only (SPEC.md §1.5).
    const headers = this.headers ?? this.setHeaders(Object.keys(rows[0] ?? {}).sort((a, b) => byCodeUnits(shown(a), shown(b))));
    const lines = new Array<string>(rows.length);
    const cells = new Array<string>(headers.length);
    rows.forEach((row, r) => {
      for (let i = 0; i < headers.length; i++) {
        const value = row[headers[i] as string];
        if (!this.nonEmpty[i] && !isEmptyValue(value)) this.nonEmpty[i] = true;
        cells[i] = escape(cell(value));
      }
      lines[r] = `| ${cells.join(' | ')} |`;
    });
    // join() makes one flat string: appending would keep a tree of every small piece alive.
    this.pages.push(`${lines.join('\n')}\n`);
    this.rowCount += rows.length;
  }

  /** The table; `metadata` (under the title) may be known only once every page is in. */
  render(title: string, metadata = this.options.metadata): string {
    let out = `### ${title}\n`;
    if (metadata) out += `${metadata}\n`;
    const headers = this.headers ?? [];
    if (this.rowCount === 0) return `${out}**No entries.**\n`;
    const kept = headers.map((_, i) => i).filter((i) => !this.options.removeNull || this.nonEmpty[i]);
    if (kept.length === 0) return `${out}**No entries.**\n`;
    const shown = this.shown;
    out += `|${kept.map((i) => escape(shown(headers[i] as string))).join('|')}|\n`;
    out += `|${kept.map(() => '---').join('|')}|\n`;
    if (kept.length === headers.length) return out + this.pages.join('');
    const cut = (line: string) => {
      const cells = line.slice(2, -2).split(' | ');
      return `| ${kept.map((i) => cells[i]).join(' | ')} |\n`;
    };
    return out + this.pages.map((page) => page.slice(0, -1).split('\n').map(cut).join('')).join('');
  }

  private get shown(): (key: string) => string {
    return this.options.displayKey ?? ((key: string) => key);
  }

  private setHeaders(headers: string[]): string[] {
    this.headers = headers;
    this.nonEmpty = headers.map(() => false);
    return headers;
  }
}

export function tableToMarkdown(title: string, data: Row | readonly Row[], options: TableOptions = {}): string {
  const table = new TableBuilder(options);
  table.add(data);
  return table.render(title);
}

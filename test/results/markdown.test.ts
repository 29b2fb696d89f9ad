import { describe, expect, it } from 'vitest';
import { TableBuilder, tableToMarkdown, type TableOptions } from '../../src/results/markdown';

type Row = Record<string, unknown>;

const cases: Array<{ name: string; title: string; rows: Row | Row[]; options?: TableOptions; expected: string }> = [
  {
    name: 'one object is one row, headers sorted by code units',
    title: 'adele@contoso.com data',
    rows: { 'Display Name': 'Adele Vance', ID: '6e7b', 'Account Enabled': true, 'Business Phones': ['+1 425 555 0109'] },
    expected:
      '### adele@contoso.com data\n|Account Enabled|Business Phones|Display Name|ID|\n|---|---|---|---|\n| true | +1 425 555 0109 | Adele Vance | 6e7b |\n',
  },
  {
    name: 'headers come from the first row only; @ sorts before letters',
    title: 'T',
    rows: [{ b: 1, '@Odata.Type': 'x' }, { c: 2 }],
    expected: '### T\n|@Odata.Type|b|\n|---|---|\n| x | 1 |\n|  |  |\n',
  },
  { name: 'no rows', title: 'All Graph Users', rows: [], expected: '### All Graph Users\n**No entries.**\n' },
  {
    name: 'metadata after the title',
    title: 'T',
    rows: [],
    options: { metadata: 'To get further results, enter this to the next_page argument:\nhttps://x' },
    expected: '### T\nTo get further results, enter this to the next_page argument:\nhttps://x\n**No entries.**\n',
  },
  {
    name: 'explicit headers keep their order; missing cells are empty',
    title: 'T',
    rows: [{ A: 'a' }],
    options: { headers: ['B', 'A'] },
    expected: '### T\n|B|A|\n|---|---|\n|  | a |\n',
  },
  {
    name: 'removeNull drops headers empty in every row',
    title: 'T',
    rows: [{ a: null, b: '', c: [], d: {}, e: 0, f: false }],
    options: { removeNull: true },
    expected: '### T\n|e|f|\n|---|---|\n| 0 | false |\n',
  },
  {
    name: 'removeNull leaving no header',
    title: 'T',
    rows: [{ a: null }],
    options: { removeNull: true },
    expected: '### T\n**No entries.**\n',
  },
  {
    name: 'lists, objects, escaping',
    title: 'a | title',
    rows: [{ l: ['x', { y: 1 }, 2], o: { k: 'v', n: 1, z: null }, s: 'p|q`r\r\ns\nt\ru' }],
    expected:
      '### a | title\n|l|o|s|\n|---|---|---|\n| x,<br>{"y":1},<br>2 | k: v<br>n: 1<br>z: null | p\\|q\\`r<br>s<br>t<br>u |\n',
  },
  {
    name: 'displayKey shows Graph keys as readable headers, sorted by the names shown',
    title: 'T',
    rows: [{ mail: 'a@c', id: '1', '@odata.type': '#u', businessPhones: [] }],
    options: { removeNull: true, displayKey: (k) => ({ mail: 'Mail', id: 'ID', '@odata.type': '@Odata.Type', businessPhones: 'Business Phones' })[k] ?? k },
    expected: '### T\n|@Odata.Type|ID|Mail|\n|---|---|---|\n| #u | 1 | a@c |\n',
  },
  {
    name: 'headers are escaped too',
    title: 'T',
    rows: [{ 'a|b': 1 }],
    expected: '### T\n|a\\|b|\n|---|\n| 1 |\n',
  },
];

describe('tableToMarkdown', () => {
  it.each(cases)('$name', ({ title, rows, options, expected }) => {
    expect(tableToMarkdown(title, rows, options)).toBe(expected);
  });
});

describe('TableBuilder, a page at a time', () => {
  it('gives what one call gives, also when removeNull cuts columns out of drawn rows', () => {
    const rows = [
      { a: 'x ', b: null, c: ' y', d: 'p | q' },
      { a: '', b: '', c: 'a\\ | b', d: ['l', 'm'] },
      { a: '|lead', b: [], c: 'trail |', d: { k: 'v' } },
    ];
    const paged = new TableBuilder({ removeNull: true });
    paged.add(rows.slice(0, 1));
    paged.add([]);
    paged.add(rows.slice(1));
    const whole = tableToMarkdown('T', rows, { removeNull: true });
    expect(paged.render('T')).toBe(whole);
    expect(whole).toBe(
      '### T\n|a|c|d|\n|---|---|---|\n| x  |  y | p \\| q |\n|  | a\\ \\| b | l,<br>m |\n| \\|lead | trail \\| | k: v |\n',
    );
  });

  it('takes its metadata at the end, when the next link is known', () => {
    const table = new TableBuilder();
    table.add({ a: 1 });
    expect(table.render('T', 'more:\nhttps://x')).toBe('### T\nmore:\nhttps://x\n|a|\n|---|\n| 1 |\n');
  });
});

import { describe, expect, it } from 'vitest';
import { displayWidth, renderMarkdown } from '../../src/cli/terminal-markdown';
import { tableToMarkdown } from '../../src/results/markdown';

const plain = { bold: false };

describe('renderMarkdown for a terminal', () => {
  it('turns a table into aligned columns under a rule', () => {
    const md = tableToMarkdown('All Graph Users', [
      { id: '1', displayName: 'Adele Vance', mail: 'adele@contoso.com' },
      { id: '22', displayName: 'Alex', mail: null },
    ]);
    expect(renderMarkdown(md, plain)).toBe(
      [
        'All Graph Users',
        'displayName  id  mail',
        '───────────  ──  ─────────────────',
        'Adele Vance  1   adele@contoso.com',
        'Alex         22',
        '',
      ].join('\n'),
    );
  });

  it('undoes the table escapes and shows <br> as lines of one cell', () => {
    const md = tableToMarkdown('t', [{ a: 'x|y', b: ['one', 'two'] }]);
    expect(renderMarkdown(md, plain).split('\n')).toEqual(['t', 'a    b', '───  ────', 'x|y  one,', '     two', '']);
  });

  it('wraps the widest column to fit the terminal', () => {
    const md = tableToMarkdown('t', [{ k: 'a', v: 'alpha beta gamma delta' }]);
    const lines = renderMarkdown(md, { bold: false, columns: 15 }).split('\n');
    expect(lines.slice(1, -1)).toEqual(['k  v', '─  ────────────', 'a  alpha beta', '   gamma delta']);
    expect(Math.max(...lines.map(displayWidth))).toBeLessThanOrEqual(15);
  });

  it('shows a table too wide for the terminal one record at a time', () => {
    const md = tableToMarkdown('t', [
      { 'Display Name': 'Adele Vance', Mail: 'adele.vance@contoso.com', Department: 'Retail', 'Job Title': 'Retail Manager', Phone: '' },
      { 'Display Name': 'Alex Wilber', Mail: 'alex.wilber@contoso.com', Department: 'Marketing', 'Job Title': 'Marketing Assistant', Phone: '+1 206' },
    ]);
    expect(renderMarkdown(md, { bold: false, columns: 40 }).split('\n')).toEqual([
      't',
      'Department    Retail',
      'Display Name  Adele Vance',
      'Job Title     Retail Manager',
      'Mail          adele.vance@contoso.com',
      '',
      'Department    Marketing',
      'Display Name  Alex Wilber',
      'Job Title     Marketing Assistant',
      'Mail          alex.wilber@contoso.com',
      'Phone         +1 206',
      '',
    ]);
  });

  it('makes headings and **bold** bold, and shows link addresses', () => {
    const md = '### Authorization instructions\n1. Click on the [login URL](https://x/y) to sign in, then **Test**.';
    expect(renderMarkdown(md, { bold: true })).toBe(
      '\u001b[1mAuthorization instructions\u001b[22m\n1. Click on the login URL (https://x/y) to sign in, then \u001b[1mTest\u001b[22m.',
    );
  });

  it('shows the content of one-line code fences', () => {
    expect(renderMarkdown('```✅ Success!```', plain)).toBe('✅ Success!');
  });

  it('counts wide characters as two columns', () => {
    expect(displayWidth('日本')).toBe(4);
    expect(displayWidth('é')).toBe(1);
  });
});
